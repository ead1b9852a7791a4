import LoomCore

/// What a story asks a text model for: a key naming the slot, a prompt, and a seed.
public struct TextRequest: Hashable, Sendable {
    /// Names the generated text within the playthrough (`"Tavern.greeting"`); the cache key.
    public var key: String
    /// What to write about.
    public var prompt: String
    /// Derived from the runner's seed and the key, so each slot has its own stable randomness.
    public var seed: Seed
}

/// A source of generated text (a grammar or a trained model), plugged in by the host.
///
/// `LoomStory` knows no text model; `Loom` connects one here.
public protocol TextGenerator: AnyObject {
    /// Writes text for a request. Must be a pure function of the request for replays to match.
    func generateText(for request: TextRequest) throws -> String
}

extension StoryRunner {
    /// The text for `key`: from the saved cache when this playthrough made it before, otherwise
    /// from ``textGenerator`` (then cached, so saves and replays show the same words).
    ///
    /// Throws when no generator is set and the text is not cached.
    public func generatedText(key: String, prompt: String) throws -> String {
        if let cached = generatedText[key] { return cached }
        guard let textGenerator else {
            throw LoomError(.runtime, "no text generator is set to write '\(key)'")
        }
        let text = try textGenerator.generateText(
            for: TextRequest(key: key, prompt: prompt, seed: seed.derive("text").derive(key)))
        generatedText[key] = text
        return text
    }
}
