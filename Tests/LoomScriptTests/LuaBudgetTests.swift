import LoomCore
import Testing

@testable import LoomScript

/// Instruction budgets, memory limits and require.
@Suite struct LuaBudgetTests {
    @Test func eachCallFromTheHostGetsAFreshBudget() throws {
        var options = LuaOptions()
        options.instructionBudget = 2_000_000
        let vm = try LuaVM(options: options)
        try vm.run("function work() local x = 0 for i = 1, 200000 do x = x + i end return x end")
        for _ in 0..<5 { #expect(try vm.call("work") == [.integer(20_000_100_000)]) }
        vm.instructionBudget = 100_000
        let error = try #require(throws: LuaError.self) { try vm.call("work") }
        #expect(error.kind == .budget)
        #expect(error.message.contains("instruction budget of 100000 instructions exhausted"))
        vm.instructionBudget = 0
        #expect(try vm.call("work") == [.integer(20_000_100_000)])
    }

    @Test func callsFromSwiftFunctionsShareTheOuterBudget() throws {
        var options = LuaOptions()
        options.instructionBudget = 1_000_000
        let vm = try LuaVM(options: options)
        try vm.run("function spin() while true do end end")
        try vm.register(function: "callSpin") { call in
            // Swallowing the error here does not help: the next tick raises it again.
            _ = try? call.vm.call("spin")
        }
        let error = try #require(throws: LuaError.self) { try vm.run("callSpin() while true do end") }
        #expect(error.kind == .budget)
    }

    @Test func theMemoryLimitCanBeRaisedAfterAMemoryError() throws {
        var options = LuaOptions()
        options.memoryLimit = 4 << 20
        let vm = try LuaVM(options: options)
        let script = "local t = {} for i = 1, 300000 do t[i] = i end return #t"
        let error = try #require(throws: LuaError.self) { try vm.run(script) }
        #expect(error.kind == .memory)
        vm.memoryLimit = 64 << 20
        #expect(try vm.run(script) == [300_000])
        #expect(vm.peakMemoryUsed > 4 << 20)
    }

    @Test func deepRecursionIsAStackOverflowUnderTheDefaultLimits() throws {
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) {
            try vm.run("local function f(n) return 1 + f(n + 1) end return f(1)", name: "deep.lua")
        }
        #expect(error.kind == .runtime)
        #expect(error.message.contains("stack overflow"))
        #expect(try vm.run("return 1") == [1])
    }

    @Test func requireLoadsTextModulesFromTheWorldFolder() throws {
        var options = LuaOptions()
        options.moduleFolder = Fixtures.world.path
        let vm = try LuaVM(options: options)
        let results = try vm.run(
            "local util = require('lib.util') return util.double(21), require('lib.shapes').name,"
                + " require('lib.util') == util")
        #expect(results == [42, "lib.shapes", true])
        let broken = try #require(throws: LuaError.self) { try vm.run("require('lib.broken')", name: "w.lua") }
        #expect(broken.message.hasPrefix("lib/broken.lua:"))
        let loop = try #require(throws: LuaError.self) { try vm.run("require('loopa')", name: "w.lua") }
        #expect(loop.message.contains("module 'loopa' requires itself (a require loop)"))
        let missing = try #require(throws: LuaError.self) { try vm.run("require('nothing')", name: "w.lua") }
        #expect(missing.message == "w.lua:1: module 'nothing' not found (looked for nothing.lua and nothing/init.lua)")
    }

