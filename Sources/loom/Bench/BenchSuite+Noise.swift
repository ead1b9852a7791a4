import Loom

extension BenchSuite {
    /// Noise fills of a 2048² grid at frequency 0.01, in million samples per second, on one
    /// thread and on every thread.
    ///
    /// The anchor is FastNoiseLite's C header (-O3 -march=native, seed 1337, frequency 0.01, one
    /// thread). Measured beside Loom on the 2-core development machine with the load below 1
    /// (issue 24) it reaches Perlin 196, OpenSimplex2 125, OpenSimplex2S 108, Cellular 72.6,
    /// Value 225, ValueCubic 71.4 and OpenSimplex2 FBm (5 octaves) 17.3. Figures from another
    /// machine or another day do not compare: `Scripts/compare --fnl DRIVER` measures both side
    /// by side, in interleaved pairs, with the load beside each pair.
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
