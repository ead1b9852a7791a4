import LoomCore

extension LlamaTokenizer {
    /// Splits `text` into tokens the way llama2.c does: optional BOS, a dummy space before
    /// non-empty text (SentencePiece's `add_dummy_prefix`), one token per UTF-8 character or
    /// its bytes as `<0xXX>` tokens, then repeatedly the best-scoring adjacent merge.
    ///
    /// Characters with neither a piece nor byte tokens become `<unk>` (token 0).
    public func encode(_ text: String, bos addBOS: Bool = true, eos addEOS: Bool = false) -> [Int] {
        encode(text, bos: addBOS, eos: addEOS, parsingSpecial: false)
    }

    /// The tokens of `text` as llama.cpp's SentencePiece tokenizer makes them: BOS when `bos`
    /// is true; the text cut at special tokens (control ones only when `parsingSpecial` is
    /// true); a space before the first part and each part after a special token when
    /// ``addsSpacePrefix`` is true; each part merged by score; EOS when `eos` is true.
    public func encode(_ text: String, bos addBOS: Bool, eos addEOS: Bool, parsingSpecial: Bool) -> [Int] {
        var tokens: [Int] = []
        if addBOS { tokens.append(bos) }
        let bytes = Array(text.utf8)
        var afterSpecial = true
        for fragment in special.fragments(of: bytes, parsingSpecial: parsingSpecial) {
            switch fragment {
            case .token(let id):
                tokens.append(id)
                afterSpecial = true
            case .text(let range):
                encodePart(
                    String(decoding: bytes[range], as: UTF8.self), spacePrefix: addsSpacePrefix && afterSpecial,
                    into: &tokens)
                afterSpecial = false
            }
        }
        if addEOS { tokens.append(eos) }
        return tokens
    }

    private func encodePart(_ text: String, spacePrefix: Bool, into tokens: inout [Int]) {
        var symbols: [Int] = []
        if spacePrefix, let space = tokenID(for: [0x20]) { symbols.append(space) }
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            bytes.removeAll(keepingCapacity: true)
            UTF8.encode(scalar) { bytes.append($0) }
            if let id = tokenID(for: bytes) {
                symbols.append(id)
            } else {
                for byte in bytes { symbols.append(byteTokens[Int(byte)] >= 0 ? byteTokens[Int(byte)] : 0) }
            }
        }
        merge(&symbols)
        tokens += symbols
    }

    /// Merges the adjacent pair whose joined piece scores highest until no pair joins into a
    /// piece; ties go to the leftmost pair, as in llama2.c.
    ///
    /// Each pair's merge is looked up once and only the two pairs beside a merge are looked up
    /// again, so a text of n symbols costs O(n) table lookups.
    private func merge(_ symbols: inout [Int]) {
        guard symbols.count > 1 else { return }
        func pairMerge(_ left: Int, _ right: Int) -> Int { index.id(joining: left, right) ?? -1 }
        // merged[i]: the token joining symbols i and i+1, or -1.
        var merged = (0..<(symbols.count - 1)).map { pairMerge(symbols[$0], symbols[$0 + 1]) }
        while !merged.isEmpty {
            var bestIndex = -1
            var bestScore = -Float.infinity
            for (index, id) in merged.enumerated() where id >= 0 && scores[id] > bestScore {
                bestScore = scores[id]
                bestIndex = index
            }
            if bestIndex < 0 { break }
            symbols[bestIndex] = merged[bestIndex]
            symbols.remove(at: bestIndex + 1)
            merged.remove(at: bestIndex)
            if bestIndex > 0 { merged[bestIndex - 1] = pairMerge(symbols[bestIndex - 1], symbols[bestIndex]) }
            if bestIndex < merged.count { merged[bestIndex] = pairMerge(symbols[bestIndex], symbols[bestIndex + 1]) }
        }
    }

    /// The token whose piece is exactly `bytes`.
    public func tokenID(for bytes: [UInt8]) -> Int? { index.id(of: bytes) }

    /// The bytes token `token` adds to the text after `previous`: BOS drops the leading
    /// space of the next piece, byte tokens give their byte, BOS/EOS give nothing.
    public func decode(_ token: Int, after previous: Int?) -> [UInt8] {
        guard token >= 0, token < pieces.count, token != bos, token != eos else { return [] }
        if token < types.count, types[token] == .control || types[token] == .unknown { return [] }
        let piece = pieces.slice(token)
        if let byte = Self.byteValue(piece) { return [byte] }
        if previous == bos, piece.first == 0x20 { return Array(piece.dropFirst()) }
        return Array(piece)
    }

    /// The text of a whole token sequence (invalid UTF-8 repaired with U+FFFD).
    public func decode(_ tokens: [Int]) -> String { decodeText(tokens) }
}
