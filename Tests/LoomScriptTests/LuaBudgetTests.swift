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
