import LoomCore
import LoomStory
import LoomText

extension WorldSession {
    /// The sentence model that understands typed choices (``choose(matching:)``); `nil` until
    /// set. Load the shipped one with ``World/loadTextEmbedder(named:)``.
    public var textEmbedder: (any TextEmbedder)? {
        get { story.textEmbedder }
        set { story.textEmbedder = newValue }
    }

    /// Chooses the waiting option that typed `text` means and plays on, as
    /// `StoryRunner.selectOption(matching:)` decides for Yarn.
    ///
    /// The transcript shows the choice as a number does (`> 2. Light it`), then
    /// `(matched "…", score 0.73)`. When no option is close enough nothing is chosen: the
    /// transcript says `(no option matches "…")` and offers the options again.
    ///
    /// Both story languages match alike (`OptionMatcher`): an ink choice's tags give its hints
    /// (`* [Fight] #hint:attack,strike`), as a Yarn option's do.
    ///
    /// Throws when no options wait, or when no ``textEmbedder`` is set (saying how to get the
    /// sentence model).
    @discardableResult
    public func choose(matching text: String) throws -> OptionMatch {
        guard !options.isEmpty else { throw LoomError(.invalidArgument, "no options are waiting for a choice") }
        let match = try story.match(text)
        events.append(.typed(match))
        guard let option = match.option else {
            transcript.append("(\(match.summary))")
            for option in options {
                transcript.append(
                    "  \(option.index + 1). \(option.text)\(option.isAvailable ? "" : " (unavailable)")")
            }
            events.append(.options(options))
            return match
        }
        transcript.append("> \(option.index + 1). \(option.line.text)")
        transcript.append("(\(match.summary))")
        events.append(.choice(number: option.index + 1, text: option.line.text))
        textBinding.record(option.line.text)
        options = []
        try story.choose(option.index)
        try advance()
        return match
    }
}

extension World {
    /// The sentence model for typed choices, `similarity(a, b)` and `most_similar` saliency:
    /// `name` (default all-MiniLM-L6-v2) looked up on the `ModelSearchPath` with this
    /// world's folder first.
    ///
    /// Throws an `.io` error that says typed choices need the model and how to fetch it
    /// (`Scripts/fetch-models`); option numbers work without it.
    public func loadTextEmbedder(named name: String = SentenceEmbedder.defaultModelName) throws -> SentenceEmbedder {
        try SentenceEmbedder.loadForFreeText(name, searchPath: ModelSearchPath(first: [folder]))
    }
}

extension SentenceEmbedder {
    /// The model a typed choice loads, with an error that says what needs it and that option
    /// numbers still work without it.
    public static func loadForFreeText(
        _ name: String = defaultModelName, searchPath: ModelSearchPath = ModelSearchPath()
    ) throws -> SentenceEmbedder {
        do {
            return try SentenceEmbedder.load(from: name, searchPath: searchPath)
        } catch let error as LoomError {
            throw LoomError(
                error.kind,
                "free-text choices need the sentence model \(name), which is not available: \(error.message). "
                    + "Option numbers still work.", at: error.location)
        }
    }
}
