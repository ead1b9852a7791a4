import ArgumentParser
import Foundation
import Loom

/// `loom train tiles EXAMPLES… --out MODEL.safetensors`: trains the neural tile model.
struct TrainTilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Train the neural tile model on example maps (PNG, one colour per tile kind).",
        discussion: """
            Prints one progress line per epoch to standard error (loss in nats per cell, cells per second, \
            time left) and after each epoch writes a resumable training checkpoint atomically (default: \
            MODEL.training.safetensors beside --out). --resume continues from it up to --epochs in all; the \
            architecture then comes from the checkpoint.
            """)

    @Argument(help: "Example maps: PNG images, each distinct colour one tile kind.")
    var examples: [String]

    @Option(help: "Side of the causal window, odd, 3-15.")
    var window = NeuralTileParameters().window

    @Option(help: "Hidden units, 4-1024.")
    var hidden = NeuralTileParameters().hidden

    @Option(help: "Features per neighbour tile, 1-64.")
    var embedding = NeuralTileParameters().embedding

    @Option(help: "Epochs in all (passes over every example cell).")
    var epochs = NeuralTileParameters().epochs

    @Option(help: "Cells per AdamW step.")
    var batchSize = NeuralTileParameters().batchSize

    @Option(help: "AdamW learning rate.")
    var learningRate = NeuralTileParameters().learningRate

    @Option(help: "Seed of the initial weights and the cell order.")
    var seed: UInt64 = NeuralTileParameters().seed

    @Option(help: "A training checkpoint to continue from.")
    var resume: String?

    @Option(help: "Where to write the training checkpoint each epoch.")
    var checkpoint: String?

    @Option(help: "Where to write the model (.safetensors).")
    var out: String

    func run() throws {
        try AtomicFile.refuseOverwriting(out, inputs: examples + (resume.map { [$0] } ?? []))
        let examples = try NeuralTileExamples(pngPaths: examples)
        let trainer: NeuralTileTrainer
        if let resume {
            trainer = try NeuralTileTrainer(
                resuming: Checkpoint.load(from: resume), examples: examples, source: resume)
        } else {
            var parameters = NeuralTileParameters()
            parameters.window = window
            parameters.hidden = hidden
            parameters.embedding = embedding
            parameters.epochs = epochs
            parameters.batchSize = batchSize
            parameters.learningRate = learningRate
            parameters.seed = seed
            trainer = try NeuralTileTrainer(examples: examples, parameters: parameters)
        }
        let checkpointPath = checkpoint ?? Self.trainingPath(for: out)
        let model = trainer.model
        printError(
            "examples    \(examples.maps.count) maps, \(examples.cellCount) cells, \(examples.vocabulary) tile kinds"
        )
        printError(
            "model       window \(model.configuration.window), \(model.configuration.contextCount) neighbours, "
                + "\(model.parameterCount) weights")
        let clock = ContinuousClock()
        let start = clock.now
        let first = trainer.epoch
        while trainer.epoch < epochs {
            let loss = trainer.trainEpoch()
            var state = trainer.checkpoint()
            examples.store(in: &state)
            try state.save(to: checkpointPath)
            let elapsed = Self.seconds(clock.now - start)
            let done = trainer.epoch - first
            let rate = Double(done * trainer.positionsPerEpoch) / max(elapsed, 1e-9)
            let left = elapsed / Double(done) * Double(epochs - trainer.epoch)
            printError(
                String(
                    format: "epoch %d/%d  loss %.4f  %.0f positions/s  %.1f s left", trainer.epoch, epochs,
                    loss, rate, left))
        }
        var final = model.checkpoint()
        examples.store(in: &final)
        try final.save(to: out)
        print("wrote tile model (\(examples.vocabulary) tile kinds, epoch \(trainer.epoch)) to \(out)")
    }

    static func trainingPath(for out: String) -> String {
        let url = URL(fileURLWithPath: out)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        return base.path + ".training.safetensors"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
