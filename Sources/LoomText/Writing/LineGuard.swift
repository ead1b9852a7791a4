import LoomCore

/// The checks every generated line passes before a player reads it.
///
/// A small model writes fluent text that is still wrong for a game in a handful of recognisable
/// ways: it stops mid-sentence, runs long, repeats the line before, invents a name the world
/// does not have, answers like a chat assistant ("Sure! Here is…"), drifts into another
/// language, or makes up a word. Each of those is a ``Rule``; ``check(_:)`` returns the first rule a line breaks,
/// in the order of `Rule.allCases`, so a writer can draw another candidate and count what
/// was rejected.
///
/// ```swift
/// var guardRules = LineGuard(knownNames: ["Saltmere", "Wren"], banned: WordList(["gold"]))
/// guardRules.recentLines = ["The gulls circle the harbour."]
/// let passes = guardRules.check("Wren waits by the harbour wall.")    // nil: the line passes
/// let artefact = guardRules.check("Sure! Here is a line about Wren.")  // rule .chatArtefact
/// ```
public struct LineGuard: Sendable, Hashable {
    /// What a rejected line broke, in the order the checks run.
    public enum Rule: String, Sendable, Hashable, CaseIterable, Codable {
        /// Chat-template talk: "Sure! Here is…", "As an AI…", role names, markup.
        case chatArtefact
        /// Not a whole sentence: no capital or quote at the start, no `.`, `!` or `?` at the
        /// end, an ellipsis where the text was cut, or an unclosed quote.
        case incomplete
        /// Fewer words than ``LineGuard/minWords`` or more than ``LineGuard/maxWords``, or
        /// more characters than ``LineGuard/maxCharacters``.
        case length
        /// A word or phrase of ``LineGuard/banned``.
        case banned
        /// The same as a recent line, or most of its words.
        case repetition
        /// A capitalised word inside a sentence that is not one of the world's names.
        case unknownName
        /// Not written in ``LineGuard/language``.
        case language
        /// A word none of ``LineGuard/vocabulary``'s sets knows, with or without a common
        /// ending: a small model sometimes invents one ("portmint", "oi-tao-loh").
        case unknownWord
    }

    /// A rejection: the rule and what in the line broke it.
    public struct Rejection: Sendable, Hashable, CustomStringConvertible {
        /// The rule broken.
        public var rule: Rule
        /// The offending word, phrase or measure, for logs and tests.
        public var detail: String

        public var description: String { "\(rule.rawValue): \(detail)" }
    }

    /// Names a line may use: places, people and things of the world's facts and name lists.
    /// Compared ignoring case; a name of several words allows each of its words.
    public var knownNames: Set<String>
    /// Words and phrases never shown.
    public var banned: WordList
    /// Lines the player read last; a new line may not repeat one. Default: none.
    public var recentLines: [String] = []
    /// Fewest words in a line. Default: 3.
    public var minWords = 3
    /// Most words in a line. Default: 40.
    public var maxWords = 40
    /// Most characters (for option texts), or `nil` for no limit. Default: `nil`.
    public var maxCharacters: Int?
    /// The language lines must be written in: `"en"` checks English; any other value skips
    /// the check. Default: `"en"`.
    public var language = "en"
    /// Share of a recent line's words that makes a new line a repetition. Default: 0.8.
    public var repetitionOverlap = 0.8
    /// Whether a line must be whole sentences (ending in `.`, `!` or `?`); `false` holds
    /// option texts, which are phrases ("Ask about the reef"), to a phrase's rules instead:
    /// a capital first, no ellipsis, no dangling `,` `;` `:` or `-` at the end. Default: `true`.
    public var wholeSentences = true
    /// Sets of lowercased words every word of a line must come from, with a common ending
    /// (`-s`, `-ed`, `-ing`, `-ly`, …), a contraction (`'s`, `n't`, `'ll`) or as a known name;
    /// a word of any set will do. Usually the whole words of the model's tokenizer and the
    /// world's own text. Empty (the default): no check.
    public var vocabulary: [Set<String>] = []

