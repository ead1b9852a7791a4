import LoomCore

extension StoryRunner {
    /// The text for `key`: from the saved cache when this playthrough made it before, otherwise
    /// from ``textGenerator`` (then cached, so saves and replays show the same words).
    ///
    /// The request's seed is derived from the runner's seed and the key
    /// (`seed.derive("text").derive(key)`), so each slot has its own stable randomness.
    /// Throws when no generator is set and the text is not cached.
    public func generatedText(key: String, prompt: String, maxTokens: Int = 64) throws -> String {
        if let cached = generatedText[key] { return cached }
        guard let textGenerator else {
            throw LoomError(.runtime, "no text generator is set to write '\(key)'")
        }
        let request = TextRequest(prompt: prompt, seed: seed.derive("text").derive(key), maxTokens: maxTokens)
        let text = try textGenerator.generate(request).text
        generatedText[key] = text
        return text
    }
}
