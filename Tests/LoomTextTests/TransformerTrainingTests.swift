import Foundation
import LoomCore
import LoomLearn
import Testing

@testable import LoomText

@Suite("Transformer training")
struct TransformerTrainingTests {
    /// Largest difference between the training forward pass over one window and inference
    /// position by position.
    static func largestDifference(_ trainer: TransformerTrainer, _ model: Transformer, window: [Int]) throws -> Float {
        let tape = Tape(recording: false)
        let logits = trainer.model.logits(window, batch: 1, time: window.count, on: tape).value
        var state = TransformerState(model)
        var worst: Float = 0
        let vocabulary = model.config.vocabularySize
        for (position, token) in window.enumerated() {
            let inference = try state.forward(token: token, position: position)
            for j in 0..<vocabulary {
                worst = max(worst, abs(inference[j] - logits.scalars[position * vocabulary + j]))
            }
        }
        return worst
    }

    @Test("the training forward pass gives inference's logits, before and after GGUF", arguments: [true, false])
    func trainingMatchesInference(shared: Bool) throws {
        var options = TrainingFixtures.options(steps: 3)
        options.sharedClassifier = shared
        let trainer = try TransformerTrainer(texts: [TrainingFixtures.corpus], options: options)
        let result = try trainer.train()
        let window = Array(trainer.tokens[5..<21])
        #expect(try Self.largestDifference(trainer, result.model, window: window) < 1e-4)
        let bytes = try GGUFWriter.llama(result.model, tokenizer: result.tokenizer, name: "t").encoded()
        let file = try GGUFFile(bytes: bytes)
        let loaded = try file.transformer()
        #expect(loaded.config == result.model.config)
        #expect(try Self.largestDifference(trainer, loaded, window: window) < 1e-4)
        let tokenizer = try file.tokenizer()
        #expect(tokenizer.pieces == result.tokenizer.pieces && tokenizer.scores == result.tokenizer.scores)
    }

    @Test("the loss falls clearly within a few dozen steps")
    func lossFalls() throws {
        var reports: [TransformerTrainingProgress] = []
        let trainer = try TransformerTrainer(texts: [TrainingFixtures.corpus], options: TrainingFixtures.options())
        let result = try trainer.train { reports.append($0) }
        #expect(reports.map(\.step) == [1, 10, 20, 30, 40])
        let first = try #require(reports.first)
        // A uniform guess over 300 tokens costs ln 300 ≈ 5.7 nats.
        #expect(abs(first.loss - log(300)) < 0.3)
        #expect(result.finalLoss < first.loss - 2, "loss \(first.loss) → \(result.finalLoss)")
        let validation = try #require(result.validationLoss)
        #expect(validation < (first.validationLoss ?? 0) - 2)
        #expect(reports.allSatisfy { $0.tokensPerSecond > 0 && $0.remainingSeconds >= 0 })
        #expect(result.trainingTokenCount + result.validationTokenCount == trainer.tokens.count)
    }

    /// Training goes through OpenBLAS, whose kernels depend on the CPU, so the model's bytes are
    /// the same on one machine (any thread count, any run) but only close on another: the
    /// vocabulary (no floats) is pinned, the loss is held to the reference run's within a
    /// tolerance, and the weights are compared between thread counts, never against bits.
    @Test("a tiny run: the same model bytes on any thread count here, the reference loss everywhere")
    func goldenRun() throws {
        var options = TrainingFixtures.options(steps: 6)
        options.batchSize = 16
        func run(threads: Int) throws -> (bytes: [UInt8], result: TransformerTrainingResult) {
            let saved = Compute.threadCount
            Compute.threadCount = threads
            defer { Compute.threadCount = saved }
            let result = try TransformerTrainer(texts: [TrainingFixtures.corpus], options: options).train()
            return (try GGUFWriter.llama(result.model, tokenizer: result.tokenizer, name: "g").encoded(), result)
        }
        let one = try run(threads: 1)
        #expect(one.bytes == (try run(threads: 3)).bytes)
        #expect(one.bytes == (try run(threads: 1)).bytes)
        let pieces = one.result.tokenizer.pieces.map { String(decoding: $0, as: UTF8.self) }
        #expect(StableHasher.hash(bytes: Array(pieces.joined(separator: "\u{0}").utf8)) == 3_524_218_140_388_304_559)
        #expect(abs(one.result.finalLoss - 5.344_501_5) < 1e-3, "final loss \(one.result.finalLoss)")
    }