    /// A guard allowing `knownNames` and rejecting `banned`; see each property for the rest.
    public init(knownNames: some Sequence<String> = [], banned: WordList = WordList([String]())) {
        var names = Set<String>()
        for name in knownNames {
            let lowered = name.lowercased()
            names.insert(lowered)
            for part in Self.words(of: lowered) { names.insert(part) }
        }
        self.knownNames = names
        self.banned = banned
    }

    /// The first rule `line` breaks, or `nil` when it may be shown.
    public func check(_ line: String) -> Rejection? {
        let text = line.trimmingWhitespace
        if let artefact = Self.chatArtefact(in: text) { return Rejection(rule: .chatArtefact, detail: artefact) }
        let problem = wholeSentences ? Self.incompleteness(of: text) : Self.phraseIncompleteness(of: text)
        if let problem { return Rejection(rule: .incomplete, detail: problem) }
        let words = Self.words(of: text)
        if words.count < minWords || words.count > maxWords {
            return Rejection(rule: .length, detail: "\(words.count) words, allowed \(minWords)...\(maxWords)")
        }
        if let maxCharacters, text.count > maxCharacters {
            return Rejection(rule: .length, detail: "\(text.count) characters, allowed \(maxCharacters)")
        }
        if let word = banned.firstMatch(in: text) { return Rejection(rule: .banned, detail: word) }
        if let recent = repeatedLine(words) { return Rejection(rule: .repetition, detail: recent) }
        if let name = unknownName(in: text) { return Rejection(rule: .unknownName, detail: name) }
        if language == "en", let problem = Self.notEnglish(text, words: words) {
            return Rejection(rule: .language, detail: problem)
        }
        if let word = unknownWord(in: words) { return Rejection(rule: .unknownWord, detail: word) }
        return nil
    }

    /// The lowercased words of `text`: runs of letters, digits and apostrophes.
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for character in text.lowercased() + " " {
            if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
                word.append(character == "\u{2019}" ? "'" : character)
            } else if !word.isEmpty {
                words.append(word.trimmingApostrophes)
                word = ""
            }
        }
        return words.filter { !$0.isEmpty }
    }

    /// The recent line that `words` repeats, if any: the same words, or a share of at least
    /// ``repetitionOverlap`` of the shorter line's distinct words.
    func repeatedLine(_ words: [String]) -> String? {
        let mine = Set(words)
        guard !mine.isEmpty else { return nil }
        for recent in recentLines {
            let theirs = Set(Self.words(of: recent))
            guard !theirs.isEmpty else { continue }
            let shared = mine.intersection(theirs).count
            if Double(shared) / Double(min(mine.count, theirs.count)) >= repetitionOverlap { return recent }
        }
        return nil
    }

    /// The first capitalised word that does not open a sentence and is not a known name.
    func unknownName(in text: String) -> String? {
        var opensSentence = true
        var word = ""
        var wordOpensSentence = true
        func finish() -> String? {
            defer { word = "" }
            guard let first = word.first, first.isUppercase, !wordOpensSentence else { return nil }
            let lowered = word.lowercased().trimmingApostrophes
            let stem = lowered.hasSuffix("'s") ? String(lowered.dropLast(2)) : lowered
            if knownNames.contains(lowered) || knownNames.contains(stem) || Self.alwaysCapitalised.contains(stem) {
                return nil
            }
            return word.trimmingApostrophes
        }
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
                if word.isEmpty { wordOpensSentence = opensSentence }
                word.append(character)
                opensSentence = false
            } else {
                if !word.isEmpty, let name = finish() { return name }
                if ".!?:;\"\u{201C}\u{2014}\n".contains(character) { opensSentence = true }
            }
        }
        return nil
    }

    /// Capitalised inside a sentence in ordinary English without being a name.
    static let alwaysCapitalised: Set<String> = [
        "i", "i'm", "i'll", "i've", "i'd", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ]
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    fileprivate var trimmingApostrophes: String {
        var text = Substring(self)
        while text.first == "'" { text.removeFirst() }
        while text.last == "'" { text.removeLast() }
        return String(text)
    }
}
