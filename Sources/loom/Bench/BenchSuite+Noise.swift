import Loom

extension BenchSuite {
    /// Noise fills of a 2048² grid at frequency 0.01, in million samples per second, on one
    /// thread and on every thread. FastNoiseLite (C, -O3 -march=native, one thread) reaches
    /// OpenSimplex2 55, OpenSimplex2S 49, Cellular 39, Perlin 106, ValueCubic 41, Value 124 and
    /// OpenSimplex2 FBm (5 octaves) 11.5 on this class of machine.
    static let noise = BenchSuite(name: "noise") {
        let side = 2048
        let work = Double(side * side)
        let all = Parallel.defaultThreadCount
        var benchmarks: [Benchmark] = []
        var configurations: [(String, NoiseGenerator)] = NoiseType.allCases.map {
            ($0.rawValue, NoiseGenerator(seed: Seed(1337 as UInt64), noiseType: $0, frequency: 0.01))
        }
        configurations.append(
            ("openSimplex2 fbm 5", NoiseGenerator(noiseType: .openSimplex2, fractalType: .fbm, octaves: 5)))
        for (name, noise) in configurations {
            for threads in [1, all] {
                var grid = Grid(width: side, height: side, repeating: Float(0))
                benchmarks.append(
                    Benchmark(
                        name: "\(name) 2048² \(threads == 1 ? "1 thread" : "\(threads) threads")", unit: "M samples/s",
                        work: work
                    ) {
                        noise.fill(&grid, threads: threads)
                        blackHole(grid.cells.count)
                    })
            }
        }
        return benchmarks
    }
}
