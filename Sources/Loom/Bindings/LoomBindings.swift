import LoomCore
import LoomMaps
import LoomNoise
import LoomScript

/// Installs the `loom` Lua module into a `LuaVM`: seeded random sources, noise, tile maps,
/// the map generators, the tileset and analysis. The story half is installed by ``World``.
///
/// ```lua
/// local rng = loom.seed(7)
/// local map = loom.map(64, 48)
/// map:fill_noise("height", loom.noise{frequency = 0.05, seed = rng:int(0, 1e9)})
/// map:classify("ground", {{tile = "deep-water", height = {max = 0}}, {tile = "grassland"}})
/// ```
public enum LoomBindings {
    /// Registers the userdata types and the `loom` module; `tileset` names tiles for maps
    /// made with `loom.map` and the generators. Default: `Tileset.standard`.
    public static func install(into vm: LuaVM, tileset: Tileset = .standard) throws {
        try install(into: vm) { tileset }
    }

    /// Installs the module with the tileset read when a map is made, so a world can declare
    /// its tileset in the script that uses the module.
    static func install(into vm: LuaVM, tileset: @escaping () -> Tileset) throws {
        guard let apply = try vm.call(try vm.load(LuaTileMap.applySource, name: "=loom.apply")).first?.functionValue
        else { throw LuaError(.runtime, "the apply helper did not load") }
        var mapType = LuaTileMap.luaType()
        // map:apply([layer,] function(x, y, tile) return new_tile_or_nil end)
        mapType.methods["apply"] = { map, call in
            let layer: LuaValue = call.argumentCount >= 3 ? try call.value(2) : .nil
            let rule = try call.function(call.argumentCount >= 3 ? 3 : 2)
            try call.vm.call(apply, [.object(map), .boolean(false), layer, .function(rule)])
        }
        // map:apply_values(layer, function(x, y, value) return new_value_or_nil end)
        mapType.methods["apply_values"] = { map, call in
            let layer = try call.string(2)
            _ = try map.floatLayerIndex(layer)
            try call.vm.call(apply, [.object(map), .boolean(true), .string(layer), .function(try call.function(3))])
        }
        LuaTileMap.meter(&mapType)
        try vm.register(type: mapType)
        try vm.register(type: LuaRandom.luaType())
        try vm.register(type: LuaNoise.luaType())
        try vm.register(type: LuaNameModel.luaType())
        try vm.register(type: LuaGrammar.luaType())
        try vm.register(module: "loom", functions: functions(tileset: tileset))
    }

    static func functions(tileset currentTileset: @escaping () -> Tileset) -> [String: LuaFunctionBody] {
        var functions: [String: LuaFunctionBody] = [
            // loom.seed(n | "text" | rng [, label]) → Random
            "seed": { call in
                var seed = try LuaRandom.seed(from: try call.value(1))
                if !call.isNil(2) { seed = seed.derive(try call.string(2)) }
                try call.push(.object(LuaRandom(seed: seed)))
            },
            // loom.noise{...NoiseGenerator fields...} → Noise
            "noise": { call in
                var table = call.isNil(1) ? LuaTable() : try call.table(1)
                if let seed = table.fields[.string("seed")], seed.object(as: LuaRandom.self) != nil {
                    // A Random's seed, as the integer of the same bits.
                    table.fields[.string("seed")] = .integer(
                        Int(bitPattern: UInt(try LuaRandom.seed(from: seed).rawValue)))
                }
                let generator = try LuaValue.table(table).decode(
                    NoiseGenerator.self, what: "noise", defaults: NoiseGenerator())
                try call.push(.object(LuaNoise(generator)))
            },
            // loom.map(width, height [, fill_tile [, layer]]) → TileMap
            "map": { call in
                let width = try call.integer(1), height = try call.integer(2)
                guard (1...8192).contains(width), (1...8192).contains(height) else {
                    throw LuaError(.runtime, "a map is 1 to 8192 cells wide and high, not \(width)x\(height)")
                }
                try call.charge(width * height * LuaTileMap.instructionsPerCell)
                try call.reserveMemory(width * height * 2 + 256, for: "a TileMap")
                let map = LuaTileMap(width: width, height: height, tileset: currentTileset())
                let layer = try map.tileLayerIndex(try call.layerName(4) ?? "ground", create: true)
                if !call.isNil(3) { map.tileLayers[layer].tiles.fill(try map.tileID(try call.value(3))) }
                try call.push(.object(map))
            },
            "names": { call in try LuaNameModel.make(&call) },
            "grammar": { call in try LuaGrammar.make(&call) },
            // loom.tile(name | id) → {id=, name=, colour=, walkable=, water=, properties=} or nil
            "tile": { call in
                let tileset = currentTileset()
                let map = LuaTileMap(width: 1, height: 1, tileset: tileset)
                let value = try call.value(1)
                if let name = value.stringValue, tileset.tile(named: name) == nil { return call.pushNil() }
                guard let tile = tileset.tile(id: try map.tileID(value)) else { return call.pushNil() }
                try call.push(LuaTileMap.describe(tile))
            },
            // loom.tiles() → every tile, by id.
            "tiles": { call in
                try call.push(.array(currentTileset().tiles.sorted { $0.id < $1.id }.map(LuaTileMap.describe)))
            },
        ]
        // loom.caves{…}, loom.dungeon{…}, loom.maze{…}, loom.terrain{…}: every generator of the registry.
        for type in MapGenerators.all { functions[type.name] = generator(type, currentTileset) }
        return functions
    }

    /// `loom.<kind>(parameters, seed)`: a generator's parameter struct decoded from a table,
    /// then generated (`generate(seed:)` validates).
    static func generator<Parameters: MapGenerator>(
        _ type: Parameters.Type, _ currentTileset: @escaping () -> Tileset
    ) -> LuaFunctionBody {
        let name = Parameters.name
        return { call in
            let table = call.isNil(1) ? LuaValue.nil : try call.value(1)
            // Generators do far more per cell than a fill: terrain most of all.
            try LuaTileMap.chargeGenerator(call, parameters: table, perCell: Parameters.instructionsPerCell)
            let parameters = try table.decode(Parameters.self, what: name)
            let seed = try LuaRandom.seed(from: try call.value(2))
            let made: TileMap
            do {
                made = try parameters.generate(seed: seed)
            } catch let error as LoomError {
                throw LuaError(.runtime, "\(name): \(error.message)")
            }
            let map = LuaTileMap(made)
            let tileset = currentTileset()
            // Generators name tiles of the standard set; a world's own set extends it.
            if tileset != map.tileset, map.tileset.tiles.allSatisfy({ tileset.tile(id: $0.id)?.name == $0.name }) {
                map.tileset = tileset
            }
            try call.push(.object(map))
        }
    }
}
