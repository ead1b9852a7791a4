import LoomCore

extension StoryRunner {
    /// The text of the text function call running now (`function` with `arguments`), keyed
    /// by ``currentCallSite``: from ``generatedText`` when this playthrough wrote it before,
    /// otherwise from ``lineWriter`` (then kept, so saves and replays show the same words).
    ///
    /// Outside a host function call the call has no key: its seed derives from the function
    /// and arguments, and nothing is kept. Throws when no writer is set and the text is not kept.
    public func writeText(_ function: String, _ arguments: [StoryValue]) throws -> String {
        let call = StoryTextCall(
            function: function, arguments: arguments, key: currentCallSite?.key, storySeed: seed)
        return try call.text(cache: &generatedText, writer: try requiredLineWriter(for: function))
    }

    /// The text for `key`: from the saved cache when this playthrough made it before, otherwise
    /// from ``lineWriter`` continuing `prompt` (then cached, so saves and replays show the same
    /// words). The call is named `text`, with `prompt` its one argument.
    ///
    /// The request's seed is derived from the runner's seed and the key
    /// (`seed.derive("text").derive(key)`), so each slot has its own stable randomness.
    /// Throws when no writer is set and the text is not cached.
    public func generatedText(key: String, prompt: String, maxTokens: Int = 64) throws -> String {
        if let cached = generatedText[key] { return cached }
        var call = StoryTextCall(function: "text", arguments: [.string(prompt)], key: key, storySeed: seed)
        call.maxTokens = maxTokens
        return try call.text(cache: &generatedText, writer: try requiredLineWriter(for: key))
    }

    /// A plain generator in ``lineWriter`` (wrapped in a ``TextGeneratorLineWriter``), or
    /// `nil` when the slot is empty or holds another writer. Setting it fills the slot.
    public var textGenerator: (any TextGenerator)? {
        get { (lineWriter as? TextGeneratorLineWriter)?.generator }
        set { lineWriter = newValue.map { TextGeneratorLineWriter($0) } }
    }

    private func requiredLineWriter(for name: String) throws -> any StoryLineWriter {
        guard let lineWriter else { throw LoomError(.runtime, "no text generator is set to write '\(name)'") }
        return lineWriter
    }
}
