/// Words a world never wants to see, and what to say instead.
///
/// Matching is by whole word, ignoring case: banning `"rat"` rejects "Rat" and "rat's" but
/// not "pirate". A word is a run of letters, digits and apostrophes; a trailing `'s` is
/// ignored.
public struct WordList: Sendable, Codable, Hashable {
    /// The banned words, lowercased.
    public private(set) var words: Set<String>

    /// A list of banned words (case is ignored; blank entries are dropped).
    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Set(words.map { $0.lowercased().trimmingWhitespace() }.filter { !$0.isEmpty })
    }

    /// A list from text with one word per line; blank lines and lines starting with `#` are skipped.
    public init(lines text: String) {
        self.init(text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") })
    }

    /// The first banned word in `text`, in reading order, or `nil` when the text is clean.
    public func firstMatch(in text: String) -> String? {
        guard !words.isEmpty else { return nil }
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
                word.append(character)
            } else if !word.isEmpty {
                if let match = match(word) { return match }
                word = ""
            }
        }
        return nil
    }

    private func match(_ raw: String) -> String? {
        var word = raw.lowercased()
        while word.hasPrefix("'") || word.hasPrefix("\u{2019}") { word.removeFirst() }
        while word.hasSuffix("'") || word.hasSuffix("\u{2019}") { word.removeLast() }
        if words.contains(word) { return word }
        for suffix in ["'s", "\u{2019}s"] where word.hasSuffix(suffix) {
            let stem = String(word.dropLast(2))
            if words.contains(stem) { return stem }
        }
        return nil
    }
}

/// Wraps any ``TextGenerator`` so that banned words are never emitted: a rejected text is
/// generated again from a derived seed, up to ``maxAttempts`` times, and then the authored
/// ``fallback`` is returned instead.
///
/// The first attempt uses the request's own seed, so clean text is the same with or without a
/// guard. Attempt `k > 0` uses `request.seed.derive("guard").derive(k, 0)`.
///
/// ```swift
/// let guarded = TextGuard(model, banned: WordList(["gold"]), fallback: "The wind says nothing.")
/// let line = try guarded.generate(TextRequest(seed: Seed(3))).text
/// ```
public struct TextGuard: TextGenerator {
    /// The generator whose output is checked.
    public var base: any TextGenerator
    /// Words never emitted.
    public var banned: WordList
    /// Authored text returned when every attempt was rejected.
    public var fallback: String
    /// How many generations to try before the fallback. Default: 8; at least 1.
    public var maxAttempts: Int

    /// A guard over `base`; see each property for its meaning and default.
    public init(_ base: any TextGenerator, banned: WordList, fallback: String, maxAttempts: Int = 8) {
        self.base = base
        self.banned = banned
        self.fallback = fallback
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The first accepted text, or the fallback with finish ``TextFinish/fallback``.
    public func generate(_ request: TextRequest) throws -> TextResult {
        try request.validate()
        for attempt in 0..<maxAttempts {
            var attemptRequest = request
            if attempt > 0 { attemptRequest.seed = request.seed.derive("guard").derive(attempt, 0) }
            let result = try base.generate(attemptRequest)
            if banned.firstMatch(in: result.text) == nil { return result }
        }
        let text = TextResult.trimmed(fallback)
        return TextResult(text: text, tokenCount: BufferedTokenStream.wordCount(text), finish: .fallback)
    }

    /// The accepted text (or the fallback) as a stream of words.
    public func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        BufferedTokenStream(words: try generate(request).text)
    }
}

extension BufferedTokenStream {
    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }
}

extension String {
    func trimmingWhitespace() -> String { TextResult.trimmed(self) }
}