    @Test("dropout changes training but stays seeded, and never touches inference")
    func dropout() throws {
        var options = TrainingFixtures.options(steps: 4)
        func run(_ rate: Float) throws -> (TransformerTrainer, TransformerTrainingResult) {
            options.dropout = rate
            let trainer = try TransformerTrainer(texts: [TrainingFixtures.corpus], options: options)
            return (trainer, try trainer.train())
        }
        let (trainer, dropped) = try run(0.3)
        let again = try run(0.3).1
        let plain = try run(0).1
        let hash = { (r: TransformerTrainingResult) in
            StableHasher.hash(bytes: try GGUFWriter.llama(r.model, tokenizer: r.tokenizer, name: "d").encoded())
        }
        #expect(try hash(dropped) == hash(again))
        #expect(try hash(dropped) != hash(plain))
        // The validation loss and the exported model run without dropout.
        let window = Array(trainer.tokens[0..<16])
        #expect(try Self.largestDifference(trainer, dropped.model, window: window) < 1e-4)
    }

    @Test("bad options and corpora are named in the error")
    func errors() throws {
        func message(_ texts: [String], _ change: (inout TransformerTrainingOptions) -> Void) -> String {
            var options = TrainingFixtures.options()
            change(&options)
            do {
                _ = try TransformerTrainer(texts: texts, options: options)
                return "no error"
            } catch let error as LoomError { return error.message } catch { return "\(error)" }
        }
        let corpus = [TrainingFixtures.corpus]
        #expect(message(["", "  \n\n \n"]) { _ in }.contains("the corpus is empty"))
        #expect(message(corpus) { $0.heads = 3 }.contains("heads (3) must divide dim (32)"))
        #expect(message(corpus) { $0.heads = 32 }.contains("head size dim/heads must be even"))
        #expect(message(corpus) { $0.vocabularySize = 100 }.contains("vocab must be 0 (bytes) or in 260...65536"))
        #expect(message(["A short line."]) { _ in }.contains("too few for one window of context 16"))
        #expect(message(corpus) { $0.context = 1 }.contains("context must be in 2...4096"))
        #expect(message(corpus) { $0.dropout = 1 }.contains("dropout must be in 0..<1"))
        #expect(message(corpus) { _ in } == "no error")
    }
}

@Suite("Transformer training options")
struct TransformerTrainingOptionsTests {
    @Test("options round-trip through JSON, and missing keys keep their defaults")
    func codable() throws {
        var options = TransformerTrainingOptions()
        options.dim = 64
        options.hiddenDim = 96
        options.dropout = 0.25
        options.seed = 99
        let data = try JSONEncoder().encode(options)
        #expect(try JSONDecoder().decode(TransformerTrainingOptions.self, from: data) == options)
        let partial = try JSONDecoder().decode(
            TransformerTrainingOptions.self, from: Data(#"{"steps": 20, "heads": 2}"#.utf8))
        var expected = TransformerTrainingOptions()
        expected.steps = 20
        expected.heads = 2
        #expect(partial == expected)
        #expect(partial.effectiveWarmupSteps == 2 && partial.hiddenDim == nil)
        #expect(partial.config(vocabularySize: 300).hiddenDim == 352)
    }

    @Test("paragraphs split at blank lines; a long block without them splits at its lines")
    func paragraphs() {
        #expect(TransformerTrainer.paragraphs(["One.\nTwo.\r\n\r\n  Three. \n\n\n"]) == ["One.\nTwo.", "Three."])
        let lines = (0..<2000).map { "Line \($0) of a corpus." }
        #expect(TransformerTrainer.paragraphs([lines.joined(separator: "\n")]) == lines)
    }
}
