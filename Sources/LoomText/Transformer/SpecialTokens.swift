/// The kind GGUF's `tokenizer.ggml.token_type` gives each token.
public enum TokenType: Int32, Sendable, Codable, CaseIterable {
    /// A piece of ordinary text.
    case normal = 1
    /// The unknown-text token (`<unk>`).
    case unknown = 2
    /// A control token: BOS, EOS, `<|im_start|>`; it writes no text.
    case control = 3
    /// A token a model's maker added (`<tool_call>`); always matched whole in the text.
    case userDefined = 4
    /// A reserved token the model never uses.
    case unused = 5
    /// A SentencePiece byte token (`<0x0A>`).
    case byte = 6
}

/// The tokens a text may name whole, as llama.cpp's tokenizer finds them before splitting the
/// rest into words: control, unknown and user-defined tokens, the longest text first.
///
/// Control and unknown tokens are found only when special parsing is on (a chat prompt's
/// `<|im_start|>`); user-defined ones always are. A token with llama.cpp's LSTRIP or RSTRIP
/// attribute (``setStripping(left:right:)``) takes the whitespace just before or after it with it.
struct SpecialTokens: Sendable {
    struct Entry: Sendable {
        var text: [UInt8]
        var id: Int
        var alwaysParsed: Bool
        /// LSTRIP: the whitespace just before the token is dropped.
        var stripsLeft = false
        /// RSTRIP: the whitespace just after the token is dropped.
        var stripsRight = false
    }

    /// A part of a text: bytes to tokenize normally, or one special token.
    enum Fragment: Equatable {
        case text(Range<Int>)
        case token(Int)
    }

    /// The special tokens, longest first (ties by id).
    private(set) var entries: [Entry]

    /// The special tokens among `texts` (each token's text as the vocabulary writes it) of the
    /// given types.
    init<Texts: RandomAccessCollection<[UInt8]>>(texts: Texts, types: [TokenType]) where Texts.Index == Int {
        var entries: [Entry] = []
        for (id, type) in types.enumerated() where id < texts.count {
            let alwaysParsed: Bool
            switch type {
            case .control, .unknown: alwaysParsed = false
            case .userDefined: alwaysParsed = true
            case .normal, .unused, .byte: continue
            }
            let text = texts[id]
            if !text.isEmpty { entries.append(Entry(text: text, id: id, alwaysParsed: alwaysParsed)) }
        }
        self.entries = entries.sorted { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.id < $1.id }
    }

    /// Gives the tokens `left` llama.cpp's LSTRIP attribute and those in `right` its RSTRIP.
    mutating func setStripping(left: Set<Int>, right: Set<Int>) {
        for index in entries.indices {
            entries[index].stripsLeft = left.contains(entries[index].id)
            entries[index].stripsRight = right.contains(entries[index].id)
        }
    }

    /// The tokens llama.cpp gives LSTRIP and RSTRIP by the model's name, pre-tokenizer and
    /// architecture (`llama_vocab::impl::load`): Jina v2 (`jina-v2-de`, `-es`, `-code`), nomic-bert-moe
    /// and jina-bert-v3 models' `<mask>` and ModernBERT's `[MASK]` strip left; in a Phi-3 model
    /// (`general.name` holding `phi-3` or `phi3`, any case) every special token and `</s>` strip
    /// right, except `<unk>`, `<s>` and `<|endoftext|>`.
    static func stripped<Texts: RandomAccessCollection<[UInt8]>>(
        name: String, preTokenizer: String, architecture: String, texts: Texts, types: [TokenType]
    ) -> (left: Set<Int>, right: Set<Int>) where Texts.Index == Int {
        func ids(_ text: String) -> [Int] { texts.indices.filter { texts[$0] == Array(text.utf8) } }
        let lowered = String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        let jina = ["jina-v2-de", "jina-v2-es", "jina-v2-code"].contains { preTokenizer.contains($0) }
        if jina || ["nomic-bert-moe", "jina-bert-v3"].contains(where: { architecture.contains($0) }) {
            return (Set(ids("<mask>").prefix(1)), [])
        }
        if lowered.contains("phi-3") || lowered.contains("phi3") {
            var right = Set(types.indices.filter { [.control, .userDefined, .unknown].contains(types[$0]) })
            right.formUnion(ids("</s>").prefix(1))
            for text in ["<unk>", "<s>", "<|endoftext|>"] { right.subtract(ids(text).prefix(1)) }
            return ([], right)
        }
        if lowered.contains("modern-bert") { return (Set(ids("[MASK]").prefix(1)), []) }
        return ([], [])
    }

    /// C's isspace in the C locale: space, tab, newline, vertical tab, form feed, return.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// `bytes` cut at each special token, one token at a time from the longest: each occurrence
    /// in a text fragment (left to right) splits it.
    func fragments(of bytes: [UInt8], parsingSpecial: Bool) -> [Fragment] {
        guard !bytes.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(0..<bytes.count)]
        for entry in entries where parsingSpecial || entry.alwaysParsed {
            var next: [Fragment] = []
            next.reserveCapacity(fragments.count)
            for fragment in fragments {
                guard case .text(let range) = fragment else {
                    next.append(fragment)
                    continue
                }
                var start = range.lowerBound
                var index = range.lowerBound
                let count = entry.text.count
                while index + count <= range.upperBound {
                    if bytes[index] == entry.text[0], bytes[index..<(index + count)].elementsEqual(entry.text) {
                        var end = index
                        while entry.stripsLeft, end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
                        if start < end { next.append(.text(start..<end)) }
                        next.append(.token(entry.id))
                        index += count
                        while entry.stripsRight, index < range.upperBound, Self.isSpace(bytes[index]) { index += 1 }
                        start = index
                    } else {
                        index += 1
                    }
                }
                if start < range.upperBound { next.append(.text(start..<range.upperBound)) }
            }
            fragments = next
        }
        return fragments
    }

    /// Token texts that end a turn or a text, as llama.cpp lists them; a tokenizer stops
    /// generation at any of them that its vocabulary has.
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>",
        "_<EOT>", "<|end_of_text|>", "<end_of_utterance>",
    ]
}
