/// Words and phrases a world never wants to see.
///
/// Matching is by whole word, ignoring case: banning `"rat"` rejects "Rat" and "rat's" but
/// not "pirate". A word is a run of letters, digits and apostrophes; a trailing `'s` is
/// ignored. An entry of several words (`"dark lord"`) matches those words in a row, whatever
/// the spaces or punctuation between them.
public struct WordList: Sendable, Codable, Hashable {
    /// The banned entries, lowercased, with single spaces between the words of a phrase.
    public private(set) var words: Set<String>

    /// A list of banned words and phrases (case is ignored; blank entries are dropped).
    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Set(
            words.map { $0.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                .filter { !$0.isEmpty })
    }

    /// A list from text with one entry per line; blank lines and lines starting with `#` are skipped.
    public init(lines text: String) {
        self.init(text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") })
    }

    /// The first banned entry in `text`, in reading order, or `nil` when the text is clean.
    public func firstMatch(in text: String) -> String? {
        guard !words.isEmpty else { return nil }
        // Sorted, so the phrase reported for a place is the same in every process.
        let phrases = words.filter { $0.contains(" ") }.sorted().map { $0.split(separator: " ").map(String.init) }
        var found: [String] = []
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
                word.append(character)
            } else if !word.isEmpty {
                found.append(Self.normalized(word))
                word = ""
            }
        }
        for (index, candidate) in found.enumerated() {
            if words.contains(candidate) { return candidate }
            if candidate.hasSuffix("'s"), words.contains(String(candidate.dropLast(2))) {
                return String(candidate.dropLast(2))
            }
            for phrase in phrases where index + phrase.count <= found.count {
                if (0..<phrase.count).allSatisfy({ Self.same(found[index + $0], phrase[$0]) }) {
                    return phrase.joined(separator: " ")
                }
            }
        }
        return nil
    }

    private static func same(_ found: String, _ banned: String) -> Bool {
        found == banned || (found.hasSuffix("'s") && found.dropLast(2) == banned)
    }

    private static func normalized(_ raw: String) -> String {
        var word = raw.lowercased().replacingApostrophes()
        while word.hasPrefix("'") { word.removeFirst() }
        while word.hasSuffix("'") { word.removeLast() }
        return word
    }
}

/// Wraps any ``TextGenerator`` so that banned words are never emitted: a rejected text is
/// generated again from a derived seed, up to ``maxAttempts`` times, and then the authored
/// ``fallback`` is returned instead.
///
/// The first attempt uses the request's own seed, so clean text is the same with or without a
/// guard. Attempt `k > 0` uses `request.seed.derive("guard").derive(k, 0)`. A greedy request
/// (temperature 0, for a generator that decodes greedily, such as a transformer) is tried once:
/// another attempt would write the same words.
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
        if let accepted = try firstAccepted(request) { return accepted }
        let text = fallback.trimmedOfWhitespace
        return TextResult(text: text, tokenCount: BufferedTokenStream.wordCount(text), finish: .fallback)
    }

    /// The first of the attempts free of banned words, or `nil` when every attempt was rejected
    /// (for a caller with a fallback of its own, such as the next writer of a chain).
    public func firstAccepted(_ request: TextRequest) throws -> TextResult? {
        // The base checks the temperature it takes: 0 only for generators that decode greedily.
        try request.validateAllowingGreedy()
        let attempts = request.temperature == 0 ? 1 : maxAttempts
        for attempt in 0..<attempts {
            var attemptRequest = request
            if attempt > 0 { attemptRequest.seed = request.seed.derive("guard").derive(attempt, 0) }
            let result = try base.generate(attemptRequest)
            if banned.firstMatch(in: result.text) == nil { return result }
        }
        return nil
    }

    /// Whether `prompt` fits ``base``.
    public func fits(prompt: String, maxTokens: Int) -> Bool { base.fits(prompt: prompt, maxTokens: maxTokens) }

    /// The guard over ``base`` constrained to `words`.
    public func constrained(to words: WordConstraint) -> any TextGenerator {
        TextGuard(base.constrained(to: words), banned: banned, fallback: fallback, maxAttempts: maxAttempts)
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
    func replacingApostrophes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }
}
