import LoomCore
import LoomStory
import LoomText

/// Links the text functions of one `FunctionLibrary` to the runner that calls them: attaching
/// puts the world's writer chain (a `WorldText`) in the runner's text slot
/// (`StoryRunner.lineWriter`), through which the functions write, and the binding supplies what
/// a transformer's prompt is built from: the facts of the world being played and the story's
/// recent lines.
///
/// Holds the runner weakly (the runner holds the functions). A runner is used from one thread
/// at a time, and so is its binding. A world session playing an ink story attaches the story's
/// runner the same way.
public final class StoryTextBinding: @unchecked Sendable {
    private weak var runner: (any StoryTextHost)?

    /// The facts prompts read (`{name}` in `StoryPromptSettings.facts`). Default: none.
    public var facts: () -> [String: StoryValue] = { [:] }

    /// Called after each text `generate` or `generate_n` writes afresh (not from the cache),
    /// for debug output. Default: `nil`.
    public var onWrite: ((StoryTextWrite) -> Void)?

    /// The world's text assets the attached runner's writer writes from.
    private let text: WorldText

    init(text: WorldText) { self.text = text }

    /// Hands a freshly written text to ``onWrite``.
    func report(_ write: StoryTextWrite) { onWrite?(write) }

    /// Binds the functions to `runner`, replacing any earlier runner, and puts the world's
    /// writer chain in the runner's text slot (`StoryRunner.lineWriter`), replacing what was
    /// there.
    public func attach(_ runner: StoryRunner) { attach(host: runner) }

    /// Binds the functions to the runner of another story language (an ink story in a world).
    func attach(host: any StoryTextHost) {
        runner = host
        host.lineWriter = WorldLineWriter(text: text, binding: self)
    }

    /// Adds a line the player saw (or an option they chose) to the story's recent lines (the
    /// runner's `StoryRunner/lineHistory`, which its saves keep: the last
    /// `StoryPromptSettings.maximumRecentLines`). A world's session records its lines itself;
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
    /// `StoryPromptSettings.recentLines` counted from the story's first line, so between
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

    /// The text of a call of `function` by the attached runner, through its one text path
    /// (the runner's cache, then its writer: ``StoryTextHost/writeText(_:_:)``).
    func write(_ function: String, _ arguments: [StoryValue]) throws -> String {
        guard let runner else {
            throw LoomError(.runtime, "'\(function)' was called before its text functions were attached to a runner")
        }
        return try runner.writeText(function, arguments)
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
    /// The writer of the story's text function calls (the world's, once attached).
    var lineWriter: (any StoryLineWriter)? { get set }
    /// The text of the text function call running now, written by ``lineWriter`` or found in
    /// the story's saved text (``StoryTextCall/text(cache:writer:)``).
    func writeText(_ function: String, _ arguments: [StoryValue]) throws -> String
    /// The lines the player has seen, saved with the story, which prompts read.
    var lineHistory: StoryLineHistory { get set }
    /// The sentence model that ranks a chat writer's candidates, if any.
    var textEmbedder: (any TextEmbedder)? { get }
    /// A story variable for a prompt (`$role`), or `nil`.
    func variableValue(_ name: String) -> StoryValue?
    /// The values of the story's string variables (names the story made).
    var stringVariableValues: [String] { get }
}

extension StoryRunner: StoryTextHost {
    func variableValue(_ name: String) -> StoryValue? { value(of: name) }

    var stringVariableValues: [String] {
        storage.allValues().values.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}
