import LoomCore

extension GGUFFile {
    /// The architecture named by `general.architecture`.
    public var architecture: String? { metadata["general.architecture"]?.string }

    /// Builds the llama transformer the file describes.
    ///
    /// Weights are dequantised to float32 once, on load (F16, BF16 and Q8_0 alike), so the
    /// forward pass runs the same BLAS products for every file type at the cost of 4 bytes
    /// per weight in memory. Throws `.format` when the architecture is not `llama`, a
    /// required key or tensor is missing, or a tensor's shape disagrees with the metadata.
    public func transformer() throws -> Transformer {
        guard let architecture else {
            throw LoomError(.format, "\(name): no general.architecture key; cannot tell what model this is")
        }
        guard architecture == "llama" else {
            throw LoomError(
                .format, "\(name): architecture '\(architecture)' is not supported (Loom runs 'llama' models)")
        }
        func integer(_ key: String, default fallback: Int? = nil) throws -> Int {
            if let value = metadata["llama.\(key)"] {
                guard let number = value.int else {
                    throw LoomError(.format, "\(name): llama.\(key) should be an integer (got \(value))")
                }
                return number
            }
            if let fallback { return fallback }
            throw LoomError(.format, "\(name): missing metadata key llama.\(key)")
        }
        guard let embedding = tensor("token_embd.weight"), embedding.dimensions.count == 2 else {
            throw LoomError(.format, "\(name): missing the 2-D tensor token_embd.weight")
        }
        let heads = try integer("attention.head_count")
        let config = TransformerConfig(
            dim: try integer("embedding_length"), hiddenDim: try integer("feed_forward_length"),
            layerCount: try integer("block_count"), headCount: heads,
            kvHeadCount: try integer("attention.head_count_kv", default: heads),
            vocabularySize: embedding.dimensions[1], sequenceLength: try integer("context_length"),
            sharedClassifier: tensor("output.weight") == nil,
            normEpsilon: Float(metadata["llama.attention.layer_norm_rms_epsilon"]?.double ?? 1e-5),
            ropeTheta: Float(metadata["llama.rope.freq_base"]?.double ?? 10000))
        do { try config.validate() } catch let error as LoomError {
            throw LoomError(.format, "\(name): \(error.message)")
        }
        if let rotary = metadata["llama.rope.dimension_count"]?.int, rotary != config.headSize {
            throw LoomError(
                .format,
                "\(name): llama.rope.dimension_count is \(rotary); Loom needs it equal to the head size \(config.headSize)"
            )
        }
        let layout = TransformerWeights.llama2cLayout(config, storage: storage, start: 0, ropeTables: false)
        let dense = try WeightStorage.allocate(byteCount: layout.end) { base in
            let (d, h, kv) = (config.dim, config.hiddenDim, config.kvDim)
            func copy(_ tensorName: String, to offset: Int, rows: Int, columns: Int) throws {
                guard let info = tensor(tensorName) else {
                    throw LoomError(.format, "\(name): missing tensor \(tensorName)")
                }
                let expected = rows == 1 ? [columns] : [columns, rows]
                guard info.dimensions == expected else {
                    throw LoomError(
                        .format, "\(name): tensor \(tensorName) has dimensions \(info.dimensions), expected \(expected)"
                    )
                }
                dequantise(info, into: (base + offset).assumingMemoryBound(to: Float.self))
            }
            let w = layout.weights
            try copy("token_embd.weight", to: w.tokenEmbedding, rows: config.vocabularySize, columns: d)
            for l in 0..<config.layerCount {
                try copy("blk.\(l).attn_norm.weight", to: w.attentionNorm + l * d * 4, rows: 1, columns: d)
                try copy("blk.\(l).attn_q.weight", to: w.wq + l * d * d * 4, rows: d, columns: d)
                try copy("blk.\(l).attn_k.weight", to: w.wk + l * kv * d * 4, rows: kv, columns: d)
                try copy("blk.\(l).attn_v.weight", to: w.wv + l * kv * d * 4, rows: kv, columns: d)
                try copy("blk.\(l).attn_output.weight", to: w.wo + l * d * d * 4, rows: d, columns: d)
                try copy("blk.\(l).ffn_norm.weight", to: w.feedForwardNorm + l * d * 4, rows: 1, columns: d)
                try copy("blk.\(l).ffn_gate.weight", to: w.w1 + l * h * d * 4, rows: h, columns: d)
                try copy("blk.\(l).ffn_down.weight", to: w.w2 + l * d * h * 4, rows: d, columns: h)
                try copy("blk.\(l).ffn_up.weight", to: w.w3 + l * h * d * 4, rows: h, columns: d)
            }
            try copy("output_norm.weight", to: w.finalNorm, rows: 1, columns: d)
            if !config.sharedClassifier {
                try copy("output.weight", to: w.classifier, rows: config.vocabularySize, columns: d)
            }
        }
        var weights = layout.weights
        weights.storage = dense
        return Transformer(config: config, weights: weights)
    }

    /// Converts one tensor's elements to float32.
    func dequantise(_ info: GGUFTensorInfo, into output: UnsafeMutablePointer<Float>) {
        info.type.dequantise(storage.base + info.fileOffset, count: info.elementCount, into: output)
    }

    /// The SentencePiece-style tokenizer in the file's metadata (`tokenizer.ggml.model` =
    /// `llama`: `tokenizer.ggml.tokens`, `tokenizer.ggml.scores`, BOS/EOS ids).
    ///
    /// Throws `.format` for other tokenizer models; ``textTokenizer()`` reads `gpt2` ones too.
    public func tokenizer() throws -> LlamaTokenizer {
        let model = metadata["tokenizer.ggml.model"]?.string ?? "(none)"
        guard model == "llama" else {
            throw LoomError(
                .format,
                "\(name): tokenizer model '\(model)' is not supported (Loom reads SentencePiece 'llama' tokenizers)")
        }
        let tokens = try strings("tokenizer.ggml.tokens")
        // SentencePiece writes spaces as U+2581 (▁); llama2.c's pieces hold real spaces.
        let pieces = tokens.map { Array($0.replacingOccurrences(of: "\u{2581}", with: " ").utf8) }
        let scores = try (metadata["tokenizer.ggml.scores"]?.array ?? tokens.map { _ in .float(0) }).map { value in
            guard let score = value.double else {
                throw LoomError(.format, "\(name): tokenizer.ggml.scores holds a non-number")
            }
            return Float(score)
        }
        return try LlamaTokenizer(
            pieces: pieces, scores: scores, bos: metadata["tokenizer.ggml.bos_token_id"]?.int ?? 1,
            eos: metadata["tokenizer.ggml.eos_token_id"]?.int ?? 2)
    }
}
