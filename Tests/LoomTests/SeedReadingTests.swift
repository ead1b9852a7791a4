import Foundation
import Loom
import Testing

/// A seed is read one way everywhere (`Seed(parsing:)`): in Lua's `loom.seed`, in a noise
/// table or a noise settings file, in a generator call's seed argument and on the command line.
@Suite struct SeedReadingTests {
    func run(_ source: String) throws -> [LuaValue] {
        let vm = try LuaVM()
        try LoomBindings.install(into: vm)
        return try vm.run(source)
    }

    func bits(_ seed: Seed) -> LuaValue { .integer(Int(bitPattern: UInt(seed.rawValue))) }

    @Test func luaSeedsAreReadAsTyped() throws {
        let results = try run(
            """
            return loom.seed(42):seed(), loom.seed("42"):seed(), loom.seed("0x2a"):seed(),
                loom.seed("-5"):seed(), loom.seed("isles"):seed()
            """)
        #expect(results == [bits(Seed(42)), bits(Seed(42)), bits(Seed(42)), bits(Seed(-5)), bits(Seed(text: "isles"))])
    }

    @Test func noiseTablesTakeEverySeedForm() throws {
        let results = try run(
            """
            local a = loom.noise { seed = 42, frequency = 0.1 }
            local b = loom.noise { seed = "0x2a", frequency = 0.1 }
            local c = loom.noise { seed = loom.seed(42), frequency = 0.1 }
            local d = loom.noise { seed = "isles", frequency = 0.1 }
            return a:sample(3, 4), b:sample(3, 4), c:sample(3, 4), d:sample(3, 4)
            """)
        var noise = NoiseGenerator()
        noise.frequency = 0.1
        noise.seed = Seed(42)
        let expected = LuaValue.number(Double(noise.sample(x: 3, y: 4)))
        #expect(Array(results.prefix(3)) == [expected, expected, expected])
        noise.seed = Seed(text: "isles")
        #expect(results[3] == .number(Double(noise.sample(x: 3, y: 4))))
    }

    @Test func generatorSeedArgumentsAreReadAsTyped() throws {
        let results = try run(
            """
            local p = { width = 30, height = 20 }
            return loom.caves(p, 42):hash(), loom.caves(p, "0x2a"):hash(), loom.caves(p, loom.seed(42)):hash()
            """)
        #expect(results[0] == results[1] && results[1] == results[2])
    }

    @Test func noiseSettingsFilesReadSeedsAsTyped() throws {
        let decoded = try ["42", "\"42\"", "\"0x2a\"", "\"-0x2A\"", "\"isles\""].map {
            try NoiseGenerator(json: Data("{\"seed\": \($0)}".utf8)).seed
        }
        #expect(decoded == [Seed(42), Seed(42), Seed(42), Seed(-42), Seed(text: "isles")])
        let error = #expect(throws: LoomError.self) { try NoiseGenerator(json: Data("{\"seed\": [1]}".utf8)) }
        #expect(error?.message.contains("expected an integer or a string for 'seed'") == true)
    }
}
