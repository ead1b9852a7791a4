import LoomCore
import LoomLearn

/// Trains a ``NeuralTileModel`` on example maps with AdamW and cross-entropy over every cell.
///
/// Training is a pure function of the examples and the parameters' seed: each epoch visits the
/// cells in an order shuffled from `seed.derive("epoch", n)`, so stopping after any epoch and
/// resuming from ``checkpoint()`` gives the same weights as an uninterrupted run.
public final class NeuralTileTrainer {
    /// The model being trained.
    public let model: NeuralTileModel
    /// The examples' tile grids and palette.
    public let examples: NeuralTileExamples
    /// The optimizer, whose state is part of the resumable checkpoint.
    public let optimizer: AdamW
    /// Epochs completed.
    public private(set) var epoch = 0
    /// Mean cross-entropy (nats per cell) of the last completed epoch, or `nan` before any.
    public private(set) var lastLoss = Float.nan

    /// Where each example cell lives (example index, x, y), in raster order; contexts are
    /// gathered per batch so memory stays proportional to the examples, not to the window.
    private let cells: [(map: Int32, x: Int32, y: Int32)]

    /// A trainer for a fresh model shaped by `parameters`.
    public init(examples: NeuralTileExamples, parameters: NeuralTileParameters) throws {
        self.examples = examples
        model = try NeuralTileModel(parameters: parameters, palette: examples.palette)
        var configuration = AdamW.Configuration()
        configuration.learningRate = parameters.learningRate
        configuration.decaysOnlyMatrices = true
        optimizer = AdamW(parameters: model.parameters, configuration: configuration)
        var cells: [(map: Int32, x: Int32, y: Int32)] = []
        cells.reserveCapacity(examples.cellCount)
        for (index, map) in examples.maps.enumerated() {
            for y in 0..<map.height {
                for x in 0..<map.width { cells.append((Int32(index), Int32(x), Int32(y))) }
            }
        }
        self.cells = cells
    }

    /// Cells seen per epoch.
    public var positionsPerEpoch: Int { cells.count }

    /// Appends the contexts and targets of the cells at `indices`, in that order.
    private func gather<S: Sequence<Int>>(_ indices: S, _ contexts: inout [Int], _ targets: inout [Int]) {
        for index in indices {
            let cell = cells[index]
            let map = examples.maps[Int(cell.map)]
            model.appendContext(of: map, x: Int(cell.x), y: Int(cell.y), into: &contexts)
            targets.append(Int(map[Int(cell.x), Int(cell.y)]))
        }
    }

    /// Runs one epoch and returns its mean loss.
    @discardableResult
    public func trainEpoch() -> Float {
        let configuration = model.configuration
        var order = Array(0..<cells.count)
        var random = Seed(configuration.seed).derive("epoch").derive(epoch, 0).makeRandom()
        random.shuffle(&order)
        var total: Double = 0
        var start = 0
        var batchContexts: [Int] = []
        var batchTargets: [Int] = []
        while start < order.count {
            let end = min(start + configuration.batchSize, order.count)
            batchContexts.removeAll(keepingCapacity: true)
            batchTargets.removeAll(keepingCapacity: true)
            gather(order[start..<end], &batchContexts, &batchTargets)
            let tape = Tape()
            let loss = model.logits(contexts: batchContexts, on: tape).crossEntropy(targets: batchTargets)
            tape.backward(from: loss)
            clipGradientNorm(model.parameters, maxNorm: 5)
            optimizer.step()
            total += Double(loss.value.scalar) * Double(end - start)
            start = end
        }
        epoch += 1
        lastLoss = Float(total / Double(max(1, order.count)))
        return lastLoss
    }

    /// Mean cross-entropy of the current weights over every example cell, without training.
    public func evaluate() -> Float {
        var total: Double = 0
        var contexts: [Int] = []
        var targets: [Int] = []
        for start in stride(from: 0, to: cells.count, by: 4096) {
            let end = min(start + 4096, cells.count)
            contexts.removeAll(keepingCapacity: true)
            targets.removeAll(keepingCapacity: true)
            gather(start..<end, &contexts, &targets)
            let loss = model.logits(contexts: contexts, on: Tape(recording: false)).crossEntropy(targets: targets)
            total += Double(loss.value.scalar) * Double(end - start)
        }
        return Float(total / Double(max(1, cells.count)))
    }

    /// A resumable training checkpoint: weights, AdamW state, epoch and the model metadata.
    public func checkpoint() -> Checkpoint {
        var checkpoint = model.checkpoint()
        for (name, tensor) in optimizer.state { checkpoint.tensors[name] = tensor }
        checkpoint.metadata["loom.training.epoch"] = String(epoch)
        checkpoint.metadata["loom.training.loss"] = String(lastLoss)
        return checkpoint
    }

    /// Resumes from a ``checkpoint()`` written by a trainer on the same examples; `epochs`
    /// replaces the stored target epoch count when given.
    public convenience init(resuming checkpoint: Checkpoint, examples: NeuralTileExamples, source: String) throws {
        let stored = try NeuralTileModel(checkpoint: checkpoint, source: source)
        guard stored.palette == examples.palette else {
            throw LoomError(
                .invalidArgument,
                "\(source) was trained on examples with other tile colours; resume with the same examples")
        }
        guard let epochText = checkpoint.metadata["loom.training.epoch"], let epoch = Int(epochText) else {
            throw LoomError(.format, "\(source) is a finished model, not a training checkpoint (no epoch count)")
        }
        guard epoch >= 0 else {
            throw LoomError(.format, "\(source): loom.training.epoch is \(epoch); a checkpoint's epoch is 0 or more")
        }
        try self.init(examples: examples, parameters: stored.configuration)
        try checkpoint.restore(into: model, source: source)
        try optimizer.restore(checkpoint.tensors, source: source)
        self.epoch = epoch
        lastLoss = Float(checkpoint.metadata["loom.training.loss"] ?? "") ?? .nan
    }
}
