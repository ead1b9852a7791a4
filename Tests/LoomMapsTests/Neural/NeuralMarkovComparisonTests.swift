import Foundation
import LoomCore
import Testing

@testable import LoomMaps

/// The neural tile model against the Markov chain on the same cave examples, with the shared
/// metrics. Small by default so the suite stays fast; `LOOM_NEURAL_COMPARISON=1` runs the
/// documented comparison (four 48×48 examples, twenty 64×64 maps each) and prints its table.
@Suite struct NeuralMarkovComparisonTests {
    struct Figures {
        var totalVariation = 0.0
        var novelty = 0.0
        /// Share of walkable cells in the largest walkable region, averaged.
        var connectedShare = 0.0
        /// Share of maps whose walkable cells form one region.
        var fullyConnected = 0.0

        mutating func add(_ map: Grid<Int>, examples: [Grid<Int>], walkable: Int, count: Int) {
            let quality = MapMetrics.evaluate(map, examples: examples)
            let labels = RegionLabels(map) { $0 == walkable }
            let total = labels.sizes.reduce(0, +)
            let largest = labels.largest.map { labels.sizes[$0] } ?? 0
            totalVariation += quality.totalVariation / Double(count)
            novelty += quality.novelty / Double(count)
            connectedShare += (total > 0 ? Double(largest) / Double(total) : 1) / Double(count)
            fullyConnected += (labels.count <= 1 ? 1 : 0) / Double(count)
        }

        var row: String {
            String(format: "| %.3f | %.3f | %.3f | %.2f |", totalVariation, novelty, connectedShare, fullyConnected)
        }
    }

    @Test func neuralAndMarkovModelsOnTheSameCaves() throws {
        let full = ProcessInfo.processInfo.environment["LOOM_NEURAL_COMPARISON"] == "1"
        let (exampleCount, side, mapCount, outSide) = full ? (4, 48, 20, 64) : (2, 32, 3, 32)
        let caves = try (0..<exampleCount).map {
            try CaveParameters(width: side, height: side).generate(seed: Seed(UInt64($0)))
        }
        let examples = try NeuralTileExamples(tileMaps: caves)
        let intExamples = examples.intMaps
        let walkable = examples.distribution.indices.max { examples.distribution[$0] < examples.distribution[$1] }!

        var parameters = NeuralTileParameters()
        if !full {
            parameters.hidden = 16
            parameters.epochs = 8
        }
        let trainer = try NeuralTileTrainer(examples: examples, parameters: parameters)
        for _ in 0..<parameters.epochs { trainer.trainEpoch() }
        let sampler = NeuralTileSampler(model: trainer.model)
        let markov = try MarkovMapModel(learningFrom: intExamples)
        let repair = try ConnectivityRepair(walkable: [UInt16(walkable)], examples: examples)

        var neural = Figures(), repaired = Figures(), chain = Figures()
        for index in 0..<mapCount {
            let seed = Seed(UInt64(100 + index))
            var tiles = try sampler.sample(size: Size(width: outSide, height: outSide), seed: seed)
            neural.add(tiles.map { Int($0) }, examples: intExamples, walkable: walkable, count: mapCount)
            try repair.repair(&tiles, seed: seed)
            repaired.add(tiles.map { Int($0) }, examples: intExamples, walkable: walkable, count: mapCount)
            let result = try markov.generate(width: outSide, height: outSide, seed: seed)
            chain.add(result.grid, examples: intExamples, walkable: walkable, count: mapCount)
        }
        if full {
            print("| model | total variation | novelty 3×3 | walkable cells in largest region | fully connected |")
            print("| neural | " + neural.row.dropFirst(2))
            print("| neural + connectivity repair | " + repaired.row.dropFirst(2))
            print("| Markov (left, up, up-left) | " + chain.row.dropFirst(2))
        }
        #expect(abs(repaired.fullyConnected - 1) < 1e-9)
        #expect(neural.totalVariation < 0.3)
        #expect(chain.totalVariation < 0.3)
    }
}
