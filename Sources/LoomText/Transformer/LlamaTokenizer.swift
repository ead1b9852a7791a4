import LoomCore

/// A SentencePiece-style tokenizer as llama2.c uses it: pieces with scores, greedy merging
/// by score, `<0xXX>` byte fallback.
///
/// Token 0 is `<unk>`, 1 is BOS, 2 is EOS and 3...258 are the byte tokens in llama's
/// vocabulary; the byte tokens are found by their `<0xXX>` pieces, so other layouts work too.
public struct LlamaTokenizer: Sendable {
    /// The bytes of each token's piece, stored flat (see ``Pieces``).
    public let pieces: Pieces
    /// Merge priority of each piece: higher merges first.
    public let scores: [Float]
    /// The beginning-of-text token. Default: 1.
    public var bos: Int
    /// The end-of-text token. Default: 2.
    public var eos: Int
    /// Whether prompts start with ``bos`` (GGUF's `tokenizer.ggml.add_bos_token`). Default: `true`.
    public var addsBOS = true
    /// Whether prompts end with ``eos`` (GGUF's `tokenizer.ggml.add_eos_token`). Default: `false`.
    public var addsEOS = false
    /// Whether a space is put before the text and after each special token in it, as
    /// SentencePiece's `add_dummy_prefix` (GGUF's `tokenizer.ggml.add_space_prefix`). Default: `true`.
    public var addsSpacePrefix = true
    /// Each token's kind; empty means BOS and EOS are control tokens and the rest normal.
    public private(set) var types: [TokenType] = []
    /// Tokens that end generation. Default: ``eos``.
    public var endOfGeneration: Set<Int> = []
    /// The special tokens a text may name whole.
    var special = SpecialTokens(texts: [], types: [])
    /// The token of each piece (sharing ``pieces``' storage).
    let index: PieceIndex
    let byteTokens: [Int]  // 256 entries, -1 when the vocabulary lacks that byte

    /// A tokenizer over `pieces` and `scores` (same count, at least 3).
    public init(pieces: [[UInt8]], scores: [Float], bos: Int = 1, eos: Int = 2) throws {
        try self.init(pieces: try Pieces(pieces), scores: scores, bos: bos, eos: eos)
    }

    /// A tokenizer over flat `pieces` and `scores` (same count, at least 3): what every way of
    /// making one ends in.
    init(pieces: Pieces, scores: [Float], bos: Int = 1, eos: Int = 2) throws {
        guard pieces.count == scores.count, pieces.count >= 3 else {
            throw LoomError(
                .format,
                "a tokenizer needs as many scores as pieces and at least 3 tokens "
                    + "(got \(pieces.count) pieces, \(scores.count) scores)")
        }
        self.pieces = pieces
        self.scores = scores
        self.bos = bos
        self.eos = eos
        endOfGeneration = eos >= 0 ? [eos] : []
        index = PieceIndex(pieces)
        var byteTokens = [Int](repeating: -1, count: 256)
        for id in pieces.indices {
            if let byte = Self.byteValue(pieces.slice(id)), byteTokens[Int(byte)] < 0 { byteTokens[Int(byte)] = id }
        }
        self.byteTokens = byteTokens
    }

    /// Number of tokens.
    public var vocabularySize: Int { pieces.count }

    /// Gives each token its kind (GGUF's `tokenizer.ggml.token_type`): control, unknown and
    /// user-defined tokens become special tokens a text may name whole, and the end-of-turn
    /// tokens among them (`<|im_end|>`, `<|eot_id|>`, …) join ``endOfGeneration``.
    public mutating func setTypes(_ types: [TokenType]) {
        self.types = (0..<pieces.count).map { $0 < types.count ? types[$0] : .normal }
        special = SpecialTokens(texts: pieces, types: self.types)
        var ends: Set<Int> = eos >= 0 ? [eos] : []
        let endTexts = SpecialTokens.endOfGenerationTexts.map { Array($0.utf8) }
        for id in pieces.indices {
            let piece = pieces.slice(id)
            if endTexts.contains(where: { $0.count == piece.count && $0.elementsEqual(piece) }) { ends.insert(id) }
        }
        endOfGeneration = ends
    }

    /// The byte token `token` stands for, if its piece is `<0xXX>`.
    func byteValue(ofToken token: Int) -> UInt8? { Self.byteValue(pieces.slice(token)) }

    /// The byte a `<0xXX>` piece stands for.
    static func byteValue(_ piece: ArraySlice<UInt8>) -> UInt8? {
        let start = piece.startIndex
        guard piece.count == 6, piece[start] == 0x3C, piece[start + 1] == 0x30, piece[start + 2] == 0x78,
            piece[start + 5] == 0x3E
        else {
            return nil
        }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        guard let high = hex(piece[start + 3]), let low = hex(piece[start + 4]) else { return nil }
        return high << 4 | low
    }
}
