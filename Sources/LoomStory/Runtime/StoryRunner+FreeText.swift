import LoomCore

/// What typed player text matched among the waiting options.
///
/// ```swift
/// let match = try runner.selectOption(matching: "I light the lamp and wait")
/// print(match.summary)  // matched "I light the lamp and wait", score 0.78
/// if match.option == nil { print("The captain doesn't understand.") }
/// ```
public struct OptionMatch: Sendable, Hashable {
    /// The text the player typed.
    public var text: String
    /// The chosen option, or `nil` when no available option scored at least the threshold
    /// (then nothing was chosen and the same options still wait).
    public var option: StoryOption?
    /// The closest available option, chosen or not; `nil` when none is available.
    public var closest: StoryOption?
    /// The closest option's score: the highest cosine similarity between the typed text and
    /// the option's text or one of its hints, rounded to four decimals, raised to
    /// ``hintWordScore`` when the typed text holds every word of one of the option's hints.
    public var score: Float
    /// Each option's score by ``StoryOption/index``; `nil` for unavailable options.
    public var scores: [Float?]
    /// The threshold the match was held to.
    public var threshold: Float

    /// The threshold tuned on half of Loom's evidence set of typed inputs (see
    /// `Tests/LoomTests/FreeText/`), for all-MiniLM-L6-v2.
    public static let defaultThreshold: Float = 0.35

    /// The score an option has at least when the typed text holds every word of one of its
    /// hints (a writer's `#hint:buy` and "buy cedar timber"): a hint is a word the writer
    /// expects players to type, and a sentence model can miss it among the rest of a sentence.
    /// Words are compared in lower case (letters, digits and apostrophes). Chosen, like
    /// ``defaultThreshold``, on the tuning half of Loom's evidence set (the middle of the
    /// values, in steps of 0.05, that did best there).
    public static let hintWordScore: Float = 0.7

    /// True when an option was chosen.
    public var isMatch: Bool { option != nil }

    /// `matched "…", score 0.73` or `no option matches "…"`, as transcripts print it.
    public var summary: String {
        guard option != nil else { return "no option matches \"\(text)\"" }
        return "matched \"\(text)\", score \(Self.format(score))"
    }

    /// A score with two decimals (`0.73`).
    static func format(_ score: Float) -> String {
        let hundredths = Int((score * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }
}

extension StoryRunner {
    /// Chooses the waiting option that typed `text` means, when one is close enough.
    ///
    /// Embeds the text and every available option's text plus its hints (a writer's hidden
    /// synonyms as a line tag, `-> Fight #hint:attack,strike,hit_him`; commas separate hints,
    /// underscores read as spaces) with ``textEmbedder``, scores each option by its most
    /// similar text (at least ``OptionMatch/hintWordScore`` when the typed text holds every
    /// word of one of its hints), and selects the best option when its score is at least
    /// ``matchThreshold``. Otherwise nothing is chosen, the options keep waiting, and the
    /// result says so, so a game can answer ("The captain doesn't understand.") and ask again.
    /// Unavailable options never match. Option embeddings are cached in the compiled story
    /// (``Story/embeddings``), so only the typed text is embedded after the first time.
    ///
    /// Throws when no option set is waiting, or when no ``textEmbedder`` is set (with how to
    /// get the sentence model).
    @discardableResult
    public func selectOption(matching text: String) throws -> OptionMatch {
        let match = try matchOption(text)
        if let option = match.option { try selectOption(option.index) }
        return match
    }

    /// Scores typed `text` against the waiting options as ``selectOption(matching:)`` does,
    /// without choosing.
    public func matchOption(_ text: String) throws -> OptionMatch {
        guard phase == .waitingForOption else { throw LoomError(.runtime, "no option set is waiting for a choice") }
        let embedder = try requireEmbedder("typed choices")
        var texts: [String] = []
        var owners: [Int] = []
        for option in options where option.isAvailable {
            for candidate in [option.line.textWithoutCharacterName] + Self.hints(of: option.line) {
                texts.append(candidate)
                owners.append(option.index)
            }
        }
        var scores = [Float?](repeating: nil, count: options.count)
        let typed = text.trimmingSpaces
        if !texts.isEmpty && !typed.isEmpty {
            let prepared = embedder.preparing(typed: typed, context: texts)
            let vectors = try story.embeddings.embed(texts, transient: [prepared], with: embedder)
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
        let chosen = best.flatMap { score >= matchThreshold && !typed.isEmpty ? options[$0] : nil }
        return OptionMatch(
            text: typed, option: chosen, closest: best.map { options[$0] }, score: score, scores: scores,
            threshold: matchThreshold)
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

    /// The text embedder, or an error that says what needs it and how to get the model.
    func requireEmbedder(_ purpose: String) throws -> any TextEmbedder {
        guard let textEmbedder else {
            throw LoomError(
                .runtime,
                "\(purpose) need a sentence model, and none is loaded: set StoryRunner.textEmbedder "
                    + "(Loom loads Models/all-MiniLM-L6-v2; run Scripts/fetch-models to download it)")
        }
        return textEmbedder
    }

    /// Keeps `text` among the recent lines.
    func remember(_ text: String) {
        guard recentLineLimit > 0 else { return }
        recentLines.append(text)
        if recentLines.count > recentLineLimit { recentLines.removeFirst(recentLines.count - recentLineLimit) }
    }
}

extension String {
    /// Without leading and trailing white space.
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
