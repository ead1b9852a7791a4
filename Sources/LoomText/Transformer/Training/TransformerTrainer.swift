import Foundation
import LoomCore
import LoomLearn

/// One progress report of ``TransformerTrainer/train(progress:)``.
public struct TransformerTrainingProgress: Sendable {
    /// Steps done so far (1 after the first step).
    public var step: Int
    /// Steps in the whole run.
    public var totalSteps: Int
    /// Mean training loss (nats per token) over the steps since the previous report.
    public var loss: Float
    /// Loss on the held-out tail, when this report measured it (every report does when a tail
    /// is held out).
    public var validationLoss: Float?
    /// The learning rate of the last step.
    public var learningRate: Float
    /// Training tokens processed per second so far (wall clock; for display only).
    public var tokensPerSecond: Double
    /// Seconds since training started.
    public var elapsedSeconds: Double
    /// Estimated seconds until the last step.
    public var remainingSeconds: Double
}

/// What a finished training run produced.
public struct TransformerTrainingResult: Sendable {
    /// The trained model, ready for ``TransformerState`` or ``GGUFWriter``.
    public var model: Transformer
    /// The vocabulary the model was trained with.
    public var tokenizer: LlamaTokenizer
    /// Mean training loss over the last report interval.
    public var finalLoss: Float
    /// Loss on the held-out tail after the last step, `nil` when nothing was held out.
    public var validationLoss: Float?
    /// Tokens in the training part of the stream.
    public var trainingTokenCount: Int
    /// Tokens in the held-out tail.
    public var validationTokenCount: Int
    /// Wall-clock seconds the optimisation took (for display only).
    public var seconds: Double
}

/// Trains a llama-architecture transformer on prose with LoomLearn.
///
/// The texts are split into paragraphs at blank lines; the vocabulary is learned from them
/// (or is byte-level), and each paragraph is encoded by ``LlamaTokenizer`` itself as
/// `<s> paragraph </s>`, so training sees exactly the tokens inference will. The last
/// ``TransformerTrainingOptions/validationFraction`` of the stream is held out. Each step draws
/// ``TransformerTrainingOptions/batchSize`` windows at seeded random offsets, then takes an
/// AdamW step with warm-up, cosine decay and gradient clipping.
///
/// ```swift
/// let trainer = try TransformerTrainer(
///     texts: [try String(contentsOfFile: "corpus.txt", encoding: .utf8)], options: options)
/// let result = try trainer.train { print($0.step, $0.loss) }
/// try result.model.exportGGUF(to: "model.gguf", tokenizer: result.tokenizer, name: "prose")
/// ```
public final class TransformerTrainer {
    /// The options of this run.
    public let options: TransformerTrainingOptions
    /// The vocabulary, learned from the texts on init.
    public let tokenizer: LlamaTokenizer
    /// The whole token stream: training part, then the held-out tail.
    public let tokens: [Int]
    /// Where the held-out tail starts in ``tokens``.
    public let validationStart: Int
    let model: LlamaTrainingModel

    /// Learns the vocabulary and encodes the corpus. Throws `.invalidArgument` for options out
    /// of range (such as a dim not divisible by the heads), an empty corpus, or a corpus too
    /// short for one window of the context.
    public init(texts: [String], options: TransformerTrainingOptions) throws {
        try options.validate()
        self.options = options
        let paragraphs = Self.paragraphs(texts)
        guard !paragraphs.isEmpty else {
            throw LoomError(.invalidArgument, "transformer training: the corpus is empty (no non-blank text)")
        }
        let tokenizer =
            options.vocabularySize == 0
            ? LlamaTokenizer.bytes()
            : try LlamaTokenizer.train(texts: paragraphs, vocabularySize: options.vocabularySize)
        self.tokenizer = tokenizer
        tokens = paragraphs.flatMap { tokenizer.encode($0, bos: true, eos: true) }
        let held = Int((Double(tokens.count) * options.validationFraction).rounded(.down))
        validationStart = tokens.count - held
        guard validationStart > options.context else {
            throw LoomError(
                .invalidArgument,
                "transformer training: the corpus gives \(validationStart) training tokens, too few for one window "
                    + "of context \(options.context) (use a smaller --context or more text)")
        }
        let config = options.config(vocabularySize: tokenizer.vocabularySize)
        try config.validate()
        model = LlamaTrainingModel(config: config, seed: Seed(options.seed).derive("weights"))
    }

    /// The model's shape.
    public var config: TransformerConfig { model.config }

