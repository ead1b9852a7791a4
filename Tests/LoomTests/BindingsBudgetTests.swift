import Foundation
import Loom
import Testing

/// The `loom` module's bulk work is charged to the script's instruction budget and its maps
/// count against the memory limit, so a loop of host calls cannot run on.
@Suite struct BindingsBudgetTests {
    func vm(budget: Int, memory: Int = 64 << 20) throws -> LuaVM {
        var options = LuaOptions()
        options.instructionBudget = budget
        options.memoryLimit = memory
        let vm = try LuaVM(options: options)
        try LoomBindings.install(into: vm)
        return vm
    }

    @Test func bulkMethodsAreChargedPerCell() throws {
        // 64×64 cells × 16 instructions per noise cell: 65,536 a fill, so 15 fit in a million.
        let vm = try vm(budget: 1_000_000)
        let script = """
            local map, noise, fills = loom.map(64, 64), loom.noise{}, 0
            local ok = pcall(function()
              while true do map:fill_noise("h", noise) fills = fills + 1 end
            end)
            return fills
            """
        let error = try #require(throws: LuaError.self) { try vm.run(script, name: "fills.lua") }
        #expect(error.kind == .budget)
        #expect(error.message.hasSuffix("instruction budget of 1000000 instructions exhausted"))
        // The fills that fit are the same on every run: the charge counts cells, not time.
        vm.instructionBudget = 0
        #expect(try vm.run("return 1") == [1])
    }

    @Test func aLoopMakingMapsStopsAtTheBudgetOrTheMemoryLimit() throws {
        let budget = try vm(budget: 2_000_000)
        let loop = try #require(throws: LuaError.self) {
            try budget.run("for i = 1, 1e9 do loom.map(32, 32) end", name: "maps.lua")
        }
        #expect(loop.kind == .budget)
        let memory = try vm(budget: 0, memory: 16 << 20)
        let kept = try #require(throws: LuaError.self) {
            try memory.run("local kept = {}\nfor i = 1, 1000 do kept[i] = loom.map(1024, 1024) end", name: "kept.lua")
        }
        #expect(kept.kind == .memory)
        #expect(
            kept.message
                == "kept.lua:2: memory limit of 16777216 bytes reached: not enough memory for a TileMap of 2097408 bytes"
        )
        // A layer added to a held map is counted when the method returns.
        let grown = try #require(throws: LuaError.self) {
            try memory.run(
                "local m = loom.map(1024, 1024)\nfor i = 1, 10 do m:add_float_layer('f' .. i) end", name: "grow.lua")
        }
        #expect(grown.kind == .memory)
        #expect(grown.message.hasPrefix("grow.lua:2: memory limit of 16777216 bytes reached"))
    }
}

/// Maps too large for the memory limit are refused before they are allocated.
@Suite struct BindingsMemoryReserveTests {
    @Test func anOversizedMapIsRefusedBeforeAllocating() throws {
        var options = LuaOptions()
        options.memoryLimit = 4 << 20
        // No instruction budget: the cells alone would pass it first.
        options.instructionBudget = 0
        let vm = try LuaVM(options: options)
        try LoomBindings.install(into: vm)
        let error = try #require(throws: LuaError.self) {
            try vm.run("local ok = pcall(loom.map, 8192, 8192)\nreturn loom.map(4, 4)", name: "big.lua")
        }
        #expect(error.kind == .memory)
        // pcall caught the refusal; its guard raised the memory error again.
        #expect(error.message == "big.lua:1: memory limit of 4194304 bytes reached: not enough memory")
        let direct = try #require(throws: LuaError.self) { try vm.run("return loom.map(8192, 8192)", name: "big.lua") }
        #expect(
            direct.message
                == "big.lua:1: memory limit of 4194304 bytes reached: not enough memory for a TileMap of 134217984 bytes"
        )
        #expect(vm.peakMemoryUsed < 4 << 20)
        let generated = try #require(throws: LuaError.self) {
            try vm.run("return loom.caves{width = 4000, height = 4000}", name: "caves.lua")
        }
        #expect(generated.kind == .memory)
        #expect(generated.message.hasPrefix("caves.lua:1: memory limit of 4194304 bytes reached"))
    }
}
