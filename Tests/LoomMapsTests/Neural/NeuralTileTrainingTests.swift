import Foundation
import LoomCore
import LoomImage
import LoomLearn
import Testing

@testable import LoomMaps

@Suite struct NeuralTileTrainingTests {
    @Test func trainingLowersTheLossDeterministically() throws {
        let trainer = try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: NeuralFixtures.parameters)
        let before = trainer.evaluate()
        var losses: [Float] = []
        for _ in 0..<4 { losses.append(trainer.trainEpoch()) }
        let after = trainer.evaluate()
        #expect(before > 1.0)
        #expect(after < 0.2)
        // Training runs through OpenBLAS, whose kernels (and so the last bits of every sum)
        // depend on the CPU: the loss is held to the reference run's within a tolerance, and
        // to the same bits only on one machine (a second run, and any thread count).
        #expect(abs(after - 0.088_023_245) < 2e-4, "loss \(after)")
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        Compute.threadCount = 3
        let again = try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: NeuralFixtures.parameters)
        for _ in 0..<4 { again.trainEpoch() }
        #expect(again.evaluate().bitPattern == after.bitPattern)
        #expect(again.model.namedValues == trainer.model.namedValues)
    }

    @Test func resumingEqualsAnUninterruptedRun() throws {
        let examples = try NeuralFixtures.examples
        let straight = try NeuralTileTrainer(examples: examples, parameters: NeuralFixtures.parameters)
        for _ in 0..<3 { straight.trainEpoch() }

        let first = try NeuralTileTrainer(examples: examples, parameters: NeuralFixtures.parameters)
        first.trainEpoch()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "neural-resume-\(getpid()).safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.checkpoint().save(to: path)
        let resumed = try NeuralTileTrainer(resuming: Checkpoint.load(from: path), examples: examples, source: path)
        #expect(resumed.epoch == 1)
        for _ in 0..<2 { resumed.trainEpoch() }
        #expect(resumed.model.namedValues == straight.model.namedValues)
        #expect(resumed.lastLoss == straight.lastLoss)
    }

    @Test func resumingWithOtherExamplesOrAFinishedModelFails() throws {
        let trainer = try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: NeuralFixtures.parameters)
        let other = try NeuralTileExamples(
            maps: [NeuralFixtures.striped(offset: 0)], palette: [RGBA(1, 2, 3), RGBA(4, 5, 6), RGBA(7, 8, 9)])
        #expect(throws: LoomError.self) {
            try NeuralTileTrainer(resuming: trainer.checkpoint(), examples: other, source: "x")
        }
        #expect(throws: LoomError.self) {
            try NeuralTileTrainer(resuming: trainer.model.checkpoint(), examples: NeuralFixtures.examples, source: "x")
        }
    }

    @Test func badParametersAreRejected() throws {
        var parameters = NeuralFixtures.parameters
        parameters.window = 4
        #expect(throws: LoomError.self) {
            try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: parameters)
        }
        parameters.window = 5
        parameters.hidden = 0
        #expect(throws: LoomError.self) {
            try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: parameters)
        }
    }

    @Test func pngExamplesMapColoursToTileIDsInOrderOfAppearance() throws {
        let image = RGBAImage(NeuralFixtures.striped(offset: 0)) { NeuralFixtures.palette[Int($0)] }
        let examples = try NeuralTileExamples(images: [image])
        #expect(examples.palette == NeuralFixtures.palette)
        #expect(examples.maps[0] == NeuralFixtures.striped(offset: 0))
        let indices = Grid<Int>(width: 20, height: 20) { x, y in x * 20 + y }
        let noisy = RGBAImage(indices) { (index: Int) -> RGBA in RGBA(UInt8(index % 256), UInt8(index / 256), 0) }
        #expect(throws: LoomError.self) { try NeuralTileExamples(images: [noisy]) }
    }

    @Test func tileMapLayersAreExamples() throws {
        var map = TileMap(width: 8, height: 8)
        let ids = map.tileset.tiles.prefix(2).map(\.id)
        map.setTiles(Grid(width: 8, height: 8) { x, _ in ids[x % 2] }, named: "ground")
        let examples = try NeuralTileExamples(tileMaps: [map])
        #expect(examples.vocabulary == 2)
        #expect(examples.maps[0][0, 0] == 0 && examples.maps[0][1, 0] == 1)
    }

    @Test func checkpointsWithNaNWeightsOrANegativeEpochAreRefused() throws {
        let trainer = try NeuralTileTrainer(examples: NeuralFixtures.examples, parameters: NeuralFixtures.parameters)
        trainer.trainEpoch()
        var poisoned = trainer.model.checkpoint()
        let weight = try #require(poisoned.tensors["tiles.hidden.weight"])
        var scalars = weight.scalars
        scalars[3] = .nan
        poisoned.tensors["tiles.hidden.weight"] = Tensor(shape: weight.shape, scalars: scalars)
        let error = try #require(throws: LoomError.self) { try NeuralTileModel(checkpoint: poisoned, source: "p.st") }
        #expect(error.message == "p.st: tensor 'tiles.hidden.weight' holds NaN or infinite values")
        var negative = trainer.checkpoint()
        negative.metadata["loom.training.epoch"] = "-4"
        let resumed = try #require(throws: LoomError.self) {
            try NeuralTileTrainer(resuming: negative, examples: NeuralFixtures.examples, source: "n.st")
        }
        #expect(resumed.message.contains("n.st: loom.training.epoch is -4"))
        var examples = trainer.model.checkpoint()
        examples.tensors["examples.0"] = Tensor(shape: [1, 2], scalars: [1, .infinity])
        #expect(NeuralTileExamples(storedIn: examples, palette: NeuralFixtures.palette) == nil)
    }
}
