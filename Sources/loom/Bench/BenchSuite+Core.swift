import Loom

extension BenchSuite {
    /// Random sources and grid fills.
    static let core = BenchSuite(name: "core") {
        let count = 1 << 20
        var benchmarks: [Benchmark] = []
        benchmarks.append(
            Benchmark(name: "splitmix64.next", unit: "M numbers/s", work: Double(count)) {
                var random = SplitMix64(seed: 1)
                var sum: UInt64 = 0
                for _ in 0..<count { sum &+= random.next() }
                blackHole(sum)
            })
        benchmarks.append(
            Benchmark(name: "xoshiro256**.next", unit: "M numbers/s", work: Double(count)) {
                var random = Xoshiro256StarStar(seed: 1)
                var sum: UInt64 = 0
                for _ in 0..<count { sum &+= random.next() }
                blackHole(sum)
            })
        benchmarks.append(
            Benchmark(name: "xoshiro256**.nextInt(below: 1000)", unit: "M numbers/s", work: Double(count)) {
                var random = Xoshiro256StarStar(seed: 1)
                var sum = 0
                for _ in 0..<count { sum &+= random.nextInt(below: 1000) }
                blackHole(sum)
            })
        benchmarks.append(
            Benchmark(name: "xoshiro256**.nextDouble", unit: "M numbers/s", work: Double(count)) {
                var random = Xoshiro256StarStar(seed: 1)
                var sum = 0.0
                for _ in 0..<count { sum += random.nextDouble() }
                blackHole(sum)
            })
        benchmarks.append(
            Benchmark(name: "xoshiro256**.nextGaussian", unit: "M numbers/s", work: Double(count / 4)) {
                var random = Xoshiro256StarStar(seed: 1)
                var sum = 0.0
                for _ in 0..<(count / 4) { sum += random.nextGaussian() }
                blackHole(sum)
            })
        benchmarks.append(
            Benchmark(name: "seed.derive(x, y)", unit: "M seeds/s", work: Double(count)) {
                let seed = Seed(7 as UInt64)
                var sum: UInt64 = 0
                for i in 0..<count { sum &+= seed.derive(i & 1023, i >> 10).rawValue }
                blackHole(sum)
            })
        let side = 2048
        var grid = Grid(width: side, height: side, repeating: Float(0))
        benchmarks.append(
            Benchmark(name: "grid.fill 2048²", unit: "M cells/s", work: Double(side * side)) {
                grid.fill(1)
                blackHole(grid.cells.count)
            })
        benchmarks.append(
            Benchmark(name: "grid row-major buffer fill 2048²", unit: "M cells/s", work: Double(side * side)) {
                grid.withUnsafeMutableBufferPointer { buffer in
                    for y in 0..<side {
                        let row = y * side
                        for x in 0..<side { buffer[row + x] = Float(x ^ y) }
                    }
                }
                blackHole(grid.cells.count)
            })
        benchmarks.append(
            Benchmark(name: "grid.map 2048²", unit: "M cells/s", work: Double(side * side)) {
                blackHole(grid.map { $0 * 2 })
            })
        return benchmarks + (try jsonBenchmarks())
    }
}
