import LoomCore

extension GGUFWriter {
    /// A writer holding `model` and `tokenizer` as llama.cpp expects a `llama` model: the
    /// `llama.*` hyperparameters, `token_embd.weight`, `blk.N.*` and `output_norm.weight`
    /// tensors (plus `output.weight` when the classifier is not shared), and a SentencePiece
    /// `llama` tokenizer with scores and token types.
    ///
    /// Matrices are stored as `type`; norm weights stay F32, as llama.cpp's converters keep
    /// them, and a matrix whose rows do not fit Q8_0's blocks of 32 falls back to F16.
    /// Throws `.invalidArgument` when the tokenizer's size differs from the model's vocabulary.
    public static func llama(
        _ model: Transformer, tokenizer: LlamaTokenizer, name: String, type: GGUFTensorType = .f32
    ) throws -> GGUFWriter {
        let c = model.config
        guard tokenizer.vocabularySize == c.vocabularySize else {
            throw LoomError(
                .invalidArgument,
                "the tokenizer has \(tokenizer.vocabularySize) tokens but the model's vocabulary has \(c.vocabularySize)"
            )
        }
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("general.name", .string(name))
        writer.set("general.file_type", .uint32(fileType(type)))
        writer.set("general.alignment", .uint32(32))
        writer.set("llama.context_length", .uint32(UInt32(c.sequenceLength)))
        writer.set("llama.embedding_length", .uint32(UInt32(c.dim)))
        writer.set("llama.block_count", .uint32(UInt32(c.layerCount)))
        writer.set("llama.feed_forward_length", .uint32(UInt32(c.hiddenDim)))
        writer.set("llama.attention.head_count", .uint32(UInt32(c.headCount)))
        writer.set("llama.attention.head_count_kv", .uint32(UInt32(c.kvHeadCount)))
        writer.set("llama.rope.dimension_count", .uint32(UInt32(c.headSize)))
        writer.set("llama.attention.layer_norm_rms_epsilon", .float32(c.normEpsilon))
        writer.set("llama.rope.freq_base", .float32(c.ropeTheta))
        writer.set("llama.vocab_size", .uint32(UInt32(c.vocabularySize)))
        writer.addTokenizer(tokenizer)

        guard let w = model.weights else {
            throw LoomError(
                .invalidArgument,
                "the model was read from a GGUF file and keeps its weights as stored; write the file itself instead")
        }
        let (d, h, kv) = (c.dim, c.hiddenDim, c.kvDim)
        func add(_ tensorName: String, _ offset: Int, rows: Int, columns: Int) throws {
            let values = UnsafeBufferPointer(start: w.pointer(offset), count: rows * columns)
            let storedType: GGUFTensorType = rows == 1 ? .f32 : (type == .q8_0 && columns % 32 != 0 ? .f16 : type)
            try writer.addTensor(
                tensorName, values: values, dimensions: rows == 1 ? [columns] : [columns, rows], type: storedType)
        }
        try add("token_embd.weight", w.tokenEmbedding, rows: c.vocabularySize, columns: d)
        for l in 0..<c.layerCount {
            try add("blk.\(l).attn_norm.weight", w.attentionNorm + l * d * 4, rows: 1, columns: d)
            try add("blk.\(l).attn_q.weight", w.wq + l * d * d * 4, rows: d, columns: d)
            try add("blk.\(l).attn_k.weight", w.wk + l * kv * d * 4, rows: kv, columns: d)
            try add("blk.\(l).attn_v.weight", w.wv + l * kv * d * 4, rows: kv, columns: d)
            try add("blk.\(l).attn_output.weight", w.wo + l * d * d * 4, rows: d, columns: d)
            try add("blk.\(l).ffn_norm.weight", w.feedForwardNorm + l * d * 4, rows: 1, columns: d)
            try add("blk.\(l).ffn_gate.weight", w.w1 + l * h * d * 4, rows: h, columns: d)
            try add("blk.\(l).ffn_down.weight", w.w2 + l * d * h * 4, rows: d, columns: h)
            try add("blk.\(l).ffn_up.weight", w.w3 + l * h * d * 4, rows: h, columns: d)
        }
        try add("output_norm.weight", w.finalNorm, rows: 1, columns: d)
        if !c.sharedClassifier { try add("output.weight", w.classifier, rows: c.vocabularySize, columns: d) }
        return writer
    }

    /// llama.cpp's `general.file_type` (`LLAMA_FTYPE_*`) for a model whose matrices are `type`.
    static func fileType(_ type: GGUFTensorType) -> UInt32 {
        switch type {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q8_0: 7
        case .q5_0: 8
        case .q5_1: 9
        case .q4_K: 15
        case .q5_K: 17
        case .q6_K: 18
        case .bf16: 32
        }
    }

    /// Adds a SentencePiece (`llama`) tokenizer: pieces with spaces written as `▁` (U+2581),
    /// scores, token types (1 normal, 2 unknown, 3 control, 6 byte) and the special ids.
    public mutating func addTokenizer(_ tokenizer: LlamaTokenizer) {
        let unknown = tokenizer.tokenID(for: Array("<unk>".utf8)) ?? 0
        let pieces = tokenizer.pieces.map {
            String(decoding: $0, as: UTF8.self).replacingOccurrences(of: " ", with: "\u{2581}")
        }
        let types = (0..<tokenizer.vocabularySize).map { id -> Int32 in
            if id == unknown { return 2 }
            if id == tokenizer.bos || id == tokenizer.eos { return 3 }
            if tokenizer.byteValue(ofToken: id) != nil { return 6 }
            return 1
        }
        set("tokenizer.ggml.model", .string("llama"))
        set("tokenizer.ggml.tokens", .strings(pieces))
        set("tokenizer.ggml.scores", .floats(tokenizer.scores))
        set("tokenizer.ggml.token_type", .int32s(types))
        set("tokenizer.ggml.bos_token_id", .uint32(UInt32(tokenizer.bos)))
        set("tokenizer.ggml.eos_token_id", .uint32(UInt32(tokenizer.eos)))
        set("tokenizer.ggml.unknown_token_id", .uint32(UInt32(unknown)))
        set("tokenizer.ggml.add_bos_token", .bool(true))
        set("tokenizer.ggml.add_eos_token", .bool(false))
    }
}

extension Transformer {
    /// Writes the model and its tokenizer as a GGUF `llama` file at `path`, atomically; see
    /// ``GGUFWriter/llama(_:tokenizer:name:type:)``. Default `type`: F32.
    public func exportGGUF(
        to path: String, tokenizer: LlamaTokenizer, name: String, type: GGUFTensorType = .f32
    ) throws {
        try GGUFWriter.llama(self, tokenizer: tokenizer, name: name, type: type).write(to: path)
    }
}
