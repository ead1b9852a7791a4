extension ByteLevelBPETokenizer.PreTokenizer {
    /// The words of `text`, as ranges of its scalars, covering every scalar once and in order.
    ///
    /// llama.cpp's splitting: some rules first cut the text into pieces (SmolLM's digits, the
    /// default rule's runs of punctuation), then a hand-written matcher of the rule's regular
    /// expression runs inside each piece, so no word crosses a cut. At each position the
    /// alternatives are tried in the expression's order, each as long as the expression would
    /// match it (including `\s+(?!\S)`, which leaves the last space of a run to the next word).
    func words(in text: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces = [0..<text.count]
        switch self {
        case .gpt2, .llama3, .qwen2: break
        case .smollm:
            pieces = Self.isolate(pieces, in: text) { text, index in
                Self.kind(text[index]) == .number ? index + 1 : nil
            }
        case .standard:
            pieces = Self.isolate(pieces, in: text) { text, index in
                var end = index
                while end < text.count, Self.isPunctuationOrOperator(text[end]) { end += 1 }
                return end > index ? end : nil
            }
        }
        var words: [Range<Int>] = []
        for piece in pieces {
            var start = piece.lowerBound
            while start < piece.upperBound {
                let end =
                    switch self {
                    case .gpt2, .smollm, .standard: Self.gpt2Word(text, from: start, to: piece.upperBound)
                    case .llama3: Self.llama3Word(text, from: start, to: piece.upperBound, digitGroup: 3)
                    case .qwen2: Self.llama3Word(text, from: start, to: piece.upperBound, digitGroup: 1)
                    }
                words.append(start..<end)
                start = end
            }
        }
        if self == .standard {
            // Then runs of numbers, then ASCII digits three at a time, each cut out of the words.
            words = Self.isolate(words, in: text) { text, index in
                let end = Self.run(text, from: index, to: text.count, of: .number)
                return end > index ? end : nil
            }
            words = Self.isolate(words, in: text) { text, index in
                guard index + 3 <= text.count else { return nil }
                return text[index..<(index + 3)].allSatisfy { ("0"..."9").contains($0) } ? index + 3 : nil
            }
        }
        return words
    }

    /// Cuts each piece at every match of `match` (which gives a match's end at an index, or
    /// `nil`), searching left to right: the matches and the text between them become pieces.
    static func isolate(
        _ pieces: [Range<Int>], in text: [Unicode.Scalar], match: ([Unicode.Scalar], Int) -> Int?
    ) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for piece in pieces {
            // Matches never reach past the piece: the text beyond it is cut off.
            let view = Array(text[piece])
            var gapStart = 0
            var index = 0
            while index < view.count {
                if let end = match(view, index), end > index {
                    if gapStart < index { result.append((piece.lowerBound + gapStart)..<(piece.lowerBound + index)) }
                    result.append((piece.lowerBound + index)..<(piece.lowerBound + end))
                    index = end
                    gapStart = end
                } else {
                    index += 1
                }
            }
            if gapStart < view.count { result.append((piece.lowerBound + gapStart)..<piece.upperBound) }
        }
        return result
    }

    /// `[\p{P}$+<=>^~|]`: the default rule's first cut.
    static func isPunctuationOrOperator(_ scalar: Unicode.Scalar) -> Bool {
        if "$+<=>^~|".unicodeScalars.contains(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    enum Kind {
        case letter, number, space, other
    }

    static func kind(_ scalar: Unicode.Scalar) -> Kind {
        if scalar.properties.isWhitespace { return .space }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// The kind of the scalar at `index`, or `nil` at or past `end` (the end of the piece).
    static func kind(_ text: [Unicode.Scalar], _ index: Int, _ end: Int) -> Kind? {
        index < end ? kind(text[index]) : nil
    }

    /// The end of the run of `kind` starting at `index`, stopping at `limit`.
    static func run(_ text: [Unicode.Scalar], from index: Int, to limit: Int, of kind: Kind) -> Int {
        var end = index
        while end < limit, Self.kind(text[end]) == kind { end += 1 }
        return end
    }

    /// The end of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `index`.
    static func contraction(_ text: [Unicode.Scalar], at index: Int, to limit: Int, ignoringCase: Bool) -> Int? {
        guard text[index] == "'", index + 1 < limit else { return nil }
        func letter(_ offset: Int) -> Unicode.Scalar? {
            guard index + offset < limit else { return nil }
            let scalar = text[index + offset]
            return ignoringCase && ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) : scalar
        }
        switch letter(1) {
        case "s", "t", "m", "d": return index + 2
        case "r", "v": return letter(2) == "e" ? index + 3 : nil
        case "l": return letter(2) == "l" ? index + 3 : nil
        default: return nil
        }
    }

    /// `\s+(?!\S)|\s+` at a whitespace scalar: the whole run at the end of the piece, else the
    /// run less its last scalar (which opens the next word), else that one scalar.
    static func whitespace(_ text: [Unicode.Scalar], from index: Int, to limit: Int) -> Int {
        let end = run(text, from: index, to: limit, of: .space)
        if end == limit || end - index == 1 { return end }
        return end - 1
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    static func gpt2Word(_ text: [Unicode.Scalar], from index: Int, to limit: Int) -> Int {
        if let end = contraction(text, at: index, to: limit, ignoringCase: false) { return end }
        let body = text[index] == " " ? index + 1 : index
        if let kind = kind(text, body, limit), kind != .space {
            return run(text, from: body, to: limit, of: kind)
        }
        return whitespace(text, from: index, to: limit)
    }

    /// Llama 3's rule (`digitGroup` 3) and Qwen 2's (`digitGroup` 1):
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    static func llama3Word(_ text: [Unicode.Scalar], from index: Int, to limit: Int, digitGroup: Int) -> Int {
        if let end = contraction(text, at: index, to: limit, ignoringCase: true) { return end }
        let first = kind(text[index])
        let isLineBreak = text[index] == "\r" || text[index] == "\n"
        if first == .letter { return run(text, from: index, to: limit, of: .letter) }
        if first != .number, !isLineBreak, kind(text, index + 1, limit) == .letter {
            return run(text, from: index + 1, to: limit, of: .letter)
        }
        if first == .number { return min(run(text, from: index, to: limit, of: .number), index + digitGroup) }
        let body = text[index] == " " ? index + 1 : index
        let bodyKind = kind(text, body, limit)
        if bodyKind == .other || (body > index && bodyKind == nil) {
            var end = run(text, from: body, to: limit, of: .other)
            while end < limit, text[end] == "\r" || text[end] == "\n" { end += 1 }
            return end
        }
        // \s*[\r\n]+: the whitespace up to its last line break.
        let end = run(text, from: index, to: limit, of: .space)
        if let lastBreak = (index..<end).last(where: { text[$0] == "\r" || text[$0] == "\n" }) {
            return lastBreak + 1
        }
        return whitespace(text, from: index, to: limit)
    }
}
