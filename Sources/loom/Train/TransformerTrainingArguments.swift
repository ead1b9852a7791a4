import ArgumentParser
import Foundation
import Loom

#if canImport(Glibc)
    import Glibc
#endif

/// The options of `loom train text --model transformer`, and the run itself.
struct TransformerTrainingArguments: ParsableArguments {
    @Option(help: "Transformer: width of the residual stream (default 128).")
    var dim: Int?

    @Option(help: "Transformer: number of blocks (default 4).")
    var layers: Int?

    @Option(help: "Transformer: attention heads; must divide --dim (default 4).")
    var heads: Int?

    @Option(help: "Transformer: feed-forward width (default ⅔·4·dim rounded up to 32).")
    var hidden: Int?

    @Option(help: "Transformer: context length in tokens (default 128).")
    var context: Int?

    @Option(help: "Transformer: BPE vocabulary size; 0 for bytes only (default 512).")
    var vocab: Int?

    @Option(help: "Transformer: optimisation steps (default 1000).")
    var steps: Int?

    @Option(help: "Transformer: windows per step (default 16).")
    var batch: Int?

    @Option(name: .customLong("learning-rate"), help: "Transformer: peak learning rate (default 0.001).")
    var learningRate: Float?

    @Option(help: "Transformer: dropout rate during training, at least 0 and below 1 (default 0).")
    var dropout: Float?

    @Option(help: "Transformer: seed of the weights and batches (default 0).")
    var seed: UInt64?

    @Option(help: "Transformer: tensor type of the matrices in the GGUF file: f32, f16 or q8_0 (default f32).")
    var quantize: String?

    @Option(help: "Transformer: threads for the matrix products (default: all cores; results are identical).")
    var threads: Int?

    @Option(name: .customLong("report-every"), help: "Transformer: steps between progress lines (default 50).")
    var reportEvery: Int?

    @Option(help: "Transformer: the model's general.name (default: the output file's name).")
    var name: String?

    /// The first transformer option given, for the error when the model kind is not a transformer.
    var firstGivenOption: String? {
        let given: [(String, Bool)] = [
            ("--dim", dim != nil), ("--layers", layers != nil), ("--heads", heads != nil), ("--hidden", hidden != nil),
            ("--context", context != nil), ("--vocab", vocab != nil), ("--steps", steps != nil),
            ("--batch", batch != nil), ("--learning-rate", learningRate != nil), ("--seed", seed != nil),
            ("--dropout", dropout != nil),
            ("--quantize", quantize != nil), ("--threads", threads != nil), ("--report-every", reportEvery != nil),
            ("--name", name != nil),
        ]
        return given.first { $0.1 }?.0
    }

    var options: TransformerTrainingOptions {
        var options = TransformerTrainingOptions()
        if let dim { options.dim = dim }
        if let layers { options.layers = layers }
        if let heads { options.heads = heads }
        options.hiddenDim = hidden
        if let context { options.context = context }
        if let vocab { options.vocabularySize = vocab }
        if let steps { options.steps = steps }
        if let batch { options.batchSize = batch }
        if let learningRate { options.learningRate = learningRate }
        if let seed { options.seed = seed }
        if let dropout { options.dropout = dropout }
        if let reportEvery { options.reportInterval = reportEvery }
        return options
    }

    func tensorType() throws -> GGUFTensorType {
        switch (quantize ?? "f32").lowercased() {
        case "f32": return .f32
        case "f16": return .f16
        case "q8_0", "q8": return .q8_0
        default: throw LoomError(.invalidArgument, "--quantize must be f32, f16 or q8_0 (got '\(quantize ?? "")')")
        }
    }

    func train(corpus: [String], out: String) throws {
        let type = try tensorType()
        if let threads { Compute.threadCount = threads }
        let texts = try corpus.map(AtomicFile.readText)
        let clock = ContinuousClock()
        let start = clock.now
        let trainer = try TransformerTrainer(texts: texts, options: options)
        let c = trainer.config
        let display = TrainingProgressDisplay(interactive: isatty(2) != 0)
        display.line(
            "model       dim \(c.dim), \(c.layerCount) layers, \(c.headCount) heads, hidden \(c.hiddenDim), "
                + "context \(c.sequenceLength), vocabulary \(c.vocabularySize), \(c.parameterCount) parameters")
        display.line(
            "tokens      \(trainer.validationStart) training, \(trainer.tokens.count - trainer.validationStart) held out"
        )
        let result = try trainer.train { display.show($0) }
        display.finish()
        let modelName = name ?? URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent
        try result.model.exportGGUF(to: out, tokenizer: result.tokenizer, name: modelName, type: type)
        let total = clock.now - start
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18
        print("parameters  \(c.parameterCount)")
        print("tokens      \(result.trainingTokenCount) training, \(result.validationTokenCount) held out")
        print(
            String(
                format: "loss        train %.4f, validation %@", result.finalLoss,
                result.validationLoss.map { String(format: "%.4f", $0) } ?? "-"))
        print(
            String(
                format: "speed       %.0f tokens/s",
                Double(options.steps * options.batchSize * options.context) / max(result.seconds, 1e-9)))
        print("model       \(out): \(TextCommandSupport.size(TrainTextCommand.fileSize(out))) (\(type))")
        print(String(format: "time        %.1f s", seconds))
    }
}

/// Progress on standard error: one line rewritten in place on a terminal, a line per report otherwise.
final class TrainingProgressDisplay {
    let interactive: Bool
    private var pending = false

    init(interactive: Bool) { self.interactive = interactive }

    func line(_ text: String) {
        finish()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func show(_ p: TransformerTrainingProgress) {
        let validation = p.validationLoss.map { String(format: " val %.4f", $0) } ?? ""
        let text = String(
            format: "step %d/%d  loss %.4f%@  lr %.2e  %.0f tok/s  %@ elapsed, ETA %@", p.step, p.totalSteps, p.loss,
            validation, p.learningRate, p.tokensPerSecond, Self.duration(p.elapsedSeconds),
            Self.duration(p.remainingSeconds))
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            pending = true
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func finish() {
        if pending { FileHandle.standardError.write(Data("\n".utf8)) }
        pending = false
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%dh%02dm", s / 3600, s / 60 % 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
