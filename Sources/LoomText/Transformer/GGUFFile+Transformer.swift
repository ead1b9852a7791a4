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
        for token in tokens {
            // SentencePiece writes spaces as U+2581 (▁, E2 96 81); llama2.c's pieces hold real spaces.
            if token.utf8.contains(0x96) {
                try pieces.append(token.replacingOccurrences(of: "\u{2581}", with: " ").utf8)
            } else {
                try pieces.append(token.utf8)
            }
        }
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
