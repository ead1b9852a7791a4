import Loom

/// A grid held by reference so Lua can hold it as userdata.
private final class BenchGrid {
    @exclusivity(unchecked) var grid: Grid<Int32>
    init(side: Int) { grid = Grid(width: side, height: side) { x, y in Int32((x ^ y) & 15) } }
}

extension BenchSuite {
    /// The Lua host: calls both ways, a per-tile rule over a map, and the budget hook's cost.
    /// Per-call figures: 1000 / (M calls/s) gives nanoseconds per call; a rule pass's time is
    /// the "ms each" column.
    static let lua = BenchSuite(name: "lua") {
        var benchmarks: [Benchmark] = []
        let vm = try LuaVM()
        vm.log = { _ in }
        try vm.run("function empty() end", name: "bench.lua")
        guard let empty = try vm.global("empty").functionValue else { throw LuaError(.runtime, "no function") }
        let calls = 100_000
        benchmarks.append(
            Benchmark(name: "swift → lua: empty function", unit: "M calls/s", work: Double(calls)) {
                for _ in 0..<calls { _ = try? vm.call(empty) }
            })

        try vm.register(function: "increment") { call in call.push(try call.integer(1) &+ 1) }
        try vm.run(
            "function callSwift(n) local x = 0 for i = 1, n do x = increment(x) end return x end", name: "bench.lua")
        benchmarks.append(
            Benchmark(name: "lua → swift: increment(x)", unit: "M calls/s", work: Double(calls)) {
                _ = try? vm.call("callSwift", [.integer(calls)])
            })

        var gridType = LuaType<BenchGrid>("Grid")
        gridType.methods["get"] = { box, call in
            let x = try call.integer(2), y = try call.integer(3)
            guard box.grid.contains(x: x, y: y) else { throw LuaArgumentError(index: 2, message: "outside the grid") }
            call.push(Int(box.grid[x, y]))
        }
        gridType.methods["set"] = { box, call in
            let x = try call.integer(2), y = try call.integer(3), value = try call.integer(4)
            guard box.grid.contains(x: x, y: y) else { throw LuaArgumentError(index: 2, message: "outside the grid") }
            box.grid[x, y] = Int32(truncatingIfNeeded: value)
        }
        gridType.methods["size"] = { box, call in
            call.push(box.grid.width)
            call.push(box.grid.height)
        }
        try vm.register(type: gridType)
        let side = 256
        let grid = BenchGrid(side: side)
        try vm.setGlobal("grid", .object(grid))
        try vm.run(
            """
            function rule(grid)
              local width, height = grid:size()
              for y = 0, height - 1 do
                for x = 0, width - 1 do
                  local v = grid:get(x, y)
                  grid:set(x, y, (v * 7 + x + y) % 16)
                end
              end
            end
            """, name: "bench.lua")
        benchmarks.append(
            Benchmark(name: "per-tile rule, 256² grid userdata", unit: "M tiles/s", work: Double(side * side)) {
                _ = try? vm.call("rule", [.object(grid)])
            })

        let loop = "local x = 0 for i = 1, 1000000 do x = (x + i * 3) % 1000003 end return x"
        // Lua 5.4 checks its hook on every instruction once a count hook is set, whatever the
        // interval: compare the intervals with no hook to see the budget's price.
        let intervals = [
            ("no hook", 0), ("hook every 1000 instructions", 1000), ("hook every 100000 instructions", 100_000),
        ]
        for (label, interval) in intervals {
            var options = LuaOptions()
            options.hookInterval = interval
            options.instructionBudget = 0
            let loopVM = try LuaVM(options: options)
            let chunk = try loopVM.load(loop, name: "loop.lua")
            benchmarks.append(
                Benchmark(name: "cpu loop, \(label)", unit: "M iterations/s", work: 1_000_000) {
                    _ = try? loopVM.call(chunk)
                })
        }
        return benchmarks
    }
}
