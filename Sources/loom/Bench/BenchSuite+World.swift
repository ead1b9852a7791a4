import Foundation
import Loom
import LoomPlayground
import LoomPreview

extension BenchSuite {
    /// Lua worlds: a per-tile rule through the bindings, `World.generate` for Worlds/isles, and
    /// the preview's reseed-to-new-map time, all at 256×256. Run from the repository root.
    static let world = BenchSuite(name: "world") {
        var benchmarks: [Benchmark] = []
        let vm = try LuaVM()
        try LoomBindings.install(into: vm)
        try vm.run(
            """
            bench_map = loom.map(256, 256, "grassland")
            bench_map:fill_noise("height", loom.noise { seed = 3, frequency = 0.02 })
            function bench_rule()
              bench_map:apply(function(x, y, t)
                if (x + y) % 7 == 0 then return 21 end
                return t
              end)
            end
            """, name: "bench.lua")
        benchmarks.append(
            Benchmark(name: "lua per-tile rule 256x256 (map:apply)", unit: "M tiles/s", work: 65536) {
                _ = try? vm.call("bench_rule")
            })
        try vm.run(
            """
            function bench_get_set()
              local m = bench_map
              for y = 0, 255 do
                for x = 0, 255 do
                  if m:get(x, y) == 21 then m:set(x, y, 22) end
                end
              end
            end
            """, name: "bench.lua")
        benchmarks.append(
            Benchmark(name: "lua get/set loop 256x256 (2 calls per tile)", unit: "M tiles/s", work: 65536) {
                _ = try? vm.call("bench_get_set")
            })
        let folder = worldFolder("isles")
        let world = try World.load(from: folder)
        let size = Size(width: 256, height: 256)
        var seed: UInt64 = 1
        benchmarks.append(
            Benchmark(name: "World.generate isles 256x256", unit: "worlds/s", work: 1, scale: 1) {
                seed &+= 1
                blackHole(try? world.generate(seed: Seed(seed), size: size))
            })

        LoomPlayground.prepareHeadlessVideo()
        let driver = ProcessInfo.processInfo.environment["SDL_VIDEODRIVER"] ?? "offscreen"
        var options = PlaygroundOptions()
        options.softwareRenderer = true
        let content = WorldPreviewContent(world: try World.load(from: folder), size: size)
        let session = try PlaygroundSession(content: content, options: options, hidden: true)
        session.waitForGeneration()
        benchmarks.append(
            Benchmark(
                name: "preview reseed to new map, isles 256x256 (\(driver))", unit: "reseeds/s", work: 1, scale: 1
            ) {
                _ = try? session.step([.key(.character("r"))])
                while session.mapSeed != session.seed { _ = try? session.step() }
            })
        return benchmarks
    }

    /// `Worlds/<name>` from the current directory, or from the repository holding the executable.
    static func worldFolder(_ name: String) -> String {
        let relative = "Worlds/\(name)"
        if World.isWorldFolder(relative) { return relative }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(relative).path
            if World.isWorldFolder(candidate) { return candidate }
        }
        return relative
    }
}
