import Foundation
import LoomCore

/// The shape of a BERT encoder, as a Hugging Face `config.json` gives it, and how a sentence
/// model pools its token vectors (`1_Pooling/config.json`, `sentence_bert_config.json`).
///
/// Only what the encoder uses is read; unknown keys are ignored. Defaults are BERT-base's.
public struct BertConfiguration: Sendable, Hashable, Codable {
    /// Pieces in the vocabulary. Default: 30522.
    public var vocabSize = 30522
    /// Width of every token vector. Default: 768 (384 for all-MiniLM-L6-v2).
    public var hiddenSize = 768
    /// Encoder layers. Default: 12 (6 for all-MiniLM-L6-v2).
    public var layerCount = 12
    /// Attention heads per layer; must divide ``hiddenSize``. Default: 12.
    public var headCount = 12
    /// Width of the feed-forward layer. Default: 3072 (1536 for all-MiniLM-L6-v2).
    public var intermediateSize = 3072
    /// Positions the model has embeddings for. Default: 512.
    public var maxPositions = 512
    /// Token types (segments). Default: 2.
    public var typeCount = 2
    /// The epsilon of every layer normalisation. Default: 1e-12.
    public var layerNormEpsilon: Float = 1e-12
    /// Longest sequence embedded, `[CLS]` and `[SEP]` included; longer texts are truncated.
    /// Default: 256 (`sentence_bert_config.json`'s `max_seq_length`), at most ``maxPositions``.
    public var maxSequenceLength = 256
    /// How token vectors become one sentence vector.
    public var pooling = Pooling.mean
    /// Scale sentence vectors to length 1 (sentence-transformers' `Normalize` module). Default: true.
    public var normalizes = true

    /// Sentence pooling modes of sentence-transformers.
    public enum Pooling: String, Sendable, Hashable, Codable {
        /// The mean of the token vectors under the attention mask.
        case mean
        /// The vector of the `[CLS]` token.
        case cls
    }

    /// BERT-base's configuration; see each property.
    public init() {}

    /// Reads `config.json` in `folder`, and `1_Pooling/config.json`, `sentence_bert_config.json`
    /// and `modules.json` when present.
    public init(folder: String) throws {
        let url = URL(fileURLWithPath: folder)
        let config = try Self.object(url.appendingPathComponent("config.json").path, required: true)
        func int(_ key: String, _ fallback: Int) throws -> Int {
            guard let value = config[key] else { return fallback }
            guard let number = value.number?.exactly(Int.self), number > 0 else {
                throw LoomError(.format, "'\(key)' must be a positive integer", at: value.location)
            }
            return number
        }
        vocabSize = try int("vocab_size", vocabSize)
        hiddenSize = try int("hidden_size", hiddenSize)
        layerCount = try int("num_hidden_layers", layerCount)
        headCount = try int("num_attention_heads", headCount)
        intermediateSize = try int("intermediate_size", intermediateSize)
        maxPositions = try int("max_position_embeddings", maxPositions)
        typeCount = try int("type_vocab_size", typeCount)
        if let epsilon = config["layer_norm_eps"]?.number { layerNormEpsilon = epsilon.float }
        if let activation = config["hidden_act"], activation.string != "gelu" {
            throw LoomError(
                .format, "hidden_act \(activation.string ?? "?") is not supported; expected \"gelu\"",
                at: activation.location)
        }
        guard hiddenSize % headCount == 0 else {
            throw LoomError(
                .format, "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)",
                at: SourceLocation(file: url.appendingPathComponent("config.json").path))
        }
        maxSequenceLength = min(maxPositions, maxSequenceLength)
        let sentence = try Self.object(url.appendingPathComponent("sentence_bert_config.json").path, required: false)
        if let length = sentence["max_seq_length"]?.number?.exactly(Int.self), length >= 2 {
            maxSequenceLength = min(maxPositions, length)
        }
        let poolingFile = url.appendingPathComponent("1_Pooling/config.json").path
        let poolingConfig = try Self.object(poolingFile, required: false)
        if poolingConfig["pooling_mode_cls_token"]?.bool == true {
            pooling = .cls
        } else if let other = ["pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"].first(where: {
            poolingConfig[$0]?.bool == true
        }) {
            throw LoomError(
                .format, "\(other) is not supported; Loom pools by mean or [CLS]",
                at: poolingConfig[other]?.location)
        }
        let modulesFile = url.appendingPathComponent("modules.json").path
        if FileManager.default.fileExists(atPath: modulesFile),
            let text = try? String(contentsOfFile: modulesFile, encoding: .utf8)
        {
            normalizes = text.contains("sentence_transformers.models.Normalize")
        }
    }

    /// Size of one attention head.
    public var headSize: Int { hiddenSize / headCount }

    private static func object(_ path: String, required: Bool) throws -> [String: LocatedJSON] {
        guard FileManager.default.fileExists(atPath: path) else {
            if !required { return [:] }
            throw LoomError(.io, "\(path) is missing; a BERT model folder needs config.json")
        }
        let json = try LocatedJSON.load(from: path)
        guard let members = json.members else {
            throw LoomError(.format, "expected a JSON object", at: json.location)
        }
        return Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
