import LoomCore
import LoomMaps
import LoomNoise
import LoomScript

extension LuaTileMap {
    /// Whole-layer operations: each runs one Swift loop over the map.
    static func addBulkMethods(to type: inout LuaType<LuaTileMap>) {
        // map:fill_noise(layer, noise [, {scale=1, offset=0, step=1, x=0, y=0}])
        type.methods["fill_noise"] = { map, call in
            let layer = try map.floatLayerIndex(try call.string(2), create: true)
            let noise = try call.object(3, as: LuaNoise.self)
            let options = call.isNil(4) ? LuaTable() : try call.table(4)
            try options.checkKeys(["scale", "offset", "step", "x", "y"], what: "fill_noise")
            let scale = Float(options[.string("scale")].doubleValue ?? 1)
            let offset = Float(options[.string("offset")].doubleValue ?? 0)
            let step = options[.string("step")].doubleValue ?? 1
            let origin = SIMD2(options[.string("x")].doubleValue ?? 0, options[.string("y")].doubleValue ?? 0)
            var grid = Grid(width: map.width, height: map.height, repeating: Float(0))
            grid.fill(noise: noise.generator, origin: origin, step: step, scale: scale, offset: offset)
            map.floatLayers[layer].values = grid
            map.touch()
        }
        // map:radial(layer): 0 at the centre, 1 at the middle of each edge (elliptical).
        type.methods["radial"] = { map, call in
            let layer = try map.floatLayerIndex(try call.string(2), create: true)
            map.floatLayers[layer].values = .radial(width: map.width, height: map.height)
            map.touch()
        }
        // map:combine(target, a, b, op [, weight]): target = a op b·weight; op: add, sub, mul, min, max.
        type.methods["combine"] = { map, call in
            let a = map.floatLayers[try map.floatLayerIndex(try call.string(3))].values
            let b = map.floatLayers[try map.floatLayerIndex(try call.string(4))].values
            let op = try call.string(5)
            let weight = Float(try call.number(6, default: 1))
            let target = try map.floatLayerIndex(try call.string(2), create: true)
            guard let operation = LayerCombination(rawValue: op) else {
                throw LuaError(.runtime, "unknown operation '\(op)'; expected add, sub, mul, min or max")
            }
            map.floatLayers[target].values = a.combined(with: b, operation, weight: weight)
            map.touch()
        }
        // map:normalize(layer [, low=0, high=1]): rescales the layer's values into [low, high].
        type.methods["normalize"] = { map, call in
            let layer = try map.floatLayerIndex(try call.string(2))
            let low = Float(try call.number(3, default: 0)), high = Float(try call.number(4, default: 1))
            map.floatLayers[layer].values.normalize(low: low, high: high)
            map.touch()
        }
        // map:classify(layer, rules): the first matching rule's tile, per cell; unmatched cells keep theirs.
        type.methods["classify"] = { map, call in
            let layer = try map.tileLayerIndex(try call.layerName(2), create: true)
            let rules = try call.table(3).array
            var compiled: [(tile: UInt16, condition: CellCondition)] = []
            for (index, rule) in rules.enumerated() {
                guard let table = rule.tableValue else {
                    throw LuaError(.runtime, "classify rule \(index + 1) must be a table")
                }
                compiled.append(
                    (try map.tileID(table[.string("tile")]), try CellCondition(table, map: map, tileLayer: layer)))
            }
            let count = map.width * map.height
            var tiles = map.tileLayers[layer].tiles
            for i in 0..<count {
                for rule in compiled where rule.condition.matches(i) {
                    tiles.cells[i] = rule.tile
                    break
                }
            }
            map.tileLayers[layer].tiles = tiles
            map.touch()
        }
        // map:fill_where(layer, tile, conditions) → the number of cells set.
        type.methods["fill_where"] = { map, call in
            let layer = try map.tileLayerIndex(try call.layerName(2), create: true)
            let tile = try map.tileID(try call.value(3))
            let condition = try CellCondition(try call.table(4), map: map, tileLayer: layer)
            var tiles = map.tileLayers[layer].tiles
            var changed = 0
            for i in 0..<(map.width * map.height) where condition.matches(i) {
                tiles.cells[i] = tile
                changed += 1
            }
            map.tileLayers[layer].tiles = tiles
            map.touch()
            call.push(changed)
        }
        // map:hydrology(heights, sea_level, out): flow accumulation (cells draining through each cell).
        type.methods["hydrology"] = { map, call in
            let heights = map.floatLayers[try map.floatLayerIndex(try call.string(2))].values
            let seaLevel = Float(try call.number(3))
            let target = try map.floatLayerIndex(try call.string(4), create: true)
            map.floatLayers[target].values = Hydrology(heights: heights, seaLevel: seaLevel).accumulation
            map.touch()
        }
        // map:transform(layer, mul [, add]): every value v becomes v·mul + add.
        type.methods["transform"] = { map, call in
            let layer = try map.floatLayerIndex(try call.string(2))
            let mul = Float(try call.number(3)), add = Float(try call.number(4, default: 0))
            map.floatLayers[layer].values.transform(multiplying: mul, adding: add)
            map.touch()
        }
        // map:argmax(layer [, conditions [, tile_layer]]) → x, y, value of the highest cell that
        // passes (ties: the first in row order), or nil.
        type.methods["argmax"] = { map, call in
            let values = map.floatLayers[try map.floatLayerIndex(try call.string(2))].values
            let tileLayer = try map.tileLayerIndex(try call.layerName(4))
            let condition = try CellCondition(
                call.isNil(3) ? LuaTable() : try call.table(3), map: map, tileLayer: tileLayer)
            guard let best = values.argmax(where: condition.matches) else { return call.pushNil() }
            call.push(best % map.width)
            call.push(best / map.width)
            call.push(Double(values.cells[best]))
        }
        // map:neighbourhood(out, radius, conditions [, tile_layer]): float layer `out` counts the
        // cells within `radius` (a square window, clipped at the edges) that pass.
        type.methods["neighbourhood"] = { map, call in
            let radius = try call.integer(3)
            guard (0...256).contains(radius) else { throw LuaError(.runtime, "radius \(radius) is outside 0...256") }
            let tileLayer = try map.tileLayerIndex(try call.layerName(5))
            let condition = try CellCondition(try call.table(4), map: map, tileLayer: tileLayer)
            let target = try map.floatLayerIndex(try call.string(2), create: true)
            map.floatLayers[target].values = .windowCounts(
                width: map.width, height: map.height, radius: radius, where: condition.matches)
            map.touch()
        }
        type.methods["_read"] = { map, call in
            if call.boolean(2) {
                let values = map.floatLayers[try map.floatLayerIndex(try call.string(3))].values.cells
                try call.push(.array(values.map { .number(Double($0)) }))
            } else {
                let tiles = map.tileLayers[try map.tileLayerIndex(try call.layerName(3))].tiles.cells
                try call.push(.array(tiles.map { .integer(Int($0)) }))
            }
            call.push(map.width)
            call.push(map.height)
        }
        type.methods["_write"] = { map, call in
            let isFloat = call.boolean(2)
            let values = try call.table(4).array
            guard values.count == map.width * map.height else {
                throw LuaError(.runtime, "a layer of \(values.count) cells on a \(map.width)x\(map.height) map")
            }
            if isFloat {
                let layer = try map.floatLayerIndex(try call.string(3), create: true)
                map.floatLayers[layer].values.withUnsafeMutableBufferPointer { cells in
                    for i in cells.indices { cells[i] = Float(values[i].doubleValue ?? 0) }
                }
            } else {
                let layer = try map.tileLayerIndex(try call.layerName(3), create: true)
                var names: [String: UInt16] = [:]
                var tiles = map.tileLayers[layer].tiles
                for i in values.indices {
                    if let id = values[i].intValue, let tile = UInt16(exactly: id) {
                        tiles.cells[i] = tile
                    } else if let name = values[i].stringValue {
                        if let known = names[name] {
                            tiles.cells[i] = known
                        } else {
                            let id = try map.tileID(values[i])
                            names[name] = id
                            tiles.cells[i] = id
                        }
                    } else {
                        throw LuaError(.runtime, "cell \(i + 1) holds \(values[i]), not a tile id or name")
                    }
                }
                map.tileLayers[layer].tiles = tiles
            }
            map.touch()
        }
    }

    /// Lua half of `map:apply` and `map:apply_values`: the layer travels into Lua once as a
    /// table, the rule runs in a tight Lua loop, and only cells whose value changes cross back
    /// into Swift (one `set` each).
    static let applySource = """
        local function apply(map, is_float, layer, rule)
          local cells, w, h = map:_read(is_float, layer)
          local set = is_float and map.set_value or map.set
          local i = 1
          for y = 0, h - 1 do
            for x = 0, w - 1 do
              local old = cells[i]
              local result = rule(x, y, old)
              if result ~= nil and result ~= old then
                if is_float then set(map, x, y, layer, result) else set(map, x, y, result, layer) end
              end
              i = i + 1
            end
          end
        end
        return apply
        """
}
