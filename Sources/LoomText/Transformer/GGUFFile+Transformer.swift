import LoomCore

extension GGUFFile {
    /// The architecture named by `general.architecture`.
    public var architecture: String? { metadata["general.architecture"]?.string }

    /// The architectures ``transformer()`` builds.
    public static let supportedArchitectures = ["llama", "qwen2", "qwen3"]

    /// Builds the transformer the file describes: a `llama` (SmolLM, TinyLlama, Llama 3.x with
    /// its `rope_freqs`), `qwen2` (biases on q, k and v) or `qwen3` (RMS norms on q and k) model.
    ///
    /// Matrices stay in the file as stored (quantised or not) and the forward pass computes on
    /// them in place, so the model costs its file's size in (mapped) memory; norm and bias
    /// vectors are converted to float32. Throws `.format` naming the file and the field when
    /// the architecture is another, a key or tensor is missing, or a shape disagrees with the
    /// metadata.
    public func transformer() throws -> Transformer {
        guard let architecture else {
            throw LoomError(.format, "\(name): general.architecture: missing; cannot tell what model this is")
        }
        guard Self.supportedArchitectures.contains(architecture) else {
            throw LoomError(
                .format,
                "\(name): general.architecture: '\(architecture)' is not supported (Loom runs "
                    + Self.supportedArchitectures.map { "'\($0)'" }.joined(separator: ", ") + ")")
        }
        var builder = GGUFModelBuilder(file: self, architecture: architecture)
        return try builder.build()
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
        var pieces = LlamaTokenizer.Pieces()
        pieces.reserveCapacity(pieces: tokens.count, bytes: tokens.reduce(0) { $0 + $1.utf8.count })
        var scratch: [UInt8] = []
        for token in tokens { try Self.appendSentencePiece(token, to: &pieces, scratch: &scratch) }
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

    /// Appends `token` to `pieces` with each `▁` (U+2581, E2 96 81), which SentencePiece writes
    /// for a space, made a space as llama2.c's pieces hold them, exactly as Foundation's
    /// `replacingOccurrences(of: "▁", with: " ")` does: its search will not part a `▁` from a
    /// combining mark after it (`▁` + U+0301 stays). Bytes are replaced directly where each `▁`
    /// ends the token or comes before ASCII or another `▁`, which cannot combine with it;
    /// Foundation decides the rest. `scratch` is reused between calls.
    static func appendSentencePiece(
        _ token: String, to pieces: inout LlamaTokenizer.Pieces, scratch: inout [UInt8]
    ) throws {
        guard token.utf8.contains(0x96) else { return try pieces.append(token.utf8) }
        var text = token
        let direct = text.withUTF8 { bytes in
            func isSpaceMark(_ index: Int) -> Bool {
                index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x96 && bytes[index + 2] == 0x81
            }
            scratch.removeAll(keepingCapacity: true)
            var index = 0
            while index < bytes.count {
                guard isSpaceMark(index) else {
                    scratch.append(bytes[index])
                    index += 1
                    continue
                }
                index += 3
                guard index == bytes.count || bytes[index] < 0x80 || isSpaceMark(index) else { return false }
                scratch.append(0x20)
            }
            return true
        }
        if direct {
            try pieces.append(scratch)
        } else {
            try pieces.append(token.replacingOccurrences(of: "\u{2581}", with: " ").utf8)
        }
    }
}
