import Foundation
import LoomCore
import LoomLearn

/// A sentence-transformers model (such as all-MiniLM-L6-v2) as a ``TextEmbedder``: WordPiece
/// tokenisation, a BERT encoder, mean pooling and L2 normalisation.
///
/// Load it from the model's folder (`config.json`, `model.safetensors`, `vocab.txt`, and
/// optionally `1_Pooling/config.json`, `sentence_bert_config.json`, `modules.json`); a folder
/// name without a path is looked up on the ``ModelSearchPath``. Texts longer than the model's
/// sequence length (256 tokens for all-MiniLM-L6-v2, `[CLS]` and `[SEP]` included) are
/// truncated. Embedding is thread-safe: the model is immutable.
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
    public let identifier: String
    let encoder: BertEncoder

    /// The sentence model Loom ships (`Scripts/fetch-models` downloads it into `Models/`).
    public static let defaultModelName = "all-MiniLM-L6-v2"

    /// The most tokens (over all texts) one forward pass takes; larger calls are cut into
    /// several passes of whole texts, in order. Default: 4096, about 30 MB of activations.
    public var tokensPerPass = 4096

    /// Reads a model folder, given as a path or as a name the ``ModelSearchPath`` finds.
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
        self.identifier = url.standardizedFileURL.lastPathComponent
        self.encoder = BertEncoder(configuration: configuration, weights: weights)
    }

    /// The length of every embedding (384 for all-MiniLM-L6-v2).
    public var dimension: Int { configuration.hiddenSize }

    /// The token ids the model sees for `text`: `[CLS]`, the WordPiece ids truncated to
    /// ``BertConfiguration/maxSequenceLength`` − 2, `[SEP]`.
    public func tokens(_ text: String) -> [Int] {
        tokenizer.encode(text, maxLength: configuration.maxSequenceLength)
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
            let pooled = encoder.embed(Array(sequences[start..<end]))
            let h = dimension
            pooled.withUnsafeBufferPointer { values in
                for row in 0..<(end - start) { result.append(Array(values[(row * h)..<((row + 1) * h)])) }
            }
            start = end
        }
        return result
    }
}
