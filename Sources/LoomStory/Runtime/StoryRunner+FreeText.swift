import LoomCore

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
        let matcher = OptionMatcher(
            embedder: try requireEmbedder("typed choices"), cache: story.embeddings, threshold: matchThreshold)
        return try matcher.match(text, among: options)
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
