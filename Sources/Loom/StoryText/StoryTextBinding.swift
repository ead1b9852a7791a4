import LoomCore
import LoomStory

/// Links the text functions of one `FunctionLibrary` to the runner that calls them, for the
/// call's place (seed), the runner's generated-text cache, and what a transformer's prompt is
/// built from: the facts of the world being played and the story's recent lines.
///
/// Holds the runner weakly (the runner holds the functions). A runner is used from one thread
/// at a time, and so is its binding. A world session playing an ink story attaches the story's
/// runner the same way.
public final class StoryTextBinding: @unchecked Sendable {
    private weak var runner: (any StoryTextHost)?

    /// The facts prompts read (`{name}` in ``StoryPromptSettings/facts``). Default: none.
    public var facts: () -> [String: StoryValue] = { [:] }

    /// Called after each text `generate` or `generate_n` writes afresh (not from the cache),
    /// for debug output. Default: `nil`.
    public var onWrite: ((StoryTextWrite) -> Void)?

    init() {}

    /// Hands a freshly written text to ``onWrite``.
    func report(_ write: StoryTextWrite) { onWrite?(write) }

    /// Binds the functions to `runner`, replacing any earlier runner.
    public func attach(_ runner: StoryRunner) { self.runner = runner }

    /// Binds the functions to the runner of another story language (an ink story in a world).
    func attach(host: any StoryTextHost) { runner = host }

    /// Adds a line the player saw (or an option they chose) to the story's recent lines (the
    /// runner's `StoryRunner/lineHistory`, which its saves keep: the last
    /// ``StoryPromptSettings/maximumRecentLines``). A world's session records its lines itself;
    /// a host running its own `StoryRunner` calls this for each line it shows.
    public func record(_ line: String) {
        runner?.lineHistory.record(line, keeping: StoryPromptSettings.maximumRecentLines)
    }

    /// How many lines were recorded since the story began (more than ``history`` keeps).
    public var lineCount: Int { runner?.lineHistory.count ?? 0 }

    /// The story's recent lines, oldest first (empty before any line or without a runner).
    public var history: [String] { runner?.lineHistory.lines ?? [] }

    /// Names a generated line may use: the string facts of the world, the values of the story's
    /// string variables (names the story made, such as a captain's), and the capitalised words
    /// of the recent lines, speakers included (what the player has met).
    func knownNames() -> [String] {
        var names: [String] = []
        for value in facts().values { if case .string(let text) = value { names.append(text) } }
        if let runner {
            names += runner.stringVariableValues
        }
        for line in history { names += WorldText.capitalisedWords(in: line) }
        return names.sorted()
    }

    /// The sentence model of the runner, which ranks a chat writer's candidates; `nil` without one.
    var embedder: (any TextEmbedder)? { runner?.textEmbedder }

    /// The prompt for `instruction` under `settings`, from the facts, the runner's variables
    /// and the recent lines.
    ///
    /// With `aligned` (a chat writer's prompts), the lines start at a multiple of
    /// ``StoryPromptSettings/recentLines`` counted from the story's first line, so between
    /// `recentLines` and twice as many lines less one: consecutive prompts then share their
    /// beginning, and a model's key/value cache computes only the lines added since.
    public func prompt(_ instruction: String, settings: StoryPromptSettings, aligned: Bool = false) -> StoryPrompt {
        let runner = self.runner
        var lines = history
        if aligned, settings.recentLines > 0 {
            let total = lineCount
            let start = max(0, total - settings.recentLines) / settings.recentLines * settings.recentLines
            lines = Array(lines.suffix(min(lines.count, total - start)))
        } else {
            lines = Array(lines.suffix(settings.recentLines))
        }
        var kept = settings
        kept.recentLines = lines.count
        return StoryPrompt.build(
            instruction: instruction, settings: kept, facts: facts(), variable: { runner?.variableValue($0) },
            history: lines)
    }

    /// The cached text of this call's place, or `make`'s text for the place's seed, cached.
    ///
    /// Outside a story call site (a function called while no runner runs), the seed is derived
    /// from the function name and arguments and nothing is cached.
    func call(_ function: String, _ arguments: [StoryValue], make: (Seed) throws -> String) throws -> String {
        try write(function, arguments) { seed in (try make(seed), nil) }
    }

    /// ``call(_:_:make:)`` for writers that say which writer made the text: a fresh text is
    /// reported to ``onWrite``.
    func write(
        _ function: String, _ arguments: [StoryValue], make: (Seed) throws -> (String, WorldTextLine?)
    ) throws -> String {
        guard let runner else {
            throw LoomError(.runtime, "'\(function)' was called before its text functions were attached to a runner")
        }
        guard let key = runner.nextCallKey() else {
            let label = ([function] + arguments.map(\.description)).joined(separator: "\u{1F}")
            let (text, line) = try make(runner.seed.derive("text").derive(label))
            if let line { onWrite?(StoryTextWrite(key: nil, function: function, line: line)) }
            return text
        }
        if let cached = runner.generatedText[key] { return cached }
        let (text, line) = try make(runner.seed.derive("text").derive(key))
        runner.generatedText[key] = text
        if let line { onWrite?(StoryTextWrite(key: key, function: function, line: line)) }
        return text
    }
}

/// A text a story function wrote afresh, for debug output: where, with which writer, from
/// which prompt.
public struct StoryTextWrite: Sendable, Hashable {
    /// The call site's key (`StoryCallSite.key`), or `nil` outside a story call site.
    public var key: String?
    /// The story function (`generate` or `generate_n`), `generate_options` for proposed
    /// options (their texts joined by ` | `), or `passage` for a chosen option's passage.
    public var function: String
    /// The text, its writer and prompt.
    public var line: WorldTextLine
}

/// The runner a ``StoryTextBinding`` serves: where the text functions keep what they wrote, and
/// what a call's seed and a prompt are made from. Yarn Spinner's ``StoryRunner`` is one; a world
/// session's ink story is the other.
protocol StoryTextHost: AnyObject {
    /// The text written so far, saved with the story: call keys to texts.
    var generatedText: [String: String] { get set }
    /// The lines the player has seen, saved with the story, which prompts read.
    var lineHistory: StoryLineHistory { get set }
    /// The seed each call's seed derives from.
    var seed: Seed { get }
    /// The sentence model that ranks a chat writer's candidates, if any.
    var textEmbedder: (any TextEmbedder)? { get }
    /// The key of the text function call running now, which names one call of one playthrough
    /// (the same after a save and load); `nil` outside a story call.
    func nextCallKey() -> String?
    /// A story variable for a prompt (`$role`), or `nil`.
    func variableValue(_ name: String) -> StoryValue?
    /// The values of the story's string variables (names the story made).
    var stringVariableValues: [String] { get }
}

extension StoryRunner: StoryTextHost {
    func nextCallKey() -> String? { currentCallSite?.key }

    func variableValue(_ name: String) -> StoryValue? { value(of: name) }

    var stringVariableValues: [String] {
        storage.allValues().values.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}
