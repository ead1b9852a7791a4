import Foundation
import LoomCore
import LoomLearn

/// A sentence-transformers model (such as all-MiniLM-L6-v2) as a `TextEmbedder`: WordPiece
/// tokenisation, a BERT encoder, mean pooling and L2 normalisation.
///
/// Load it from the model's folder (`config.json`, `model.safetensors`, `vocab.txt`, and
/// optionally `1_Pooling/config.json`, `sentence_bert_config.json`, `modules.json`); a folder
/// name without a path is looked up on the `ModelSearchPath`. Texts longer than the model's
/// sequence length (256 tokens for all-MiniLM-L6-v2, `[CLS]` and `[SEP]` included) are
/// truncated. Embedding is thread-safe: the model is immutable.
///
/// By default the encoder's linear layers run with int8 weights (``Precision/int8``), several
/// times faster than float32 and within cosine 0.999 of it; set ``precision`` to
/// ``Precision/float32`` for the exact model (within 1e-6 of a float64 reference).
///
/// ```swift
/// let embedder = try SentenceEmbedder.load(from: "all-MiniLM-L6-v2")
/// let score = try embedder.similarity("light the lamp", "I light the lamp and wait")
/// ```
public struct SentenceEmbedder: TextEmbedder {
    /// The model's shape and pooling.
    public let configuration: BertConfiguration
    /// The tokenizer of the model's `vocab.txt`.
    public let tokenizer: WordPieceTokenizer
    /// The model folder's name (`all-MiniLM-L6-v2`).
    public let name: String
    /// How the encoder computes. Default: ``Precision/int8``.
    public var precision = Precision.int8
    let encoder: BertEncoder
    let quantized: QuantizedBertEncoder
    /// Spelling correction of typed text against the vocabulary; see ``preparing(typed:context:)``.
    public let corrector: TypoCorrector
    /// Whether ``preparing(typed:context:)`` corrects spelling. Default: false: on the
    /// reporting half of Loom's evidence set it fixed no more inputs than it broke (90.5 %
    /// correct either way) and added a false match (3.2 % instead of 2.1 %).
    public var correctsTypos = false
    /// The framing ``preparing(typed:context:)`` strips from typed text ("can I …", "let's …",
    /// "… please") before it is compared with options; `nil` keeps the text whole. Default:
    /// ``TypedFraming/init()``.
    public var framing: TypedFraming? = TypedFraming()

    /// The arithmetic of the encoder's linear layers (90% of its work).
    public enum Precision: String, Sendable, Hashable, Codable, CaseIterable {
        /// int8 weights (one scale per output row, quantised at load) times int16 activations
        /// (one scale per token), summed exactly in integers; the rest in float32. Every
        /// embedding is the same bits on any thread count and on every CPU of one architecture
        /// (x86-64 with or without AVX2), and within cosine 0.999 of ``float32``'s.
        case int8
        /// float32 throughout, on OpenBLAS: within 1e-6 of a float64 reference, and the same bits
        /// on one machine for any thread count (other CPUs agree to about 1e-6).
        case float32
    }

    /// The model's name, plus ` int8` for the int8 precision, so caches never mix the two.
    public var identifier: String { precision == .float32 ? name : name + " int8" }

    /// The sentence model Loom ships (`Scripts/fetch-models` downloads it into `Models/`).
    public static let defaultModelName = "all-MiniLM-L6-v2"

    /// The most tokens (over all texts) one forward pass takes; larger calls are cut into
    /// several passes of whole texts, in order. Default: 4096, about 30 MB of activations.
    public var tokensPerPass = 4096

    /// Reads a model folder, given as a path or as a name the `ModelSearchPath` finds.
    ///
    /// Throws an `.io` error that says how to fetch the model when the folder is missing, and a
    /// `.format` error naming the file for a malformed configuration, vocabulary or checkpoint.
    public static func load(
        from folder: String, searchPath: ModelSearchPath = ModelSearchPath()
    ) throws
        -> SentenceEmbedder
    {
        let path = try searchPath.locate(folder)
        return try SentenceEmbedder(folder: path)
    }

    /// Reads the model folder at `folder`.
    public init(folder: String) throws {
        let url = URL(fileURLWithPath: folder)
        let configuration = try BertConfiguration(folder: folder)
        let vocabulary = url.appendingPathComponent("vocab.txt").path
        let weightsFile = url.appendingPathComponent("model.safetensors").path
        for file in [vocabulary, weightsFile] where !FileManager.default.fileExists(atPath: file) {
            throw LoomError(.io, "\(file) is missing; run Scripts/fetch-models to download the sentence model")
        }
        let tokenizer = try WordPieceTokenizer(vocabularyFile: vocabulary)
        guard tokenizer.count == configuration.vocabSize else {
            throw LoomError(
                .format, "\(vocabulary) has \(tokenizer.count) pieces; config.json says \(configuration.vocabSize)",
                at: SourceLocation(file: vocabulary))
        }
        let checkpoint = try Checkpoint.load(from: weightsFile)
        let weights = try BertWeights(checkpoint: checkpoint, configuration: configuration, source: weightsFile)
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.name = url.standardizedFileURL.lastPathComponent
        self.encoder = BertEncoder(configuration: configuration, weights: weights)
        self.quantized = QuantizedBertEncoder(configuration: configuration, weights: weights)
        self.corrector = TypoCorrector(tokenizer: tokenizer)
    }

    /// The length of every embedding (384 for all-MiniLM-L6-v2).
    public var dimension: Int { configuration.hiddenSize }

    /// The token ids the model sees for `text`: `[CLS]`, the WordPiece ids truncated to
    /// ``BertConfiguration/maxSequenceLength`` − 2, `[SEP]`.
    public func tokens(_ text: String) -> [Int] {
        tokenizer.encode(text, maxLength: configuration.maxSequenceLength)
    }

    /// Typed `text` without the framing ``framing`` strips ("can I sell the fish?" reads
    /// "sell the fish?"), then with its spelling corrected by ``corrector`` when
    /// ``correctsTypos`` is set: each word of three or more letters the vocabulary lacks
    /// becomes the closest vocabulary word, preferring the words of `context` (the options and
    /// hints it is compared with).
    public func preparing(typed text: String, context: [String]) -> String {
        let action = framing?.strip(text) ?? text
        return correctsTypos ? corrector.correct(action, context: context) : action
    }

    /// One unit-length vector per text. Batches of many texts run as few large passes.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        let sequences = texts.map(tokens)
        var result: [[Float]] = []
        result.reserveCapacity(texts.count)
        var start = 0
        while start < sequences.count {
            var end = start
            var total = 0
            while end < sequences.count && (end == start || total + sequences[end].count <= tokensPerPass) {
                total += sequences[end].count
                end += 1
            }
            let batch = Array(sequences[start..<end])
            let h = dimension
            let pooled: [Float]
            switch precision {
            case .float32: pooled = encoder.embed(batch).scalars
            case .int8: pooled = quantized.embed(batch, embeddings: encoder.weights, threads: Compute.threadCount)
            }
            for row in 0..<(end - start) { result.append(Array(pooled[(row * h)..<((row + 1) * h)])) }
            start = end
        }
        return result
    }
}
