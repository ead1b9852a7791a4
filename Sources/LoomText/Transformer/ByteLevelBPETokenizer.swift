import LoomCore

/// Byte-level BPE as GPT-2 made it and GGUF stores it (`tokenizer.ggml.model = "gpt2"`).
///
/// Text is split into words by a pre-tokenizer (``PreTokenizer``); each word's UTF-8 bytes are
/// written as GPT-2's printable stand-in characters (``ByteLevelBPETokenizer/byteCharacters``)
/// and then merged pair by pair, always the pair whose merge ranks first in
/// `tokenizer.ggml.merges` (leftmost on ties), until no listed merge applies. Every byte has a
/// token of its own, so any text encodes and decodes back to the same bytes.
///
/// ```swift
/// let tokenizer = try ByteLevelBPETokenizer(
///     tokens: ["h", "e", "l", "o", "Ġ", "he", "ll", "hell", "hello"],
///     merges: ["h e", "l l", "he ll", "hell o"])
/// tokenizer.encode("hello", bos: false, eos: false)   // [8]
/// ```
public struct ByteLevelBPETokenizer: Sendable {
    /// How text is cut into words before merging.
    public enum PreTokenizer: String, Sendable, Codable, CaseIterable {
        /// GPT-2's rule: contractions (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`), letters,
        /// digits and other marks, each with one optional leading space, and runs of
        /// whitespace that leave their last space to the next word.
        case gpt2
        /// Llama 3's rule: contractions in any case, letters with one optional leading
        /// non-letter, digits in groups of at most three, marks with trailing line breaks,
        /// and line breaks kept with the whitespace before them.
        case llama3

        /// The rule GGUF's `tokenizer.ggml.pre` names, or `nil` for one Loom lacks.
        public init?(ggufName: String) {
            switch ggufName {
            case "default", "gpt2", "gpt-2": self = .gpt2
            case "llama3", "llama-v3", "llama-bpe": self = .llama3
            default: return nil
            }
        }
    }

    /// Each token's text in GPT-2's byte stand-ins.
    public let tokens: [String]
    /// The beginning-of-text token, or -1.
    public let bos: Int
    /// The end-of-text token, or -1.
    public let eos: Int
    /// Whether prompts start with ``bos``.
    public let addsBOS: Bool
    /// The pre-tokenizer.
    public let preTokenizer: PreTokenizer
    /// Tokens that stand for no text (GGUF token type 3, control), decoded as nothing.
    public let controlTokens: Set<Int>

    private let ids: [String: Int]
    /// Rank of each merge, keyed by the two token ids it joins.
    private let ranks: [MergePair: Rank]
    /// Token of each byte's stand-in character.
    private let byteToken: [Int]
    /// Bytes of each token (its stand-ins mapped back), made once.
    private let tokenBytes: [[UInt8]]

    struct MergePair: Hashable, Sendable {
        var left: Int32
        var right: Int32
    }

    struct Rank: Sendable {
        var rank: Int32
        var result: Int32
    }

    /// A tokenizer over `tokens` (GPT-2 stand-in text) and `merges` (`"left right"`, first
    /// ranked first). Throws `.format` when a byte has no token, or a merge names a token the
    /// vocabulary lacks or is not two tokens separated by one space.
    public init(
        tokens: [String], merges: [String], bos: Int = -1, eos: Int = -1, addsBOS: Bool = false,
        preTokenizer: PreTokenizer = .gpt2, controlTokens: Set<Int> = [], name: String = "<memory>"
    ) throws {
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        var byteToken = [Int](repeating: -1, count: 256)
        for byte in 0..<256 {
            guard let id = ids[String(Self.byteCharacters[byte])] else {
                throw LoomError(
                    .format,
                    "\(name): the vocabulary has no token for byte 0x\(String(byte, radix: 16, uppercase: true)) "
                        + "('\(Self.byteCharacters[byte])'), so some text could not be encoded")
            }
            byteToken[byte] = id
        }
        var ranks: [MergePair: Rank] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let parts = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, let left = ids[String(parts[0])], let right = ids[String(parts[1])] else {
                throw LoomError(
                    .format,
                    "\(name): merge \(rank) '\(merge)' is not two tokens of the vocabulary separated by a space")
            }
            guard let result = ids[String(parts[0]) + String(parts[1])] else {
                throw LoomError(.format, "\(name): merge \(rank) '\(merge)' makes a token the vocabulary lacks")
            }
            let pair = MergePair(left: Int32(left), right: Int32(right))
            if ranks[pair] == nil { ranks[pair] = Rank(rank: Int32(rank), result: Int32(result)) }
        }
        for (label, id) in [("bos", bos), ("eos", eos)] where id >= tokens.count {
            throw LoomError(.format, "\(name): the \(label) token \(id) is outside the vocabulary of \(tokens.count)")
        }
        self.tokens = tokens
        self.bos = bos
        self.eos = eos
        self.addsBOS = addsBOS && bos >= 0
        self.preTokenizer = preTokenizer
        self.controlTokens = controlTokens
        self.ids = ids
        self.ranks = ranks
        self.byteToken = byteToken
        tokenBytes = tokens.map { token in token.unicodeScalars.compactMap { Self.byteOfCharacter[$0] } }
    }

    /// Number of tokens.
    public var vocabularySize: Int { tokens.count }

    /// The token whose text (in stand-ins) is `text`.
    public func tokenID(for text: String) -> Int? { ids[text] }
}

extension ByteLevelBPETokenizer: TextTokenizer {
    /// Pre-tokenizes `text`, then merges each word by rank.
    public func encode(_ text: String, bos addBOS: Bool = false, eos addEOS: Bool = false) -> [Int] {
        var result: [Int] = []
        if addBOS && bos >= 0 { result.append(bos) }
        let scalars = Array(text.unicodeScalars)
        var symbols: [Int] = []
        for word in preTokenizer.words(in: scalars) {
            symbols.removeAll(keepingCapacity: true)
            for scalar in scalars[word] {
                for byte in String(scalar).utf8 { symbols.append(byteToken[Int(byte)]) }
            }
            merge(&symbols)
            result += symbols
        }
        if addEOS && eos >= 0 { result.append(eos) }
        return result
    }

    /// The bytes of `token`; control tokens and ids outside the vocabulary give nothing.
    public func decode(_ token: Int, after previous: Int?) -> [UInt8] {
        guard token >= 0, token < tokenBytes.count, !controlTokens.contains(token) else { return [] }
        return tokenBytes[token]
    }

    /// Joins the adjacent pair of best rank (leftmost on ties) until no merge applies.
    private func merge(_ symbols: inout [Int]) {
        guard symbols.count > 1 else { return }
        func rank(_ i: Int) -> Rank? {
            ranks[MergePair(left: Int32(symbols[i]), right: Int32(symbols[i + 1]))]
        }
        // pending[i]: the merge of symbols i and i+1, if any. Only the pairs beside a merge change.
        var pending = (0..<(symbols.count - 1)).map(rank)
        while true {
            var best = -1
            var bestRank = Int32.max
            for (index, candidate) in pending.enumerated() {
                if let candidate, candidate.rank < bestRank {
                    bestRank = candidate.rank
                    best = index
                }
            }
            guard best >= 0, let merged = pending[best] else { return }
            symbols[best] = Int(merged.result)
            symbols.remove(at: best + 1)
            pending.remove(at: best)
            if best > 0 { pending[best - 1] = rank(best - 1) }
            if best < pending.count { pending[best] = rank(best) }
        }
    }
}
