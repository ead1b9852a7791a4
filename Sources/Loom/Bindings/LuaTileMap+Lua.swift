import LoomCore
import LoomMaps
import LoomScript

extension LuaCall {
    /// Argument `index` as an optional layer name.
    func layerName(_ index: Int) throws -> String? { isNil(index) ? nil : try string(index) }
}

extension LuaTileMap {
    /// The Lua type `TileMap`: cell access, whole-layer operations and annotations.
    static func luaType() -> LuaType<LuaTileMap> {
        var type = LuaType<LuaTileMap>("TileMap")
        type.description = { "TileMap(\($0.width)x\($0.height))" }
        type.getter = { map, key, call in
            switch key.stringValue {
            case "width": call.push(map.width)
            case "height": call.push(map.height)
            default: call.pushNil()
            }
        }
        type.methods["size"] = { map, call in
            call.push(map.width)
            call.push(map.height)
        }
        type.methods["get"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let layer = try map.tileLayerIndex(try call.layerName(4))
            guard map.contains(x, y) else { return call.pushNil() }
            call.push(Int(map.tileLayers[layer].tiles[x, y]))
        }
        type.methods["name"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let layer = try map.tileLayerIndex(try call.layerName(4))
            guard map.contains(x, y) else { return call.pushNil() }
            try call.push(.string(map.tileset.tile(id: map.tileLayers[layer].tiles[x, y])?.name ?? "?"))
        }
        type.methods["set"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let tile = try map.tileID(try call.value(4))
            let layer = try map.tileLayerIndex(try call.layerName(5), create: true)
            guard map.contains(x, y) else { throw LuaError(.runtime, "cell (\(x), \(y)) is outside the map") }
            map.tileLayers[layer].tiles[x, y] = tile
            map.touch()
        }
        type.methods["fill"] = { map, call in
            let tile = try map.tileID(try call.value(2))
            let layer = try map.tileLayerIndex(try call.layerName(3), create: true)
            map.tileLayers[layer].tiles.fill(tile)
            map.touch()
        }
        type.methods["fill_rect"] = { map, call in
            let x0 = try call.integer(2), y0 = try call.integer(3), w = try call.integer(4), h = try call.integer(5)
            let tile = try map.tileID(try call.value(6))
            let layer = try map.tileLayerIndex(try call.layerName(7), create: true)
            for y in max(0, y0)..<min(map.height, y0 + max(0, h)) {
                for x in max(0, x0)..<max(max(0, x0), min(map.width, x0 + max(0, w))) {
                    map.tileLayers[layer].tiles[x, y] = tile
                }
            }
            map.touch()
        }
        type.methods["value"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let layer = try map.floatLayerIndex(try call.string(4))
            guard map.contains(x, y) else { return call.pushNil() }
            call.push(Double(map.floatLayers[layer].values[x, y]))
        }
        type.methods["set_value"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let layer = try map.floatLayerIndex(try call.string(4), create: true)
            let value = try call.number(5)
            guard map.contains(x, y) else { throw LuaError(.runtime, "cell (\(x), \(y)) is outside the map") }
            map.floatLayers[layer].values[x, y] = Float(value)
            map.touch()
        }
        type.methods["layers"] = { map, call in
            try call.push(.array(map.tileLayers.map { .string($0.name) }))
            try call.push(.array(map.floatLayers.map { .string($0.name) }))
        }
        type.methods["add_layer"] = { map, call in
            let name = try call.string(2)
            let layer = try map.tileLayerIndex(name, create: true)
            if !call.isNil(3) { map.tileLayers[layer].tiles.fill(try map.tileID(try call.value(3))) }
            map.touch()
        }
        type.methods["add_float_layer"] = { map, call in
            let layer = try map.floatLayerIndex(try call.string(2), create: true)
            map.floatLayers[layer].values.fill(Float(try call.number(3, default: 0)))
            map.touch()
        }
        // map:remove_layer(name): drops a tile or float layer (a scratch layer, say).
        type.methods["remove_layer"] = { map, call in
            let name = try call.string(2)
            map.tileLayers.removeAll { $0.name == name }
            map.floatLayers.removeAll { $0.name == name }
            map.touch()
        }
        type.methods["walkable"] = { map, call in
            let x = try call.integer(2), y = try call.integer(3)
            let layer = try map.tileLayerIndex(try call.layerName(4))
            guard map.contains(x, y) else { return call.push(false) }
            call.push(map.tileset.tile(id: map.tileLayers[layer].tiles[x, y])?.isWalkable ?? false)
        }
        type.methods["tile"] = { map, call in
            let id = try map.tileID(try call.value(2))
            guard let tile = map.tileset.tile(id: id) else { return call.pushNil() }
            try call.push(LuaTileMap.describe(tile))
        }
        type.methods["count"] = { map, call in
            let tile = try map.tileID(try call.value(2))
            let layer = try map.tileLayerIndex(try call.layerName(3))
            var count = 0
            for cell in map.tileLayers[layer].tiles.cells where cell == tile { count += 1 }
            call.push(count)
        }
        type.methods["ascii"] = { map, call in
            try call.push(.string(map.tileMap.ascii(layer: try call.layerName(2))))
        }
        type.methods["hash"] = { map, call in
            try call.push(.string(String(map.tileMap.stableHash, radix: 16)))
        }
        type.methods["copy"] = { map, call in
            try call.push(.object(LuaTileMap(map.tileMap)))
        }
        addBulkMethods(to: &type)
        addAnalysisMethods(to: &type)
        addAnnotationMethods(to: &type)
        return type
    }

    static func describe(_ tile: Tile) -> LuaValue {
        var fields: [String: LuaValue] = [
            "id": .integer(Int(tile.id)), "name": .string(tile.name), "colour": .string(tile.color.hex),
            "glyph": .string(String(tile.glyph)), "walkable": .boolean(tile.isWalkable),
            "water": .boolean(tile.isWater),
        ]
        var properties: [String: LuaValue] = [:]
        for (key, value) in tile.properties { properties[key] = LuaTileMap.luaValue(value) }
        fields["properties"] = .dictionary(properties)
        return .dictionary(fields)
    }

    static func luaValue(_ value: PropertyValue) -> LuaValue {
        switch value {
        case .bool(let value): .boolean(value)
        case .int(let value): .integer(value)
        case .double(let value): .number(value)
        case .string(let value): .string(value)
        }
    }

    static func propertyValue(_ value: LuaValue) -> PropertyValue? {
        switch value {
        case .boolean(let value): .bool(value)
        case .integer(let value): .int(value)
        case .number(let value): .double(value)
        case .string(let value): .string(value)
        default: nil
        }
    }
}
