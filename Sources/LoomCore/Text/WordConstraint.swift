/// The words a generator may write: every word it makes (a run of letters, compared in lower
/// case) must be one of these, so a small model cannot spell words it half learned.
///
/// A story world builds one from its corpus and adds the words of each prompt (names, facts),
/// and hands it to its writer through ``TextGenerator/constrained(to:)``. A transformer holds
/// itself to it while sampling: a token is allowed only when the letters it adds keep the word
/// being written a prefix of an allowed word, and every word it finishes is allowed.
///
/// ```swift
/// var generator = try TransformerGenerator(model: model, tokenizer: tokenizer)
/// generator.wordConstraint = WordConstraint(words: ["the", "tide", "turned"])
/// ```
public struct WordConstraint: Sendable {
    private var words: Set<String> = []
    private var prefixes: Set<String> = []

    /// Allows `words` (any case).
    public init(words: some Sequence<String>) { add(words) }

    /// Allows `words` too.
    public mutating func add(_ words: some Sequence<String>) {
        for word in words {
            let lower = word.lowercased()
            guard !lower.isEmpty, lower.allSatisfy(\.isLetter) else { continue }
            guard self.words.insert(lower).inserted else { continue }
            var prefix = ""
            for character in lower.dropLast() {
                prefix.append(character)
                prefixes.insert(prefix)
            }
        }
    }

    /// A copy that also allows `words`.
    public func adding(_ words: some Sequence<String>) -> WordConstraint {
        var copy = self
        copy.add(words)
        return copy
    }

    /// Number of allowed words.
    public var count: Int { words.count }

    /// Whether `word` (lower case) is allowed.
    public func allows(word: String) -> Bool { words.contains(word) }

    /// Whether every word of `text` (its runs of letters, in any case) is allowed.
    public func allows(text: String) -> Bool {
        Self.words(in: text).allSatisfy { words.contains($0.lowercased()) }
    }

    /// The words of `text` as the constraint counts them: its runs of letters.
    public static func words(in text: String) -> [String] {
        text.split { !$0.isLetter }.map(String.init)
    }

    /// Whether `text` may follow a word being written, `partial` (lower case letters): the
    /// word it continues or finishes and every whole word inside it are allowed. On success
    /// returns the word being written after `text`; `nil` when not allowed.
    package func continuation(of partial: String, with text: String) -> String? {
        var current = partial
        for character in text {
            if character.isLetter {
                current += character.lowercased()
                if !prefixes.contains(current) && !words.contains(current) { return nil }
            } else {
                // A mark or space ends the word; U+FFFD is a byte token's half character.
                if character == "\u{FFFD}" { return nil }
                if !current.isEmpty && !words.contains(current) { return nil }
                current = ""
            }
        }
        return current
    }
}
