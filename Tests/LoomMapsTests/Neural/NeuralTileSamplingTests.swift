import Foundation
import LoomCore
import LoomLearn
import Testing

@testable import LoomMaps

@Suite struct NeuralTileSamplingTests {
    /// A model trained for four epochs on the striped examples (a fraction of a second).
    static var trained: NeuralTileModel {
        get throws {
            let trainer = try NeuralTileTrainer(
                examples: NeuralFixtures.examples, parameters: NeuralFixtures.parameters)
            for _ in 0..<4 { trainer.trainEpoch() }
            return trainer.model
        }
    }

    /// A model trained here has weights whose last bits depend on this CPU's OpenBLAS kernels,
    /// so its maps are compared with each other, not pinned.
    @Test func samplingIsDeterministic() throws {
        let sampler = NeuralTileSampler(model: try Self.trained)
        let a = try sampler.sample(size: Size(width: 24, height: 12), seed: Seed(3))
        let b = try sampler.sample(size: Size(width: 24, height: 12), seed: Seed(3))
        let c = try sampler.sample(size: Size(width: 24, height: 12), seed: Seed(4))
        #expect(a == b)
        #expect(a != c)
    }

    /// A shipped model (a checkpoint trained once, its weights fixed bits) samples the same map
    /// on every machine: the sampler uses neither OpenBLAS nor the platform's `exp`. The golden
    /// hashes and the snapshot hold on any CPU. The checkpoint is `trained` (four epochs of
    /// `NeuralFixtures.parameters` on the striped examples) saved once with
    /// `NeuralTileModel.save(to:)`.
    @Test func aShippedModelSamplesTheSameMapOnEveryMachine() throws {
        let path = TestFiles.testsFolder.appendingPathComponent("Snapshots/neural-striped-model.safetensors").path
        let sampler = NeuralTileSampler(model: try NeuralTileModel.load(from: path))
        let map = try sampler.sample(size: Size(width: 24, height: 12), seed: Seed(3))
        let cooler = try sampler.sample(size: Size(width: 32, height: 16), seed: Seed(9), temperature: 0.7)
        #expect(NeuralFixtures.hash(map) == 7_329_746_965_400_057_850)
        #expect(NeuralFixtures.hash(cooler) == 3_114_435_214_284_813_244)
        let text = NeuralFixtures.ascii(map) + "\n"
        #expect(TestFiles.recordIfMissing("neural-striped-24x12-seed3.txt", text))
        #expect(text == TestFiles.snapshot("neural-striped-24x12-seed3.txt"))
    }

    @Test func theModelLearnsStripes() throws {
        let sampler = NeuralTileSampler(model: try Self.trained)
        let map = try sampler.sample(size: Size(width: 32, height: 32), seed: Seed(9))
        // Inside the border, a striped row is all floor or all water.
        var uniformRows = 0
        for y in 1..<31 {
            let row = (1..<31).map { map[$0, y] }
            let floor = row.filter { $0 == 1 }.count, water = row.filter { $0 == 2 }.count
            if max(floor, water) >= 27 { uniformRows += 1 }
        }
        // Most cells continue their left neighbour's tile, as in the examples (an untrained
        // model gives about a third).
        var same = 0
        for y in 1..<31 { for x in 2..<31 where map[x, y] == map[x - 1, y] { same += 1 } }
        let coherence = Double(same) / Double(30 * 29)
        #expect(uniformRows >= 15)
        #expect(coherence > 0.9)
        let distance = MapMetrics.evaluate(map.map { Int($0) }, examples: try NeuralFixtures.examples.intMaps)
            .totalVariation
        #expect(distance < 0.15)
    }

