import LoomCore

extension GGUFFile {
    /// The tokenizer in the file's metadata, of whichever kind `tokenizer.ggml.model` names:
    /// `llama` (SentencePiece-style, ``sentencePieceTokenizer()``) or `gpt2` (byte-level BPE,
    /// ``byteLevelBPETokenizer()``). Throws `.format` naming any other.
    public func textTokenizer() throws -> any TextTokenizer {
        let model = metadata["tokenizer.ggml.model"]?.string ?? "(none)"
        switch model {
        case "llama": return try sentencePieceTokenizer()
        case "gpt2": return try byteLevelBPETokenizer()
        default:
            throw LoomError(
                .format,
                "\(name): tokenizer model '\(model)' is not supported; Loom reads 'llama' (SentencePiece) "
                    + "and 'gpt2' (byte-level BPE) tokenizers")
        }
    }

    /// The SentencePiece tokenizer of a file whose `tokenizer.ggml.model` is `llama`, set up as
    /// llama.cpp reads it: token types (`tokenizer.ggml.token_type`), `add_bos_token` (default
    /// on), `add_eos_token` (default off) and `add_space_prefix` (default on).
    public func sentencePieceTokenizer() throws -> LlamaTokenizer {
        var tokenizer = try tokenizer()
        tokenizer.addsBOS = flag("tokenizer.ggml.add_bos_token") ?? true
        tokenizer.addsEOS = flag("tokenizer.ggml.add_eos_token") ?? false
        tokenizer.addsSpacePrefix = flag("tokenizer.ggml.add_space_prefix") ?? true
        tokenizer.setTypes(try tokenTypes(count: tokenizer.vocabularySize))
        let stripped = strippedSpecialTokens(texts: tokenizer.pieces, types: tokenizer.types)
        tokenizer.special.setStripping(left: stripped.left, right: stripped.right)
        tokenizer.endOfGeneration.formUnion(endOfTurnIDs(vocabularySize: tokenizer.vocabularySize))
        return tokenizer
    }

    /// The byte-level BPE tokenizer of a file whose `tokenizer.ggml.model` is `gpt2`:
    /// `tokenizer.ggml.tokens`, `tokenizer.ggml.merges`, `tokenizer.ggml.token_type`, BOS/EOS
    /// (and end-of-turn) ids, `tokenizer.ggml.add_bos_token`, `add_eos_token` and the
    /// pre-tokenizer `tokenizer.ggml.pre` (see ``ByteLevelBPETokenizer/PreTokenizer``; others
    /// are refused, since splitting words differently would change every prompt's tokens).
    public func byteLevelBPETokenizer() throws -> ByteLevelBPETokenizer {
        let tokens = try strings("tokenizer.ggml.tokens")
        let merges = try strings("tokenizer.ggml.merges")
        let preName = metadata["tokenizer.ggml.pre"]?.string ?? "default"
        guard let pre = ByteLevelBPETokenizer.PreTokenizer(ggufName: preName) else {
            throw LoomError(
                .format,
                "\(name): tokenizer.ggml.pre: pre-tokenizer '\(preName)' is not supported; Loom knows "
                    + ByteLevelBPETokenizer.PreTokenizer.ggufNames)
        }
        let bos = metadata["tokenizer.ggml.bos_token_id"]?.int ?? -1
        let eos = metadata["tokenizer.ggml.eos_token_id"]?.int ?? -1
        // llama.cpp turns BOS on for Llama 3's rule unless the file says otherwise.
        let addsBOS = flag("tokenizer.ggml.add_bos_token") ?? (pre == .llama3)
        var ends = Set(tokens.indices.filter { SpecialTokens.endOfGenerationTexts.contains(tokens[$0]) })
        ends.formUnion(endOfTurnIDs(vocabularySize: tokens.count))
        if eos >= 0 { ends.insert(eos) }
        let types = try tokenTypes(count: tokens.count)
        var tokenizer = try ByteLevelBPETokenizer(
            tokens: tokens, merges: merges, bos: bos, eos: eos, addsBOS: addsBOS,
            addsEOS: flag("tokenizer.ggml.add_eos_token") ?? false, preTokenizer: pre, types: types,
            endOfGeneration: ends, name: name)
        let stripped = strippedSpecialTokens(texts: tokens.map { Array($0.utf8) }, types: types)
        tokenizer.special.setStripping(left: stripped.left, right: stripped.right)
        return tokenizer
    }

    /// The special tokens llama.cpp strips whitespace around for this file (see
    /// ``SpecialTokens/stripped(name:preTokenizer:architecture:texts:types:)``).
    func strippedSpecialTokens<Texts: RandomAccessCollection<[UInt8]>>(
        texts: Texts, types: [TokenType]
    ) -> (left: Set<Int>, right: Set<Int>) where Texts.Index == Int {
        SpecialTokens.stripped(
            name: metadata["general.name"]?.string ?? "", preTokenizer: metadata["tokenizer.ggml.pre"]?.string ?? "",
            architecture: metadata["general.architecture"]?.string ?? "", texts: texts, types: types)
    }

    /// `tokenizer.ggml.token_type` (missing: every token normal); unknown numbers count as normal.
    func tokenTypes(count: Int) throws -> [TokenType] {
        guard let values = metadata["tokenizer.ggml.token_type"]?.array else {
            return [TokenType](repeating: .normal, count: count)
        }
        return try values.prefix(count).enumerated().map { index, value in
            guard let number = value.int else {
                throw LoomError(.format, "\(name): tokenizer.ggml.token_type[\(index)] is not a number")
            }
            return TokenType(rawValue: Int32(truncatingIfNeeded: number)) ?? .normal
        }
    }

    /// The end-of-turn and end-of-message ids the metadata names (`eot_token_id`, `eom_token_id`).
    func endOfTurnIDs(vocabularySize: Int) -> Set<Int> {
        let keys = ["tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"]
        return Set(keys.compactMap { metadata[$0]?.int }.filter { $0 >= 0 && $0 < vocabularySize })
    }

    /// The metadata boolean `key`, or `nil` when absent or not a boolean.
    func flag(_ key: String) -> Bool? {
        if case .bool(let value)? = metadata[key] { return value }
        return nil
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
