import LoomCore

/// Byte-level BPE as GPT-2 made it and GGUF stores it (`tokenizer.ggml.model = "gpt2"`).
///
/// Text is split into words by a pre-tokenizer (``PreTokenizer``); each word's UTF-8 bytes are
/// written as GPT-2's printable stand-in characters (``ByteLevelBPETokenizer/byteCharacters``)
/// and then merged pair by pair, always the pair whose merge ranks first in
/// `tokenizer.ggml.merges` (leftmost on ties), until no listed merge applies. Where every byte
/// has a token of its own, any text encodes and decodes back to the same bytes; a byte the
/// vocabulary lacks is dropped, as llama.cpp drops it.
///
/// ```swift
/// let tokenizer = try ByteLevelBPETokenizer(
///     tokens: ["h", "e", "l", "o", "Ġ", "he", "ll", "hell", "hello"],
///     merges: ["h e", "l l", "he ll", "hell o"])
/// let ids = tokenizer.encode("hello", bos: false, eos: false)  // [8]
/// ```
public struct ByteLevelBPETokenizer: Sendable {
    /// How text is cut into words before merging: llama.cpp's rule for each name GGUF's
    /// `tokenizer.ggml.pre` may hold.
    public enum PreTokenizer: String, Sendable, Codable, CaseIterable {
        /// GPT-2's rule (`gpt-2`, `phi-2`): contractions (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`,
        /// `'d`), letters, digits and other marks, each with one optional leading space, and runs
        /// of whitespace that leave their last space to the next word.
        case gpt2
        /// Llama 3's rule (`llama-bpe`): contractions in any case, letters with one optional
        /// leading non-letter, digits in groups of at most three, marks with trailing line
        /// breaks, and line breaks kept with the whitespace before them. A word that is a whole
        /// token is that token, merges or not.
        case llama3
        /// Qwen 2's rule (`qwen2`): Llama 3's with every digit a word of its own.
        case qwen2
        /// SmolLM's rule (`smollm`): every digit a word of its own, the rest split by GPT-2's rule.
        case smollm
        /// llama.cpp's rule for `default`: runs of punctuation and `$+<=>^~|` cut out first,
        /// then GPT-2's rule, then runs of numbers and groups of three ASCII digits cut out.
        case standard

        /// The rule GGUF's `tokenizer.ggml.pre` names, or `nil` for one Loom lacks.
        public init?(ggufName: String) {
            switch ggufName {
            case "default": self = .standard
            case "gpt2", "gpt-2", "phi-2": self = .gpt2
            case "llama3", "llama-v3", "llama-bpe": self = .llama3
            case "qwen2", "deepseek-r1-qwen": self = .qwen2
            case "smollm": self = .smollm
            default: return nil
            }
        }

        /// The `tokenizer.ggml.pre` names Loom reads, for error messages.
        public static let ggufNames = "default, gpt2, gpt-2, phi-2, llama-bpe, llama3, qwen2 and smollm"

        /// Whether a word that is a whole token skips merging (llama.cpp's `ignore_merges`).
        var ignoresMerges: Bool { self == .llama3 }
    }

