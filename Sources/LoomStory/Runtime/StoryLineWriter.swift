import LoomCore

/// One call of a story's text function (`generate`, `grammar`, `name`, …): what was called,
/// where, and the seed its words come from.
///
/// The key names the call site (``StoryCallSite/key`` for Yarn, `ink:<path>@<index>#<visit>`
/// for ink), so a call writes the same words on a replay and after a load. The seed is
/// `storySeed.derive("text").derive(key)`; outside a call site (a function called while no
/// story runs) it derives from the function's name and arguments instead, and nothing is cached.
public struct StoryTextCall: Sendable, Hashable {
    /// The story function called (`generate`, `generate_n`, `grammar`, `name`, or a host's own).
    public var function: String
    /// Its arguments, as the story passed them.
    public var arguments: [StoryValue]
    /// The call site's key, or `nil` outside a story call site.
    public var key: String?
    /// The seed the call's words are drawn with.
    public var seed: Seed
    /// The most tokens the call may write, or `nil` for the writer's own budget. A
    /// ``TextGeneratorLineWriter`` honours it; a world's writer takes its budget from the
    /// story's arguments (`generate_n`).
    public var maxTokens: Int? = nil

    /// A call with the given fields.
    public init(function: String, arguments: [StoryValue], key: String?, seed: Seed) {
        self.function = function
        self.arguments = arguments
        self.key = key
        self.seed = seed
    }

    /// The call of `function` at `key` in a story played with `storySeed`, its seed derived
    /// as the type's documentation says.
    public init(function: String, arguments: [StoryValue], key: String?, storySeed: Seed) {
        let label = key ?? ([function] + arguments.map(\.description)).joined(separator: "\u{1F}")
        self.init(function: function, arguments: arguments, key: key, seed: storySeed.derive("text").derive(label))
    }

    /// The call's text: `cache[key]` when this playthrough wrote it before, otherwise
    /// `writer`'s, stored under the key (so saves and replays show the same words). Outside a
    /// call site (no key) the writer writes and nothing is stored. The one way a story's text
    /// is looked up and kept, for the Yarn runner and for ink hosts alike.
    public func text(cache: inout [String: String], writer: any StoryLineWriter) throws -> String {
        guard let key else { return try writer.write(self) }
        if let cached = cache[key] { return cached }
        let text = try writer.write(self)
        cache[key] = text
        return text
    }
}

/// Writes the text of a story's text function calls: a world's writer chain (the `Loom`
/// facade's), or a plain `TextGenerator` (``StoryRunner/textGenerator``).
///
/// A writer is called only for calls the playthrough has not written before (see
/// ``StoryTextCall/text(cache:writer:)``), so it may report what it writes.
public protocol StoryLineWriter: AnyObject {
    /// The text for `call`, deterministic in the call (its seed and arguments) and in what the
    /// story has shown so far.
    func write(_ call: StoryTextCall) throws -> String
}

/// A plain `TextGenerator` as a ``StoryLineWriter``: it continues the call's first argument
/// as its prompt, with the call's seed and ``maxTokens`` tokens.
public final class TextGeneratorLineWriter: StoryLineWriter {
    /// The generator that writes.
    public let generator: any TextGenerator
    /// The token budget of a call that names none (``StoryTextCall/maxTokens``). Default: 64.
    public var maxTokens: Int

    /// A writer over `generator`.
    public init(_ generator: any TextGenerator, maxTokens: Int = 64) {
        self.generator = generator
        self.maxTokens = maxTokens
    }

    public func write(_ call: StoryTextCall) throws -> String {
        let prompt = call.arguments.first?.description ?? ""
        let request = TextRequest(prompt: prompt, seed: call.seed, maxTokens: call.maxTokens ?? maxTokens)
        return try generator.generate(request).text
    }
}
