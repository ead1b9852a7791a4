extension ByteLevelBPETokenizer.PreTokenizer {
    /// The words of `text`, as ranges of its scalars, covering every scalar once and in order.
    ///
    /// A hand-written matcher of the pre-tokenizer's regular expression: at each position the
    /// alternatives are tried in the expression's order, each as long as the expression would
    /// match it (including `\s+(?!\S)`, which leaves the last space of a run to the next word).
    func words(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start = 0
        while start < text.count {
            let end =
                switch self {
                case .gpt2: Self.gpt2Word(text, from: start)
                case .llama3: Self.llama3Word(text, from: start)
                }
            words.append(start..<end)
            start = end
        }
        return words
    }

    enum Kind {
        case letter, number, space, other
    }

    static func kind(_ scalar: Unicode.Scalar) -> Kind {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: .letter
        case .decimalNumber, .letterNumber, .otherNumber: .number
        default: scalar.properties.isWhitespace ? .space : .other
        }
    }

    static func kind(_ text: [Unicode.Scalar], _ index: Int) -> Kind? {
        index < text.count ? kind(text[index]) : nil
    }

    /// The end of the run of `kind` starting at `index`.
    static func run(_ text: [Unicode.Scalar], from index: Int, of kind: Kind) -> Int {
        var end = index
        while end < text.count, Self.kind(text[end]) == kind { end += 1 }
        return end
    }

    /// The end of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `index`.
    static func contraction(_ text: [Unicode.Scalar], at index: Int, ignoringCase: Bool) -> Int? {
        guard text[index] == "'", index + 1 < text.count else { return nil }
        func letter(_ offset: Int) -> Character? {
            guard index + offset < text.count else { return nil }
            let character = Character(text[index + offset])
            return ignoringCase ? Character(character.lowercased()) : character
        }
        switch letter(1) {
        case "s", "t", "m", "d": return index + 2
        case "r", "v": return letter(2) == "e" ? index + 3 : nil
        case "l": return letter(2) == "l" ? index + 3 : nil
        default: return nil
        }
    }

    /// `\s+(?!\S)|\s+` at a whitespace scalar: the whole run at the end of the text, else the
    /// run less its last scalar (which opens the next word), else that one scalar.
    static func whitespace(_ text: [Unicode.Scalar], from index: Int) -> Int {
        let end = run(text, from: index, of: .space)
        if end == text.count || end - index == 1 { return end }
        return end - 1
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    static func gpt2Word(_ text: [Unicode.Scalar], from index: Int) -> Int {
        if let end = contraction(text, at: index, ignoringCase: false) { return end }
        let body = text[index] == " " ? index + 1 : index
        if let kind = kind(text, body), kind != .space {
            return run(text, from: body, of: kind)
        }
        return whitespace(text, from: index)
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    static func llama3Word(_ text: [Unicode.Scalar], from index: Int) -> Int {
        if let end = contraction(text, at: index, ignoringCase: true) { return end }
        let first = kind(text[index])
        if first == .letter { return run(text, from: index, of: .letter) }
        let isLineBreak = text[index] == "\r" || text[index] == "\n"
        if first != .number, !isLineBreak, kind(text, index + 1) == .letter {
            return run(text, from: index + 1, of: .letter)
        }
        if first == .number { return min(run(text, from: index, of: .number), index + 3) }
        let body = text[index] == " " ? index + 1 : index
        if kind(text, body) == .other {
            var end = run(text, from: body, of: .other)
            while end < text.count, text[end] == "\r" || text[end] == "\n" { end += 1 }
            return end
        }
        // \s*[\r\n]+: the whitespace up to its last line break.
        let end = run(text, from: index, of: .space)
        if let lastBreak = (index..<end).last(where: { text[$0] == "\r" || text[$0] == "\n" }) {
            return lastBreak + 1
        }
        return whitespace(text, from: index)
    }
}
