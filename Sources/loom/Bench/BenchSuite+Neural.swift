import Loom

extension BenchSuite {
    /// The neural tile model with default settings (window 5, 64 hidden units) on four 48×48
    /// cave maps: one training epoch, and sampling a 64×64 map (target ≤ 20 ms, i.e. ≥ 50
    /// maps/s).
    static func neuralTileBenchmarks() -> [Benchmark] {
        let maps = (0..<4).map { try! CaveParameters(width: 48, height: 48).generate(seed: Seed(UInt64($0))) }
        let examples = try! NeuralTileExamples(tileMaps: maps)
        let trainer = try! NeuralTileTrainer(examples: examples, parameters: NeuralTileParameters())
        let name = "tile model epoch (\(examples.cellCount) cells)"
        var benchmarks = [
            Benchmark(name: name, unit: "k positions/s", work: Double(trainer.positionsPerEpoch), scale: 1e-3) {
                blackHole(trainer.trainEpoch())
            }
        ]
        var seed: UInt64 = 0
        let sampler = NeuralTileSampler(model: trainer.model)
        benchmarks.append(
            Benchmark(name: "tile model sample 64²", unit: "maps/s", work: 1, scale: 1) {
                seed &+= 1
                blackHole(try! sampler.sample(size: Size(width: 64, height: 64), seed: Seed(seed)))
            })
        return benchmarks
    }
}
