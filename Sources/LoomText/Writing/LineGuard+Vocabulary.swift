extension LineGuard {
    /// The lowercased words of `texts` (runs of letters, digits and apostrophes), for a
    /// ``vocabulary`` set.
    public static func vocabulary(of texts: some Sequence<String>) -> Set<String> {
        var words = Set<String>()
        for text in texts { words.formUnion(Self.words(of: text)) }
        return words
    }

    /// Endings a known word may take: the word with the ending removed (or replaced) must be
    /// known. In order of the longest first, with the stem's replacement when it has one
    /// (`carried` → `carry`, `making` → `make`).
    static let inflections: [(ending: String, stems: [String])] = [
        ("iness", ["y"]), ("ness", [""]), ("ments", [""]), ("ment", [""]), ("fully", ["ful"]), ("ful", [""]),
        ("less", [""]), ("ily", ["y"]), ("ies", ["y"]), ("ied", ["y"]), ("ier", ["y"]), ("iest", ["y"]),
        ("ing", ["", "e"]), ("ers", ["", "e"]), ("est", ["", "e"]), ("ed", ["", "e"]), ("er", ["", "e"]),
        ("es", [""]), ("ly", ["", "le"]), ("s", [""]), ("d", [""]), ("y", ["", "e"]), ("en", ["", "e"]),
        ("ward", [""]), ("wards", [""]),
    ]

    /// Contractions whose first part is not a word of its own (`can't` is `ca` + `n't` to a
    /// tokenizer).
    static let contractions: Set<String> = ["can't", "won't", "shan't", "ain't"]

    /// Whether `word` (lowercased, from ``words(of:)``) is a word of ``vocabulary``, a known
    /// name, or one of those with an ending, a doubled last consonant (`stopped`) or a
    /// contraction (`sailor's`, `we'll`, `don't`), or two of them joined (`sailboat`, each
    /// part of three letters or more).
    func isKnownWord(_ word: String, joined: Bool = true) -> Bool {
        if knows(word) || word.contains(where: \.isNumber) || Self.contractions.contains(word) { return true }
        if let apostrophe = word.firstIndex(of: "'") {
            var stem = String(word[..<apostrophe])
            if word[apostrophe...] == "'t", stem.hasSuffix("n") { stem.removeLast() }
            return stem.isEmpty || isKnownWord(stem, joined: joined)
        }
        for (ending, replacements) in Self.inflections where word.count > ending.count + 2 && word.hasSuffix(ending) {
            let stem = String(word.dropLast(ending.count))
            if replacements.contains(where: { knows(stem + $0) }) { return true }
            // A doubled consonant before the ending: "stopped", "bigger", "running".
            if let last = stem.last, stem.dropLast().last == last, !"aeiou".contains(last),
                knows(String(stem.dropLast()))
            {
                return true
            }
        }
        if joined, word.count >= 6 {
            for split in 3...(word.count - 3) {
                let head = word.prefix(split), tail = word.dropFirst(split)
                if knows(String(head)) && isKnownWord(String(tail), joined: false) { return true }
            }
        }
        return false
    }

    private func knows(_ word: String) -> Bool {
        knownNames.contains(word) || vocabulary.contains { $0.contains(word) }
    }

    /// The first word of `words` that ``vocabulary`` does not know, if the vocabulary is set.
    func unknownWord(in words: [String]) -> String? {
        guard !vocabulary.isEmpty else { return nil }
        return words.first { !isKnownWord($0) }
    }
}
