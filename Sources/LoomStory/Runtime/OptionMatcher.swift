import LoomCore

/// Scores typed player text against a set of options: the one matcher behind typed choices in
/// both story languages (``StoryRunner/selectOption(matching:)`` for Yarn; a world session's
/// `choose(matching:)` and `loom play story.ink --free-text` for ink).
///
/// Each available option is embedded by its text (without a speaker's `Name: `) and by each of
/// its hints (a writer's hidden synonyms as a tag, `#hint:attack,strike,hit_him`; commas
/// separate hints, underscores read as spaces). An option scores its most similar text's cosine
/// similarity with the typed text, rounded to four decimals, and at least
/// ``OptionMatch/hintWordScore`` when the typed text holds every word of one of its hints. The
/// best option is chosen when its score is at least ``threshold``; unavailable options never
/// match. Option texts are embedded once into ``cache``; only the typed text is embedded on
/// every call.
///
/// ```swift
/// let matcher = OptionMatcher(embedder: embedder, cache: StoryEmbeddingCache())
/// let options = [
///     StoryOption(StoryPlayerChoice(index: 0, text: "Light the lamp", isAvailable: true)),
///     StoryOption(StoryPlayerChoice(index: 1, text: "Sail on", isAvailable: true, tags: ["hint:leave"])),
/// ]
/// let match = try matcher.match("we should leave now", among: options)
/// print(match.option?.index ?? -1)  // 1: the text holds the hint "leave"
/// ```
public struct OptionMatcher: Sendable {
    /// The sentence model that embeds option texts and typed text.
    public var embedder: any TextEmbedder
    /// Where option texts' embeddings are kept between calls (a Yarn story's
    /// ``Story/embeddings``; an ink world's cache).
    public var cache: StoryEmbeddingCache
    /// The lowest score that chooses an option. Default: ``OptionMatch/defaultThreshold``;
    /// range [-1, 1].
    public var threshold: Float

    /// A matcher over `embedder`, keeping option embeddings in `cache`.
    public init(
        embedder: any TextEmbedder, cache: StoryEmbeddingCache, threshold: Float = OptionMatch.defaultThreshold
    ) {
        self.embedder = embedder
        self.cache = cache
        self.threshold = threshold
    }

    /// What typed `text` means among `options` (indexed by ``StoryOption/index``, which must be
    /// their positions): the chosen option, or none when no available option scores at least
    /// ``threshold`` or the text is blank.
    public func match(_ text: String, among options: [StoryOption]) throws -> OptionMatch {
        var texts: [String] = []
        var owners: [Int] = []
        for option in options where option.isAvailable {
            for candidate in [option.line.textWithoutCharacterName] + Self.hints(of: option.line) {
                texts.append(candidate)
                owners.append(option.index)
            }
        }
        var scores = [Float?](repeating: nil, count: options.count)
        let typed = text.trimmedOfWhitespace
        if !texts.isEmpty && !typed.isEmpty {
            let prepared = embedder.preparing(typed: typed, context: texts)
            let vectors = try cache.embed(texts, transient: [prepared], with: embedder)
            for (vector, owner) in zip(vectors.cached, owners) {
                let score = TextEmbedding.rounded(TextEmbedding.cosine(vectors.transient[0], vector))
                scores[owner] = Swift.max(scores[owner] ?? -1, score)
            }
            let typedWords = Set(Self.words(of: prepared))
            for option in options where option.isAvailable {
                let hinted = Self.hints(of: option.line).contains { hint in
                    let words = Self.words(of: hint)
                    return !words.isEmpty && words.allSatisfy(typedWords.contains)
                }
                if hinted { scores[option.index] = Swift.max(scores[option.index] ?? -1, OptionMatch.hintWordScore) }
            }
        } else {
            for option in options where option.isAvailable { scores[option.index] = 0 }
        }
        var best: Int?
        for (index, score) in scores.enumerated() {
            guard let score else { continue }
            if best == nil || score > scores[best!]! { best = index }
        }
        let score = best.map { scores[$0]! } ?? 0
        let chosen = best.flatMap { score >= threshold && !typed.isEmpty ? options[$0] : nil }
        return OptionMatch(
            text: typed, option: chosen, closest: best.map { options[$0] }, score: score, scores: scores,
            threshold: threshold)
    }

    /// The hints of an option line: its `hint:` tags, split on commas, underscores as spaces.
    static func hints(of line: StoryLine) -> [String] {
        line.tags.filter { $0.hasPrefix("hint:") }.flatMap { tag in
            tag.dropFirst(5).split(separator: ",").map { String($0.map { $0 == "_" ? " " : $0 }) }
        }
    }

    /// The words of `text` in lower case: runs of letters, digits and apostrophes (`’` read
    /// as `'`).
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "'"
                || scalar == "\u{2019}"
            {
                current.append(scalar == "\u{2019}" ? "'" : scalar)
            } else if !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
    }
}

extension StoryOption {
    /// The option for a choice another story runtime offers (an ink choice), so typed text is
    /// matched against it by ``OptionMatcher`` as against a Yarn option: its text (a speaker's
    /// `Name: ` is not split off) and its tags. It leads nowhere in a Yarn story; choose it by
    /// its index in the runtime that offered it.
    public init(_ choice: StoryPlayerChoice) {
        self.init(
            index: choice.index,
            line: StoryLine(
                id: "choice:\(choice.index)", text: choice.text, characterName: nil, tags: choice.tags, attributes: []),
            isAvailable: choice.isAvailable, destination: -1)
    }
}