    @Test func fixedCellsAreKept() throws {
        let sampler = NeuralTileSampler(model: try Self.trained)
        var fixed = Grid<UInt16?>(width: 20, height: 20, repeating: nil)
        for i in 0..<20 { fixed[i, i] = 2 }
        fixed[5, 0] = 1
        let map = try sampler.sample(size: Size(width: 20, height: 20), seed: Seed(1), fixed: fixed)
        for i in 0..<20 { #expect(map[i, i] == 2) }
        #expect(map[5, 0] == 1)
        var bad = fixed
        bad[0, 0] = 9
        #expect(throws: LoomError.self) {
            try sampler.sample(size: Size(width: 20, height: 20), seed: Seed(1), fixed: bad)
        }
        #expect(throws: LoomError.self) {
            try sampler.sample(size: Size(width: 21, height: 20), seed: Seed(1), fixed: fixed)
        }
    }

    @Test func badSizesAndTemperaturesAreRejected() throws {
        let sampler = NeuralTileSampler(model: try Self.trained)
        #expect(throws: LoomError.self) { try sampler.sample(size: Size(width: 0, height: 4), seed: Seed(1)) }
        #expect(throws: LoomError.self) {
            try sampler.sample(size: Size(width: 4, height: 4), seed: Seed(1), temperature: -1)
        }
        #expect(throws: LoomError.self) {
            try sampler.sample(size: Size(width: 4, height: 4), seed: Seed(1), temperature: .infinity)
        }
        // Any size works, including one narrower than the window.
        #expect(try sampler.sample(size: Size(width: 1, height: 50), seed: Seed(1)).count == 50)
    }

    @Test func zeroTemperatureTakesTheMostLikelyTile() throws {
        let sampler = NeuralTileSampler(model: try Self.trained)
        let a = try sampler.sample(size: Size(width: 16, height: 16), seed: Seed(1), temperature: 0)
        let b = try sampler.sample(size: Size(width: 16, height: 16), seed: Seed(2), temperature: 0)
        #expect(a == b)
    }

    @Test func saveAndLoadGiveIdenticalSamples() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("neural-model-\(getpid()).safetensors")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trained = try Self.trained
        try trained.save(to: path)
        let loaded = try NeuralTileModel.load(from: path)
        #expect(loaded.palette == trained.palette)
        #expect(loaded.configuration == trained.configuration)
        let size = Size(width: 30, height: 20)
        #expect(
            try NeuralTileSampler(model: loaded).sample(size: size, seed: Seed(5))
                == NeuralTileSampler(model: trained).sample(size: size, seed: Seed(5)))
        let checkpoint = try Checkpoint.load(from: path)
        #expect(checkpoint.metadata["loom.window"] == "5")
        #expect(checkpoint.metadata["loom.palette"]?.split(separator: ",").count == 3)
    }

    @Test func otherCheckpointsAreRejected() throws {
        #expect(throws: LoomError.self) { try NeuralTileModel(checkpoint: Checkpoint(), source: "empty") }
        var checkpoint = try Self.trained.checkpoint()
        checkpoint.metadata["loom.palette"] = "#zz0000"
        #expect(throws: LoomError.self) { try NeuralTileModel(checkpoint: checkpoint, source: "bad") }
    }

    @Test func repairMakesEveryWalkableCellReachable() throws {
        // Floor (1) islands separated by walls (0) and water (2).
        var tiles = Grid<UInt16>(width: 20, height: 12) { x, y in
            if x % 7 == 3 { return 0 }
            if y == 6 { return 2 }
            return 1
        }
        let repair = ConnectivityRepair(walkable: [1], carveTile: 1)
        #expect(RegionLabels(tiles) { $0 == 1 }.count == 8)
        let before = tiles
        try repair.repair(&tiles, seed: Seed(0))
        #expect(RegionLabels(tiles) { $0 == 1 }.count == 1)
        let changed = zip(before.cells, tiles.cells).filter { $0 != $1 }.count
        #expect(changed <= 7)
        // And on sampled maps.
        var sampled = try NeuralTileSampler(model: try Self.trained).sample(
            size: Size(width: 40, height: 40), seed: Seed(2))
        try ConnectivityRepair(walkable: [1], examples: NeuralFixtures.examples).repair(&sampled, seed: Seed(0))
        #expect(RegionLabels(sampled) { $0 == 1 }.count == 1)
    }

}
