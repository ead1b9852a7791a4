import Loom

extension BenchSuite {
    /// Map generators at the sizes games use; targets (release): caves and dungeons 256² under
    /// 5 ms, terrain 512² with biomes and rivers under 50 ms.
    static let maps = BenchSuite(name: "maps") {
        var benchmarks: [Benchmark] = []
        func add(_ name: String, cells: Int, _ make: @escaping (Seed) throws -> TileMap) {
            var seed: UInt64 = 0
            benchmarks.append(
                Benchmark(name: name, unit: "M cells/s", work: Double(cells)) {
                    seed &+= 1
                    blackHole(try! make(Seed(seed)))
                })
        }
        add("caves 256²", cells: 256 * 256) { try CaveParameters(width: 256, height: 256).generate(seed: $0) }
        add("dungeon bsp 256²", cells: 256 * 256) {
            try DungeonParameters(width: 256, height: 256, algorithm: .bsp).generate(seed: $0)
        }
        add("dungeon digger 256²", cells: 256 * 256) {
            var parameters = DungeonParameters(width: 256, height: 256, algorithm: .digger)
            parameters.maximumSteps = 20_000
            return try parameters.generate(seed: $0)
        }
        add("maze backtracker 255²", cells: 255 * 255) {
            try MazeParameters(width: 255, height: 255).generate(seed: $0)
        }
        add("maze eller 255²", cells: 255 * 255) {
            var parameters = MazeParameters(width: 255, height: 255)
            parameters.algorithm = .eller
            return try parameters.generate(seed: $0)
        }
        add("maze backtracker 1001²", cells: 1001 * 1001) {
            try MazeParameters(width: 1001, height: 1001).generate(seed: $0)
        }
        add("terrain 512² (biomes, rivers)", cells: 512 * 512) {
            try TerrainParameters(width: 512, height: 512).generate(seed: $0)
        }
        add("terrain 512² without rivers", cells: 512 * 512) {
            var parameters = TerrainParameters(width: 512, height: 512)
            parameters.rivers = false
            return try parameters.generate(seed: $0)
        }
        add("terrain 512² one thread of noise", cells: 512 * 512) { seed in
            try TerrainParameters(width: 512, height: 512).generate(seed: seed, threads: 1)
        }
        // Chunks work out the drainage lattice within `drainageMargin` cells around them.
        add("terrain chunk 128²", cells: 128 * 128) {
            try TerrainParameters(width: 512, height: 512).generateChunk(seed: $0, chunkX: 1, chunkY: 2, chunkSize: 128)
        }
        add("terrain chunk 64²", cells: 64 * 64) {
            try TerrainParameters(width: 512, height: 512).generateChunk(seed: $0, chunkX: 3, chunkY: -2, chunkSize: 64)
        }
        return benchmarks
    }
}
