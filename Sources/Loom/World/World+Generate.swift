import LoomCore
import LoomMaps
import LoomScript
import LoomStory

/// A generated world: the map, and the facts a story can use.
public struct GeneratedWorld: Sendable {
    /// The seed it was made from.
    public var seed: Seed
    /// The map, with places and rooms as annotations.
    public var map: TileMap
    /// Named facts (the second value `generate` returned, plus `world`, `seed`, `width`,
    /// `height` and `places`). The story reads them with `fact("name")`, and every fact whose
    /// name matches a declared story variable (`$name`) sets it when play starts.
    public var facts: [String: StoryValue]

    /// The map's annotations other than corridors, in order: the places the rules know.
    public var places: [Annotation] { map.annotations.filter { $0.kind != .corridor } }
}

extension World {
    /// Runs the world's `generate(ctx)` for `seed` (default: the world's seed) at `size`
    /// (default: the declared size). A pure function of the seed, size and files, safe to call
    /// from any task: each call runs `world.lua` in a Lua VM of its own.
    ///
    /// `ctx` holds `seed` (an integer), `rng` (a `Random` from the seed), `width`, `height`,
    /// `name` and `params` (each declared parameter: its value in `parameters`, else its
    /// default); `generate` returns the map and, optionally, a table of facts.
    /// - Throws: `LoomError` located in `world.lua` when the script fails or returns no map.
    public func generate(
        seed: Seed? = nil, size: Size? = nil, parameters: [String: Double] = [:]
    ) throws
        -> GeneratedWorld
    {
        let seed = seed ?? definition.seed
        let width = size?.width ?? definition.width, height = size?.height ?? definition.height
        // A VM of this call's own: generations on any task never share Lua state.
        let script = try WorldScript.run(self)
        guard let function = script.generate else {
            throw LoomError(.world, "world.lua has no generate function", at: WorldDefinition.location)
        }
        var params: [String: LuaValue] = [:]
        for parameter in definition.parameters {
            params[parameter.name] = .number(parameters[parameter.name] ?? parameter.defaultValue)
        }
        let context: LuaValue = .dictionary([
            "params": .dictionary(params),
            "seed": .integer(Int(bitPattern: UInt(seed.rawValue))), "rng": .object(LuaRandom(seed: seed)),
            "width": .integer(width), "height": .integer(height), "name": .string(definition.name),
        ])
        // `math.random` is the VM's generator: reseed it so every run of `generate` is the same.
        script.vm.random = seed.derive("math.random").makeRandom()
        let results = try WorldScript.located { try function.call([context]) }
        guard let handle = results.first?.object(as: LuaTileMap.self) else {
            throw LoomError(
                .world, "generate(ctx) must return a TileMap (then, optionally, a table of facts)",
                at: WorldDefinition.location)
        }
        var facts: [String: StoryValue] = [
            "world": .string(definition.name), "seed": .string(String(seed.rawValue)),
            "width": .number(Double(handle.width)), "height": .number(Double(handle.height)),
            "places": .number(Double(handle.annotations.filter { $0.kind != .corridor }.count)),
        ]
        if results.count > 1, let table = results[1].tableValue {
            for (key, value) in table.fields {
                if let name = key.stringValue, let fact = WorldFunctions.storyValue(value) { facts[name] = fact }
            }
        }
        return GeneratedWorld(seed: seed, map: handle.tileMap, facts: facts)
    }
}
