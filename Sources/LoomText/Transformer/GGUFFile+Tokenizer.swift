import LoomCore

extension GGUFFile {
    /// The tokenizer in the file's metadata, of whichever kind `tokenizer.ggml.model` names:
    /// `llama` (SentencePiece-style, ``tokenizer()``) or `gpt2` (byte-level BPE,
    /// ``byteLevelBPETokenizer()``). Throws `.format` naming any other.
    public func textTokenizer() throws -> any TextTokenizer {
        let model = metadata["tokenizer.ggml.model"]?.string ?? "(none)"
        switch model {
        case "llama": return try tokenizer()
        case "gpt2": return try byteLevelBPETokenizer()
        default:
            throw LoomError(
                .format,
                "\(name): tokenizer model '\(model)' is not supported; Loom reads 'llama' (SentencePiece) "
                    + "and 'gpt2' (byte-level BPE) tokenizers")
        }
    }

    /// The byte-level BPE tokenizer of a file whose `tokenizer.ggml.model` is `gpt2`:
    /// `tokenizer.ggml.tokens`, `tokenizer.ggml.merges`, `tokenizer.ggml.token_type` (type 3,
    /// control, decodes to nothing), BOS/EOS ids, `tokenizer.ggml.add_bos_token` and the
    /// pre-tokenizer `tokenizer.ggml.pre` (`default`/`gpt2` or `llama-bpe`; others are refused,
    /// since splitting words differently would change every prompt's tokens).
    public func byteLevelBPETokenizer() throws -> ByteLevelBPETokenizer {
        let tokens = try strings("tokenizer.ggml.tokens")
        let merges = try strings("tokenizer.ggml.merges")
        let preName = metadata["tokenizer.ggml.pre"]?.string ?? "default"
        guard let pre = ByteLevelBPETokenizer.PreTokenizer(ggufName: preName) else {
            throw LoomError(
                .format,
                "\(name): pre-tokenizer '\(preName)' is not supported; Loom knows default, gpt2 and llama-bpe")
        }
        var control: Set<Int> = []
        if let types = metadata["tokenizer.ggml.token_type"]?.array {
            for (id, type) in types.enumerated() where type.int == 3 { control.insert(id) }
        }
        let bos = metadata["tokenizer.ggml.bos_token_id"]?.int ?? -1
        let eos = metadata["tokenizer.ggml.eos_token_id"]?.int ?? -1
        let addsBOS: Bool =
            if case .bool(let flag)? = metadata["tokenizer.ggml.add_bos_token"] { flag } else { false }
        return try ByteLevelBPETokenizer(
            tokens: tokens, merges: merges, bos: bos, eos: eos, addsBOS: addsBOS, preTokenizer: pre,
            controlTokens: control, name: name)
    }

    /// The metadata string array `key`, or a `.format` error naming it.
    func strings(_ key: String) throws -> [String] {
        guard let values = metadata[key]?.array else {
            throw LoomError(.format, "\(name): missing the string array \(key)")
        }
        return try values.enumerated().map { index, value in
            guard let text = value.string else { throw LoomError(.format, "\(name): \(key)[\(index)] is not a string") }
            return text
        }
    }
}
