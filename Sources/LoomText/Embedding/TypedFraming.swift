/// Strips the framing players wrap around an action when they type it ("can I …", "let's …",
/// "I want to …", "… please"), so that a sentence model compares the action itself with
/// options, which are written as bare imperatives ("Sell the fish").
///
/// Only whole leading and trailing phrases of a fixed list are removed, as often as they
/// repeat ("ok, can I please …"), and never the last word: "please" alone stays "please".
/// Words are compared in lower case with `’` read as `'`; the rest of the text stays as typed.
/// The result depends only on the text, so matching stays deterministic.
///
/// ```swift
/// let request = TypedFraming().strip("Can we sail to Stead now?")    // "sail to Stead now?"
/// let purchase = TypedFraming().strip("I want to buy cedar timber")  // "buy cedar timber"
/// ```
public struct TypedFraming: Sendable {
    /// Phrases removed from the start, as lower-case words.
    public let leading: [[String]]
    /// Phrases removed from the end, as lower-case words.
    public let trailing: [[String]]

    /// The framings of English player input Loom knows: polite and modal questions about the
    /// player's own action, statements of intent, and fillers.
    public init() {
        let leading = [
            "maybe i should", "maybe i will", "maybe i'll", "i think i should", "i think i will", "i think i'll",
            "i guess i'll", "i guess i will", "i want to", "i wanna", "i'd like to", "i would like to", "i'm going to",
            "i am going to", "i'm gonna", "i will", "i'll", "i shall", "i try to", "try to", "can i", "could i",
            "may i", "should i", "shall i", "can we", "could we", "shall we", "should we", "let's", "lets", "let us",
            "can you", "could you", "would you", "will you", "please", "ok", "okay", "well", "so", "and", "then",
        ]
        self.init(leading: leading.map(Self.words), trailing: ["please", "thanks", "thank you"].map(Self.words))
    }

    /// A framing of the given phrases (lower-case words each).
    public init(leading: [[String]], trailing: [[String]]) {
        // Longest first, so "i want to" wins over a shorter phrase sharing its start.
        self.leading = leading.sorted { $0.count > $1.count }
        self.trailing = trailing.sorted { $0.count > $1.count }
    }

    /// `text` without its leading and trailing framing phrases (and the punctuation that
    /// separated them, such as the comma of "ok, …"); `text` itself when it has none.
    public func strip(_ text: String) -> String {
        let words = Self.spans(text)
        var first = 0
        var end = words.count
        var changed = true
        while changed {
            changed = false
            for phrase in leading where end - first > phrase.count && Self.matches(phrase, words, at: first) {
                first += phrase.count
                changed = true
                break
            }
            for phrase in trailing
            where end - first > phrase.count && Self.matches(phrase, words, at: end - phrase.count) {
                end -= phrase.count
                changed = true
                break
            }
        }
        guard first > 0 || end < words.count else { return text }
        let scalars = Array(text.unicodeScalars)
        // Keep what follows the last kept word (a question mark) unless a trailing phrase went.
        let lower = words[first].range.lowerBound
        let upper = end < words.count ? words[end - 1].range.upperBound : scalars.count
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[lower..<upper])
        return String(result)
    }

    /// A phrase's words.
    static func words(_ phrase: String) -> [String] {
        phrase.split(separator: " ").map(String.init)
    }

    /// Whether `phrase` is the words of `words` from `start`.
    static func matches(_ phrase: [String], _ words: [(word: String, range: Range<Int>)], at start: Int) -> Bool {
        guard start >= 0, start + phrase.count <= words.count else { return false }
        return phrase.indices.allSatisfy { phrase[$0] == words[start + $0].word }
    }

    /// The words of `text` (letters, digits and apostrophes), lower-cased, with their ranges of
    /// Unicode scalars.
    static func spans(_ text: String) -> [(word: String, range: Range<Int>)] {
        var result: [(word: String, range: Range<Int>)] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let isWordScalar =
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "'"
                || scalar == "\u{2019}"
            if isWordScalar {
                if current.isEmpty { start = index }
                current.append(scalar == "\u{2019}" ? "'" : scalar)
            } else if !current.isEmpty {
                result.append((String(current).lowercased(), start..<index))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append((String(current).lowercased(), start..<text.unicodeScalars.count)) }
        return result
    }
}
