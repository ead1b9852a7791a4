/// How a line the n-gram model wrote may end.
///
/// An n-gram model sees only the last few words, so on a small corpus it can close a
/// sentence where a clause has only begun: "The sea is grey under the cliff, and the keeper."
/// (the corpus has "and the keeper carries…" and "…cry at the keeper."). Such a last clause —
/// a conjunction, perhaps a determiner, then one word — has no verb; it is refused unless the
/// corpus itself ends a sentence with those words.
extension WorldText {
    /// Conjunctions that open a clause.
    package static let clauseConjunctions: Set<String> = [
        "and", "but", "or", "nor", "so", "yet", "while", "as", "when",
    ]
    /// Words that may stand between the conjunction and the last word.
    package static let determiners: Set<String> = [
        "the", "a", "an", "his", "her", "its", "their", "my", "your", "our", "this", "that", "these", "those",
    ]

    /// The last three words (lowercased, joined by a space) of every sentence of `corpus`.
    package static func sentenceEndings(of corpus: String) -> Set<String> {
        var endings = Set<String>()
        var words: [String] = []
        var word = ""
        func finishWord() {
            if !word.isEmpty { words.append(word) }
            word = ""
        }
        for character in corpus {
            if character.isLetter || character.isNumber || character == "'" {
                word.append(contentsOf: character.lowercased())
            } else {
                finishWord()
                if ".!?".contains(character) {
                    if !words.isEmpty { endings.insert(words.suffix(3).joined(separator: " ")) }
                    words = []
                }
            }
        }
        return endings
    }

    /// Whether `text` ends on a clause cut short: its last sentence's last clause (after the
    /// last comma, semicolon or dash) is a conjunction, at most one determiner and one word,
    /// and `endings` (``sentenceEndings``) does not end a sentence that way.
    package static func endsMidPhrase(_ text: String, endings: Set<String>) -> Bool {
        var trimmed = Substring(text)
        while let last = trimmed.last, last.isWhitespace || ".!?\"'\u{201D}".contains(last) { trimmed.removeLast() }
        let clauseStart = trimmed.lastIndex { ",;:\u{2014}".contains($0) }.map { trimmed.index(after: $0) }
        let clause = trimmed[(clauseStart ?? trimmed.startIndex)...]
        let words = clause.split { !($0.isLetter || $0.isNumber || $0 == "'") }.map { $0.lowercased() }
        guard words.count == 2 || words.count == 3, clauseConjunctions.contains(words[0]) else { return false }
        if words.count == 3 && !determiners.contains(words[1]) { return false }
        return !endings.contains(words.joined(separator: " "))
    }
}