    /// Each token's text in GPT-2's byte stand-ins.
    public let tokens: [String]
    /// The beginning-of-text token, or -1.
    public let bos: Int
    /// The end-of-text token, or -1.
    public let eos: Int
    /// Whether prompts start with ``bos`` (GGUF's `tokenizer.ggml.add_bos_token`).
    public let addsBOS: Bool
    /// Whether prompts end with ``eos`` (GGUF's `tokenizer.ggml.add_eos_token`).
    public let addsEOS: Bool
    /// Tokens that end generation: ``eos`` and the end-of-turn tokens (`<|im_end|>`,
    /// `<|eot_id|>`, …) the vocabulary has.
    public let endOfGeneration: Set<Int>
    /// The pre-tokenizer.
    public let preTokenizer: PreTokenizer
    /// Tokens that stand for no text (GGUF token type 3, control), decoded as nothing.
    public let controlTokens: Set<Int>
    /// Tokens a model's maker added (GGUF token type 4): always matched whole in a text, and
    /// decoded as their text.
    public let userDefinedTokens: Set<Int>
    /// The special tokens a text may name whole.
    var special: SpecialTokens

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
    /// ranked first). `types` gives each token's kind (missing ones are normal; `controlTokens`
    /// are control too); `endOfGeneration` defaults to ``eos`` and the vocabulary's end-of-turn
    /// tokens. Throws `.format` when a merge names a token the
    /// vocabulary lacks or is not two tokens separated by one space.
    public init(
        tokens: [String], merges: [String], bos: Int = -1, eos: Int = -1, addsBOS: Bool = false,
        addsEOS: Bool = false, preTokenizer: PreTokenizer = .gpt2, controlTokens: Set<Int> = [],
        types: [TokenType] = [], endOfGeneration: Set<Int>? = nil, name: String = "<memory>"
    ) throws {
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        // A byte without a token (SmolLM2 lacks some control bytes) is dropped from the text, as
        // llama.cpp drops it.
        let byteToken = (0..<256).map { ids[String(Self.byteCharacters[$0])] ?? -1 }
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
        self.addsEOS = addsEOS && eos >= 0
        self.preTokenizer = preTokenizer
        var kinds = (0..<tokens.count).map { $0 < types.count ? types[$0] : .normal }
        for id in controlTokens where id >= 0 && id < kinds.count { kinds[id] = .control }
        self.controlTokens = Set(kinds.indices.filter { kinds[$0] == .control })
        userDefinedTokens = Set(kinds.indices.filter { kinds[$0] == .userDefined })
        special = SpecialTokens(texts: tokens.map { Array($0.utf8) }, types: kinds)
        var ends = Set(tokens.indices.filter { SpecialTokens.endOfGenerationTexts.contains(tokens[$0]) })
        if eos >= 0 { ends.insert(eos) }
        self.endOfGeneration = endOfGeneration ?? ends
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
    /// Pre-tokenizes `text`, then merges each word by rank; special tokens' text stays text.
    public func encode(_ text: String, bos addBOS: Bool = false, eos addEOS: Bool = false) -> [Int] {
        encode(text, bos: addBOS, eos: addEOS, parsingSpecial: false)
    }

    /// The tokens of `text` as llama.cpp's `llama_tokenize` makes them: BOS first when `bos`
    /// is true, then the text cut at special tokens (control ones only when `parsingSpecial`
    /// is true; user-defined ones always), each other part pre-tokenized into words and each
    /// word merged by rank, then EOS when `eos` is true.
    public func encode(_ text: String, bos addBOS: Bool, eos addEOS: Bool, parsingSpecial: Bool) -> [Int] {
        var result: [Int] = []
        if addBOS && bos >= 0 { result.append(bos) }
        let bytes = Array(text.utf8)
        for fragment in special.fragments(of: bytes, parsingSpecial: parsingSpecial) {
            switch fragment {
            case .token(let id): result.append(id)
            case .text(let range): encodeText(String(decoding: bytes[range], as: UTF8.self), into: &result)
            }
        }
        if addEOS && eos >= 0 { result.append(eos) }
        return result
    }

    private func encodeText(_ text: String, into result: inout [Int]) {
        let scalars = Array(text.unicodeScalars)
        var symbols: [Int] = []
        var wordBytes: [UInt8] = []
        for word in preTokenizer.words(in: scalars) {
            symbols.removeAll(keepingCapacity: true)
            wordBytes.removeAll(keepingCapacity: true)
            for scalar in scalars[word] { wordBytes += String(scalar).utf8 }
            if preTokenizer.ignoresMerges, let whole = ids[Self.standIns(for: wordBytes)] {
                result.append(whole)
                continue
            }
            for byte in wordBytes { symbols.append(byteToken[Int(byte)]) }
            merge(&symbols)
            for symbol in symbols where symbol >= 0 { result.append(symbol) }
        }
    }

    /// The bytes of `token`; control tokens and ids outside the vocabulary give nothing, and a
    /// user-defined token gives its text as written.
    public func decode(_ token: Int, after previous: Int?) -> [UInt8] {
        guard token >= 0, token < tokenBytes.count, !controlTokens.contains(token) else { return [] }
        if userDefinedTokens.contains(token) { return Array(tokens[token].utf8) }
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
