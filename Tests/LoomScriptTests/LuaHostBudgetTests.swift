import LoomCore
import Testing

@testable import LoomScript

/// A counted Swift object for the memory tests: `bytes` stands for what it holds.
private final class Blob {
    var bytes: Int
    init(bytes: Int) { self.bytes = bytes }
}

/// Host calls are charged to the instruction budget, host objects count against the memory
/// limit, and neither error can be caught by the script and run past.
@Suite struct LuaHostBudgetTests {
    @Test func aTightLoopOfHostCallsIsStoppedByTheBudget() throws {
        var options = LuaOptions()
        options.instructionBudget = 1_000_000
        options.hostCallCost = 50
        let vm = try LuaVM(options: options)
        try vm.register(function: "noop") { _ in }
        let error = try #require(throws: LuaError.self) {
            try vm.run("for i = 1, 10000000 do noop() end", name: "loop.lua")
        }
        #expect(error.kind == .budget)
        #expect(error.message == "loop.lua:1: instruction budget of 1000000 instructions exhausted")
        // About a million instructions at 50 and a few per iteration: well under 10 million calls.
        #expect(vm.instructionsExecuted < 1_100_000)
    }

    @Test func hostFunctionsChargeTheirWork() throws {
        var options = LuaOptions()
        options.instructionBudget = 1_000_000
        let vm = try LuaVM(options: options)
        var calls = 0
        try vm.register(function: "fill") { call in
            try call.charge(100_000)
            calls += 1
        }
        let error = try #require(throws: LuaError.self) {
            try vm.run(
                "local ok = pcall(function()\n  while true do fill() end\nend)\nwhile true do end", name: "fill.lua")
        }
        #expect(error.kind == .budget)
        #expect(error.message.hasPrefix("fill.lua:"))
        #expect(error.message.hasSuffix(": instruction budget of 1000000 instructions exhausted"))
        #expect(calls == 9)
        // A fresh call gets a fresh budget.
        #expect(try vm.run("fill() return 1") == [1])
    }

    @Test func hostObjectsCountAgainstTheMemoryLimit() throws {
        var options = LuaOptions()
        options.memoryLimit = 8 << 20
        let vm = try LuaVM(options: options)
        var type = LuaType<Blob>("Blob")
        type.memoryCost = { $0.bytes }
        type.methods["grow"] = { blob, call in blob.bytes += try call.integer(2) }
        try vm.register(type: type)
        try vm.register(function: "blob") { call in try call.push(.object(Blob(bytes: try call.integer(1)))) }
        let base = vm.memoryUsed
        #expect(try vm.run("kept = blob(1000000) return 1") == [1])
        #expect(vm.memoryUsed >= base + 1_000_000)
        // Garbage blobs are collected to make room; held ones are not.
        #expect(try vm.run("for i = 1, 100 do local b = blob(3000000) end return 2") == [2])
        let error = try #require(throws: LuaError.self) {
            try vm.run("local held = {}\nfor i = 1, 100 do held[i] = blob(3000000) end", name: "blobs.lua")
        }
        #expect(error.kind == .memory)
        #expect(
            error.message
                == "blobs.lua:2: memory limit of 8388608 bytes reached: not enough memory for a Blob of 3000000 bytes")
        // A method that grows its object is refused the same way.
        let grown = try #require(throws: LuaError.self) {
            try vm.run("local b = blob(10)\nb:grow(20000000)", name: "grow.lua")
        }
        #expect(grown.kind == .memory)
        #expect(grown.message.hasPrefix("grow.lua:2: memory limit of 8388608 bytes reached"))
        vm.collectGarbage()
        #expect(try vm.run("kept = nil return 3") == [3])
        vm.collectGarbage()
        #expect(vm.memoryUsed < base + 1_000_000)
    }

    @Test func aMemoryErrorCannotBeCaughtAndRunPast() throws {
        var options = LuaOptions()
        options.memoryLimit = 4 << 20
        let vm = try LuaVM(options: options)
        let script = """
            local caught = 0
            while true do
              local ok = pcall(function() local t = {} for i = 1, 1e7 do t[i] = i end end)
              caught = caught + 1
            end
            """
        let error = try #require(throws: LuaError.self) { try vm.run(script, name: "swallow.lua") }
        #expect(error.kind == .memory)
        #expect(error.message == "swallow.lua:3: memory limit of 4194304 bytes reached: not enough memory")
        let handled = try #require(throws: LuaError.self) {
            try vm.run(
                "while true do xpcall(function() local s = {} for i = 1, 1e7 do s[i] = {} end end, function() return 1 end) end",
                name: "xpcall.lua")
        }
        #expect(handled.kind == .memory)
        // The next call starts afresh.
        #expect(try vm.run("return 5") == [5])
    }

    @Test func definitionsNameTheChunkAndLine() throws {
        let vm = try LuaVM()
        try vm.run("local x = 1\n\nfunction greet()\n  return 'hi'\nend", name: "world.lua")
        let greet = try #require(try vm.global("greet").functionValue)
        #expect(greet.definition == SourceLocation(file: "world.lua", line: 3))
    }
}
