import LoomCore

extension WorldText {
    /// The sampling of the world's chat writer, from ``proseSettings``.
    package var chatSampling: ChatSampling {
        let settings = proseSettings ?? WorldProseSettings(model: proseName)
        return ChatSampling(
            temperature: settings.temperature, topK: settings.topK, topP: settings.topP, minP: settings.minP,
            repetitionPenalty: settings.repetitionPenalty)
    }

    /// The system prompt of the world's chat: its voice, then the facts that hold for the whole
    /// playthrough. The same for every call of a playthrough, so the model computes it once.
    package func systemPrompt(_ context: StoryPrompt) -> String {
        let voice = proseSettings?.voice ?? WorldProseSettings.defaultVoice
        return ([voice] + context.facts).joined(separator: " ")
    }

    /// The guard a world's generated text passes: the world's banned words, the names the
    /// player has met (capitalised words of the facts, the situation, the recent lines and the
    /// story's `names`), the recent lines not to repeat, and, for a chat model, the words it
    /// may use: its whole-word tokens, the world's own words and those of the scene.
    package func lineGuard(_ context: StoryPrompt, names: [String], recent: [String]) -> LineGuard {
        var known = names
        let scene = context.facts + context.situation + recent + [context.instruction]
        for text in scene { known += Self.capitalisedWords(in: text) }
        var rules = LineGuard(knownNames: known, banned: banned)
        if let chatWriter {
            rules.vocabulary = [chatWriter.wholeWords, ownWords, LineGuard.vocabulary(of: scene + context.lines)]
        }
        rules.recentLines = recent
        rules.maxWords = proseSettings?.maxWords ?? 24
        return rules
    }

    /// Words of `text` that start with a capital letter.
    package static func capitalisedWords(in text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0 == "'" || $0 == "-") }).filter {
            $0.first?.isUppercase == true
        }
        .map(String.init)
    }

    /// The request for a line opening with `prefix` in `context` (see
    /// ``write(prompt:context:fallback:seed:maxTokens:names:embedder:)``).
    package func chatLineRequest(
        prefix: String, context: StoryPrompt, seed: Seed, maxTokens: Int?
    ) -> StoryLineRequest {
        let settings = proseSettings ?? WorldProseSettings(model: proseName)
        // `generate_n`'s token budget, read as words (a word is about 1.3 tokens).
        let words = maxTokens.map { max(3, min(settings.maxWords, $0 * 3 / 4)) } ?? settings.maxWords
        return StoryLineRequest(
            system: systemPrompt(context), situation: context.situation, scene: context.lines, prefix: prefix,
            maxWords: words, candidates: settings.candidates, seed: seed, sampling: chatSampling)
    }
}
