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