    /// Non-blank paragraphs (split at blank lines), trimmed, with their inner line breaks kept.
    ///
    /// A paragraph longer than ``longParagraph`` characters (a corpus with one sentence per
    /// line and no blank lines, say) is split into its lines instead, because encoding by
    /// merges costs time quadratic in the length of each piece of text encoded.
    static func paragraphs(_ texts: [String]) -> [String] {
        texts.flatMap { text in
            text.replacingOccurrences(of: "\r\n", with: "\n")
                .components(separatedBy: "\n\n")
                .flatMap { block in
                    block.unicodeScalars.count > longParagraph ? block.components(separatedBy: "\n") : [block]
                }
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
        }
    }

    /// Paragraphs longer than this many characters are split at their line breaks.
    static let longParagraph = 8192

    /// Runs every step, calling `progress` after the first step, every
    /// ``TransformerTrainingOptions/reportInterval`` steps and after the last, and returns the model.
    public func train(progress: (TransformerTrainingProgress) -> Void = { _ in }) throws -> TransformerTrainingResult {
        let (batch, time) = (options.batchSize, options.context)
        let parameters = model.parameters
        var adam = AdamW.Configuration()
        adam.weightDecay = options.weightDecay
        adam.decaysOnlyMatrices = true
        adam.beta2 = 0.95
        let optimizer = AdamW(parameters: parameters, configuration: adam)
        let schedule = LearningRateSchedule(
            peak: options.learningRate, minimum: options.learningRate * options.finalLearningRateFraction,
            warmupSteps: options.effectiveWarmupSteps, totalSteps: options.steps)
        var random = Seed(options.seed).derive("batches").makeRandom()
        let dropoutSeed = Seed(options.seed).derive("dropout")
        var inputs = [Int](repeating: 0, count: batch * time)
        var targets = inputs
        let clock = ContinuousClock()
        let start = clock.now
        var lossSum: Double = 0
        var lossCount = 0
        var lastLoss: Float = .nan
        var lastValidation: Float?
        for step in 0..<options.steps {
            for b in 0..<batch {
                let offset = random.nextInt(below: validationStart - time)
                for t in 0..<time {
                    inputs[b * time + t] = tokens[offset + t]
                    targets[b * time + t] = tokens[offset + t + 1]
                }
            }
            let rate = schedule.rate(at: step)
            optimizer.learningRate = rate
            let tape = Tape()
            let dropout = (rate: options.dropout, seed: dropoutSeed.derive(step, 0))
            let loss = model.loss(
                inputs: inputs, targets: targets, batch: batch, time: time, on: tape, dropout: dropout)
            let value = loss.value.scalar
            guard value.isFinite else {
                throw LoomError(
                    .invalidArgument,
                    "transformer training diverged at step \(step + 1) (loss \(value)); try a lower --learning-rate")
            }
            tape.backward(from: loss)
            if options.gradientClip > 0 { clipGradientNorm(parameters, maxNorm: options.gradientClip) }
            optimizer.step()
            lossSum += Double(value)
            lossCount += 1
            let done = step + 1
            if done == 1 || done % options.reportInterval == 0 || done == options.steps {
                lastLoss = Float(lossSum / Double(lossCount))
                lossSum = 0
                lossCount = 0
                lastValidation = validationLoss()
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                progress(
                    TransformerTrainingProgress(
                        step: done, totalSteps: options.steps, loss: lastLoss, validationLoss: lastValidation,
                        learningRate: rate, tokensPerSecond: seconds > 0 ? Double(done * batch * time) / seconds : 0,
                        elapsedSeconds: seconds, remainingSeconds: seconds / Double(done) * Double(options.steps - done)
                    ))
            }
        }
        let elapsed = clock.now - start
        return TransformerTrainingResult(
            model: model.transformer(), tokenizer: tokenizer, finalLoss: lastLoss, validationLoss: lastValidation,
            trainingTokenCount: validationStart, validationTokenCount: tokens.count - validationStart,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Mean loss over the held-out tail in consecutive windows (at most 32 of them), or `nil`
    /// when the tail is shorter than two tokens.
    public func validationLoss() -> Float? {
        let tail = tokens.count - validationStart
        guard tail >= 2 else { return nil }
        let time = min(options.context, tail - 1)
        let windows = min(32, (tail - 1) / time)
        var total: Double = 0
        var chunk = 0
        while chunk < windows {
            let batch = min(options.batchSize, windows - chunk)
            var inputs: [Int] = []
            var targets: [Int] = []
            for w in chunk..<(chunk + batch) {
                let offset = validationStart + w * time
                inputs += tokens[offset..<(offset + time)]
                targets += tokens[(offset + 1)..<(offset + time + 1)]
            }
            let tape = Tape(recording: false)
            let loss = model.loss(inputs: inputs, targets: targets, batch: batch, time: time, on: tape)
            total += Double(loss.value.scalar) * Double(batch)
            chunk += batch
        }
        return Float(total / Double(windows))
    }
}
