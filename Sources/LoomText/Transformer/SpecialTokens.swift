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
/// `<|im_start|>`); user-defined ones always are.
struct SpecialTokens: Sendable {
    struct Entry: Sendable {
        var text: [UInt8]
        var id: Int
        var alwaysParsed: Bool
    }

    /// A part of a text: bytes to tokenize normally, or one special token.
    enum Fragment: Equatable {
        case text(Range<Int>)
        case token(Int)
    }

    /// The special tokens, longest first (ties by id).
    let entries: [Entry]

    /// The special tokens among `texts` (each token's text as the vocabulary writes it) of the
    /// given types.
    init(texts: [[UInt8]], types: [TokenType]) {
        var entries: [Entry] = []
        for (id, type) in types.enumerated() where id < texts.count && !texts[id].isEmpty {
            switch type {
            case .control, .unknown: entries.append(Entry(text: texts[id], id: id, alwaysParsed: false))
            case .userDefined: entries.append(Entry(text: texts[id], id: id, alwaysParsed: true))
            case .normal, .unused, .byte: break
            }
        }
        self.entries = entries.sorted { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.id < $1.id }
    }

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
                        if start < index { next.append(.text(start..<index)) }
                        next.append(.token(entry.id))
                        index += count
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
