import Foundation
import Loom
import Testing

/// Every table a world passes to a `loom` binding is checked against the parameters' keys: a
/// misspelled key is an error located at the script's line, listing the keys there are, in the
/// wording of the command line's `--set`.
@Suite struct BindingKeysTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var family: String
        var lua: String
        var message: String
        var testDescription: String { family }
    }

    static let cases: [Case] = [
        Case(
            family: "caves", lua: "loom.caves({ fill = 0.47 }, 1)",
            message:
                "bad caves parameters: unknown parameter 'fill'; expected one of: connection, fillProbability, height, "
                + "iterations, minimumRegionSize, rule, width"),
        Case(
            family: "dungeon", lua: "loom.dungeon({ minRoomSize = 4 }, 1)",
            message: "bad dungeon parameters: unknown parameter 'minRoomSize'; expected one of: "),
        Case(
            family: "terrain", lua: "loom.terrain({ seaLevl = 0.1 }, 1)",
            message: "bad terrain parameters: unknown parameter 'seaLevl'; expected one of: "),
        Case(
            family: "terrain (nested)", lua: "loom.terrain({ erosion = { dropps = 5 } }, 1)",
            message: "bad terrain parameters: unknown parameter 'erosion.dropps'; expected one of: "),
        Case(
            family: "maze", lua: "loom.maze({ widht = 9 }, 1)",
            message: "bad maze parameters: unknown parameter 'widht'; expected one of: "),
        Case(
            family: "noise", lua: "loom.noise({ frequncy = 0.1 })",
            message: "bad noise parameters: unknown parameter 'frequncy'; expected one of: "),
        Case(
            family: "names", lua: "loom.names({ 'Ada', 'Bea', 'Cora' }, { orde = 2 })",
            message: "names: unknown parameter 'orde'; expected one of: allow_listed, max, min, order, temperature"),
        Case(
            family: "fill_noise", lua: "loom.map(4, 4):fill_noise('h', loom.noise {}, { scael = 2 })",
            message: "fill_noise: unknown parameter 'scael'; expected one of: offset, scale, step, x, y"),
        Case(
            family: "regions", lua: "loom.map(4, 4, 'floor'):regions('ground', { int = 'r' })",
            message: "regions: unknown parameter 'int'; expected one of: into, tiles"),
        Case(
            family: "conditions",
            lua:
                "local m = loom.map(4, 4); m:fill_noise('h', loom.noise {}); m:fill_where('ground', 'floor', { h = { mni = 0 } })",
            message: "condition 'h': unknown parameter 'mni'; expected one of: max, min"),
    ]

    @Test(arguments: cases)
    func unknownKeysAreLocatedErrors(_ test: Case) throws {
        let vm = try LuaVM()
        try LoomBindings.install(into: vm)
        do {
            _ = try vm.run("\n\n" + test.lua, name: "world.lua")
            Issue.record("expected an error for \(test.lua)")
        } catch let error as LuaError {
            #expect(error.message.hasPrefix("world.lua:3: " + test.message), "\(error.message)")
        }
    }

    @Test func knownKeysStillWork() throws {
        let vm = try LuaVM()
        try LoomBindings.install(into: vm)
        let results = try vm.run(
            """
            local caves = loom.caves({ width = 20, height = 10, fillProbability = 0.4, rule = "B5678/S45678" }, 1)
            local dungeon = loom.dungeon({ width = 40, height = 30, minimumRoomSize = 4 }, 2)
            local noise = loom.noise { seed = loom.seed(3), frequency = 0.1 }
            local names = loom.names({ 'Ada', 'Bea', 'Cora', 'Dana' }, { order = 2, min = 2 })
            return caves.width, dungeon.height
            """)
        #expect(results == [.integer(20), .integer(30)])
    }
}
