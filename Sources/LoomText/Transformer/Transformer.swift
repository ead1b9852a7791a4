import LoomCore

/// A llama-style decoder-only transformer, loaded from a llama2.c checkpoint or a GGUF file.
///
/// The weights are read-only and shared: one `Transformer` serves any number of
/// ``TransformerState`` values (one per generation), on any threads.
///
/// ```swift
/// let model = try Transformer.load(from: "stories15M.bin")
/// var state = TransformerState(model)
/// let logits = try state.forward(token: 1, position: 0)
/// ```
public struct Transformer: Sendable {
    /// The model's shape.
    public let config: TransformerConfig
    /// The float32 weights in llama2.c's layout, for models read from llama2.c files, trained
    /// or made at random; `nil` for GGUF models, whose weights stay in the file as stored.
    let weights: TransformerWeights?
    /// What the forward pass reads.
    let tensors: TransformerTensors
    /// The file the model came from (or `<memory>`), named in errors the forward pass throws.
    let source: String

    init(config: TransformerConfig, weights: TransformerWeights, source: String = "<memory>") {
        self.config = config
        self.weights = weights
        self.tensors = TransformerTensors(config: config, weights: weights)
        self.source = source
    }

    init(config: TransformerConfig, tensors: TransformerTensors, source: String = "<memory>") {
        self.config = config
        self.weights = nil
        self.tensors = tensors
        self.source = source
    }

    /// Loads a model, choosing the reader from the file's first bytes (GGUF or llama2.c).
    ///
    /// GGUF files are memory-mapped, not copied; llama2.c files are read whole, as
    /// ``loadLlama2c(from:)`` reads them. Throws a `.format` error naming the path and what was
    /// found when the file is truncated or its header is invalid.
    public static func load(from path: String) throws -> Transformer {
        let storage = try WeightStorage.map(path: path)
        if storage.count >= 4, Array(UnsafeRawBufferPointer(start: storage.base, count: 4)) == GGUFFile.magic {
            return try GGUFFile(storage: storage, name: path).transformer()
        }
        return try loadLlama2c(from: path)
    }

    /// Reads a llama2.c legacy checkpoint: seven little-endian `Int32` header fields (dim,
    /// hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size — negative when the classifier is
    /// separate — and seq_len), then the float32 weights in llama2.c's order.
    ///
    /// The file is read whole into memory backed by large pages where the system has them: every
    /// weight is streamed for every token, and large pages stream faster than a mapping of the file.
    public static func loadLlama2c(from path: String) throws -> Transformer {
        let storage = try WeightStorage.readIntoLargePages(path: path)
        return try llama2c(storage: storage, name: path)
    }

    /// Reads a llama2.c legacy checkpoint held in memory (copied).
    public static func llama2c(bytes: [UInt8], name: String = "<memory>") throws -> Transformer {
        let storage = bytes.withUnsafeBytes { WeightStorage.copying($0) }
        return try llama2c(storage: storage, name: name)
    }

    static func llama2c(storage: WeightStorage, name: String) throws -> Transformer {
        let headerBytes = 7 * 4
        guard storage.count >= headerBytes else {
            throw LoomError(
                .format, "\(name): truncated llama2.c header: \(storage.count) bytes, expected at least \(headerBytes)")
        }
        let fields = (0..<7).map { Int(storage.int32(at: $0 * 4)) }
        let config = TransformerConfig(
            dim: fields[0], hiddenDim: fields[1], layerCount: fields[2], headCount: fields[3], kvHeadCount: fields[4],
            vocabularySize: abs(fields[5]), sequenceLength: fields[6], sharedClassifier: fields[5] > 0)
        do { try config.validate() } catch let error as LoomError {
            throw LoomError(.format, "\(name): not a llama2.c checkpoint: \(error.message)")
        }
        let (weights, end) = TransformerWeights.llama2cLayout(config, storage: storage, start: headerBytes)
        guard storage.count >= end else {
            throw LoomError(
                .format,
                "\(name): truncated llama2.c checkpoint: \(storage.count) bytes, but the header "
                    + "(dim \(config.dim), hidden \(config.hiddenDim), \(config.layerCount) layers, "
                    + "vocab \(config.vocabularySize)) needs \(end) bytes")
        }
        return Transformer(config: config, weights: weights, source: name)
    }
}