    @Test func requireWithoutAWorldFolderIsAnError() throws {
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) { try vm.run("require('x')", name: "w.lua") }
        #expect(error.message == "w.lua:1: module 'x' not found: this world has no folder to load modules from")
    }

    @Test func theSandboxHasOnlyTheSafeLibraries() throws {
        let vm = try LuaVM()
        let script = """
            local names = {}
            for name in pairs(_G) do names[#names + 1] = name end
            table.sort(names)
            local os_names = {}
            for name in pairs(os) do os_names[#os_names + 1] = name end
            table.sort(os_names)
            return table.concat(names, ' '), table.concat(os_names, ' ')
            """
        let results = try vm.run(script)
        #expect(
            results == [
                .string(
                    "_G _VERSION assert collectgarbage coroutine error getmetatable ipairs load math next os pairs pcall"
                        + " print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring"
                        + " type utf8 warn xpcall"),
                "clock date difftime time",
            ])
        #expect(try vm.run("return collectgarbage('count') > 0, string.dump") == [true, nil])
    }
}

/// Lua and Swift calling each other without end.
@Suite struct LuaReentryTests {
    @Test func mutualRecursionThroughSwiftEndsInACleanError() throws {
        let vm = try LuaVM()
        try vm.register(function: "reenter") { call in
            let function = try call.function(1)
            try function.call([.function(function)])
        }
        let error = try #require(throws: LuaError.self) {
            try vm.run("local function f(self) reenter(self) end f(f)", name: "reenter.lua")
        }
        #expect(error.kind == .runtime)
        #expect(error.message.contains("stack overflow"))
        #expect(try vm.run("return 2") == [2])
    }

    @Test func manyResultsFromSwiftArePushedOrRefused() throws {
        let vm = try LuaVM()
        try vm.register(function: "many") { call in
            for value in 0..<(try call.integer(1)) { call.push(value) }
        }
        #expect(try vm.run("return select('#', many(1000))") == [1000])
    }
}

/// The budget is exact to one hook interval, and scripted generation repeats exactly.
@Suite struct LuaDeterminismTests {
    @Test func theBudgetStopsWithinOneHookIntervalOfTheLimit() throws {
        var options = LuaOptions()
        options.instructionBudget = 1_000_000
        options.hookInterval = 1000
        let vm = try LuaVM(options: options)
        let before = vm.instructionsExecuted
        #expect(throws: LuaError.self) { try vm.run("while true do end") }
        let used = vm.instructionsExecuted - before
        #expect(used > 1_000_000 && used <= 1_000_000 + 2 * 1000)
    }

    @Test("a loop that builds big strings is charged for the bytes, not only its few instructions")
    func allocationIsChargedToTheBudget() throws {
        var options = LuaOptions()
        options.instructionBudget = 2_000_000
        let vm = try LuaVM(options: options)
        // Each pass runs a dozen instructions but allocates 300 kB or so (the buffer, the string,
        // the joined string): some 9,000 instructions' worth, where it would be 200 without.
        #expect(throws: LuaError.self) {
            try vm.run("n = 0\nwhile true do n = n + 1; local s = string.rep('x', 100000) .. tostring(n) end")
        }
        guard case .integer(let passes) = try vm.run("return n").first else {
            Issue.record("n is not an integer")
            return
        }
        #expect(passes > 100 && passes < 1000, "\(passes) passes")
    }

    @Test func aScriptedMapIsTheSameOnEveryRun() throws {
        let script = """
            local rows = {}
            for y = 1, 4 do
              local row = {}
              for x = 1, 16 do row[x] = math.random(1, 3) == 1 and '#' or '.' end
              rows[y] = table.concat(row)
            end
            local names = {}
            for name in pairs({cave = 1, isle = 2, fen = 3, [1] = 'one'}) do names[#names + 1] = tostring(name) end
            return table.concat(rows, '\\n') .. '\\n' .. table.concat(names, ' ')
            """
        var options = LuaOptions()
        options.seed = Seed(2024)
        let first = try LuaVM(options: options).run(script, name: "map.lua")
        let second = try LuaVM(options: options).run(script, name: "map.lua")
        #expect(first == second)
        let snapshot = """
            #.##.#.#.#.....#
            #....##..#.#....
            ##..#.#...###...
            ....#......###..
            1 cave fen isle
            """
        #expect(first == [.string(snapshot)])
    }
}
