import LoomCore
import Testing

@testable import LoomScript

/// Running chunks, calling both ways, values and errors.
@Suite struct LuaVMTests {
    @Test func runsAChunkAndReturnsItsValues() throws {
        let vm = try LuaVM()
        let results = try vm.run("return 1 + 2, 2.5, 'text', true, nil", name: "world.lua")
        #expect(results == [.integer(3), .number(2.5), .string("text"), .boolean(true), .nil])
    }

    @Test func runtimeErrorsNameTheChunkAndLineWithATraceback() throws {
        let vm = try LuaVM()
        let source = "local x = 1\nlocal function f() error('boom') end\nf()\n"
        let error = try #require(throws: LuaError.self) { try vm.run(source, name: "world.lua") }
        #expect(error.kind == .runtime)
        #expect(error.message == "world.lua:2: boom")
        #expect(error.location == SourceLocation(file: "world.lua", line: 2))
        #expect(error.traceback?.hasPrefix("stack traceback:") == true)
        #expect(error.traceback?.contains("world.lua:3:") == true)
        #expect(error.loomError.description == "world.lua:2: error: boom")
    }

    @Test func syntaxErrorsAreLoadErrorsWithALocation() throws {
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) { try vm.run("x = = 1", name: "rules.lua") }
        #expect(error.kind == .load)
        #expect(error.location == SourceLocation(file: "rules.lua", line: 1))
        #expect(error.message.contains("unexpected symbol near '='"))
    }

    @Test func swiftCallsLuaFunctionsByNameAndByReference() throws {
        let vm = try LuaVM()
        try vm.run("function area(w, h) return w * h end\nrules = { double = function(x) return x * 2 end }")
        #expect(try vm.call("area", [4, 5]) == [.integer(20)])
        #expect(try vm.call("rules.double", [2.5]) == [.number(5)])
        let area = try #require(try vm.global("area").functionValue)
        #expect(try area.call([3, 3]) == [.integer(9)])
        let missing = try #require(throws: LuaError.self) { try vm.call("nothing", []) }
        #expect(missing.message == "attempt to call 'nothing' from Swift (a nil value)")
    }

    @Test func tablesRoundTripThroughLua() throws {
        let vm = try LuaVM()
        let input: LuaValue = ["name": "isles", "size": [64, 32], "nested": ["deep": ["x": 1.5]]]
        try vm.run("function echo(...) return ... end")
        #expect(try vm.call("echo", [input]) == [input])
        let built = try vm.run("return {10, 20, 30, n = 3, [10] = 'far'}")
        let table = try #require(built.first?.tableValue)
        #expect(table.array == [10, 20, 30])
        #expect(table.fields == [.string("n"): .integer(3), .integer(10): .string("far")])
    }

    @Test func cyclicAndTooDeepTablesAreRefusedCleanly() throws {
        let vm = try LuaVM()
        let cycle = try #require(throws: LuaError.self) { try vm.run("local t = {} t.self = t return t") }
        #expect(cycle.message.contains("cycle"))
        let deep = try #require(throws: LuaError.self) {
            try vm.run("local t = {} for i = 1, 200 do t = {t} end return t")
        }
        #expect(deep.message.contains("nested deeper"))
        #expect(try vm.run("return 1") == [1])
    }

    @Test func luaCallsRegisteredSwiftFunctionsWithLuaStyleArgumentErrors() throws {
        let vm = try LuaVM()
        try vm.register(
            module: "loom",
            functions: [
                "fill": { call in
                    let value = try call.number(1)
                    let count = try call.integer(2, default: 1)
                    call.push(value * Double(count))
                },
                "greet": { call in try call.push("hello, " + (try call.string(1))) },
                "fail": { _ in throw LuaError(.runtime, "custom failure") },
            ])
        #expect(try vm.run("return loom.fill(2, 3), loom.greet('isles')") == [.number(6), .string("hello, isles")])
        let error = try #require(throws: LuaError.self) { try vm.run("\nreturn loom.fill('x')", name: "world.lua") }
        #expect(error.message == "world.lua:2: bad argument #1 to 'fill' (number expected, got string)")
        let integer = try #require(throws: LuaError.self) { try vm.run("return loom.fill(1, 1.5)", name: "w.lua") }
        #expect(integer.message == "w.lua:1: bad argument #2 to 'fill' (number has no integer representation)")
        let failure = try #require(throws: LuaError.self) { try vm.run("return loom.fail()", name: "w.lua") }
        #expect(failure.message == "w.lua:1: custom failure")
        #expect(try vm.run("return require('loom') == loom") == [true])
    }

    @Test func swiftErrorsThrownInCallbacksBecomeLocatedLuaErrors() throws {
        struct Refusal: Error, CustomStringConvertible { var description: String { "not today" } }
        let vm = try LuaVM()
        try vm.register(function: "refuse") { _ in throw Refusal() }
        let error = try #require(throws: LuaError.self) { try vm.run("\n\nrefuse()", name: "world.lua") }
        #expect(error.message == "world.lua:3: not today")
        #expect(try vm.run("return pcall(refuse)") == [false, "not today"])
    }

    @Test func printAndWarnGoToTheLog() throws {
        let vm = try LuaVM()
        var lines: [LuaVM.LogMessage] = []
        vm.log = { lines.append($0) }
        try vm.run("print('a', 1, nil, true) warn('careful', '!')")
        #expect(lines.map(\.text) == ["a\t1\tnil\ttrue", "careful!"])
        #expect(lines.map(\.kind) == [.print, .warning])
    }

    @Test func mathRandomIsTheSeededGenerator() throws {
        var options = LuaOptions()
        options.seed = Seed(42)
        let script = "local t = {} for i = 1, 5 do t[i] = math.random(1, 100) end return table.concat(t, ',')"
        let first = try LuaVM(options: options).run(script)
        let second = try LuaVM(options: options).run(script)
        #expect(first == second)
        var expected = Seed(42).makeRandom()
        let values = (0..<5).map { _ in String(1 + Int(expected.nextInt(below: UInt64(100)))) }
        #expect(first == [.string(values.joined(separator: ","))])
        let vm = try LuaVM(options: options)
        #expect(
            try vm.run("math.randomseed(7) local a = math.random() math.randomseed(7) return a == math.random()") == [
                true
            ])
        let empty = try #require(throws: LuaError.self) { try vm.run("return math.random(5, 1)", name: "r.lua") }
        #expect(empty.message == "r.lua:1: bad argument #2 to 'random' (interval is empty)")
    }

    @Test func timeIsFixedAndUTC() throws {
        var options = LuaOptions()
        options.fixedTime = 86_400 * 365
        let vm = try LuaVM(options: options)
        let results = try vm.run(
            "return os.time(), os.date('%Y-%m-%d %H:%M'), os.time{year=2000, month=1, day=1, hour=0},"
                + " os.time{year=2024, month=14, day=1, hour=0}, os.difftime(10, 4), os.clock() >= 0")
        #expect(
            results == [
                .integer(31_536_000), "1971-01-01 00:00", .integer(946_684_800), .integer(1_738_368_000), .number(6),
                true,
            ])
    }
}
