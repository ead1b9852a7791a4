import LoomCore
import LoomNoise
import LoomScript

/// A seeded random source for Lua (`loom.seed(7)`): the seed it came from, and a
/// `Xoshiro256StarStar` that only this object advances.
public final class LuaRandom {
    /// The seed the source started from; `derive` works from it, not from the current state.
    public let seed: Seed
    var random: Xoshiro256StarStar

    /// A source starting at `seed`.
    public init(seed: Seed) {
        self.seed = seed
        self.random = seed.makeRandom()
    }

    static func luaType() -> LuaType<LuaRandom> {
        var type = LuaType<LuaRandom>("Random")
        type.description = { "Random(\($0.seed))" }
        // rng:int(a, b): a whole number in [a, b].
        type.methods["int"] = { source, call in
            let low = try call.integer(2), high = try call.integer(3)
            guard low <= high else { throw LuaError(.runtime, "rng:int(\(low), \(high)): the range is empty") }
            call.push(source.random.nextInt(in: low...high))
        }
        // rng:float([a, b]): a number in [0, 1) or [a, b).
        type.methods["float"] = { source, call in
            let value = source.random.nextDouble()
            if call.isNil(2) { return call.push(value) }
            let low = try call.number(2), high = try call.number(3)
            call.push(low + (high - low) * value)
        }
        // rng:chance(p): true with probability p.
        type.methods["chance"] = { source, call in
            call.push(source.random.nextBool(probability: try call.number(2)))
        }
        // rng:pick(list): one element of a non-empty array.
        type.methods["pick"] = { source, call in
            let list = try call.table(2).array
            guard !list.isEmpty else { throw LuaError(.runtime, "rng:pick: the list is empty") }
            try call.push(list[source.random.nextInt(below: list.count)])
        }
        // rng:shuffle(list) → a shuffled copy.
        type.methods["shuffle"] = { source, call in
            var list = try call.table(2).array
            source.random.shuffle(&list)
            try call.push(.array(list))
        }
        // rng:derive(label) or rng:derive(x, y): an independent source from this one's seed.
        type.methods["derive"] = { source, call in
            try call.push(.object(LuaRandom(seed: try LuaRandom.derive(source.seed, &call, from: 2))))
        }
        // rng:seed() → the seed as an integer.
        type.methods["seed"] = { source, call in call.push(Int(bitPattern: UInt(source.seed.rawValue))) }
        return type
    }

    static func derive(_ seed: Seed, _ call: inout LuaCall, from index: Int) throws -> Seed {
        if call.argumentCount >= index + 1, !call.isNil(index + 1) {
            return seed.derive(try call.integer(index), try call.integer(index + 1))
        }
        return seed.derive(try call.string(index))
    }

    /// A seed for one draw of a generator (a grammar expansion, a name): a `Random` gives its next
    /// number and advances, so successive calls with one `Random` differ; any other value is
    /// read as ``seed(from:)`` reads it.
    static func drawSeed(from value: LuaValue) throws -> Seed {
        if let source = value.object(as: LuaRandom.self) { return Seed(source.random.next()) }
        return try seed(from: value)
    }

    /// A seed from a Lua value: an integer, a string read as `Seed(parsing:)` (`"0x2a"`, `"isles"`)
    /// or a `Random` (its seed).
    static func seed(from value: LuaValue) throws -> Seed {
        if let object = value.object(as: LuaRandom.self) { return object.seed }
        if let number = value.intValue { return Seed(number) }
        if let text = value.stringValue { return Seed(parsing: text) }
        throw LuaError(.runtime, "expected a seed (an integer, a string or a Random), got \(value)")
    }
}

/// A noise generator for Lua (`loom.noise{frequency = 0.02, fractalType = "fbm"}`).
public final class LuaNoise {
    /// The generator's settings.
    public let generator: NoiseGenerator

    /// Wraps `generator`.
    public init(_ generator: NoiseGenerator) { self.generator = generator }

    static func luaType() -> LuaType<LuaNoise> {
        var type = LuaType<LuaNoise>("Noise")
        type.methods["sample"] = { noise, call in
            let x = try call.number(2), y = try call.number(3)
            if call.isNil(4) {
                call.push(noise.generator.sample(x: x, y: y))
            } else {
                call.push(noise.generator.sample(x: x, y: y, z: try call.number(4)))
            }
        }
        return type
    }
}
