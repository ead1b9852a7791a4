import LoomCore
import LoomStory

/// What a ``WorldSession`` plays next, in terms both story languages share.
enum SessionEvent {
    /// A line to show.
    case line(String)
    /// Options to offer (Yarn's unavailable ones included, marked).
    case options([StoryPlayerChoice])
    /// A command no world command took: its text, and the text as the transcript shows it
    /// (`<<shake 2>>` in Yarn, `>>> shake 2` in ink).
    case command(text: String, written: String)
    /// A node (Yarn) or knot (ink) started.
    case node(String)
    /// A node ended; nothing to show.
    case nodeEnd
    /// The story has stopped: the end, or waiting for the player to walk on.
    case end
}

/// A session's story in one language: ``YarnSessionStory`` or ``InkSessionStory``. The session
/// plays either through this, so its public API (lines, options, choices, variables, saves) is
/// the same for both.
protocol SessionStory: AnyObject {
    /// The story behind the one story API (a Yarn `StoryRunner`, an `InkRunner`).
    var player: any StoryPlayer { get }
    /// Starts at a node or knot (`nil`: the top of an ink story; a Yarn story has no top).
    func start(at node: String?) throws
    /// The next event.
    func next() throws -> SessionEvent
    /// Takes option `index` of the last options.
    func choose(_ index: Int) throws
    /// Runs `handler` (with the command's words, its name first) for the commands of `name`.
    func registerCommand(_ name: String, _ handler: @escaping ([String]) throws -> Void)
    /// A story variable by the name Lua gives (`$gold` or `gold`), or `nil`.
    func value(of name: String) -> StoryValue?
    /// Sets a story variable by the name Lua gives.
    func setValue(_ value: StoryValue, of name: String) throws
    /// How often a node or knot was visited (Yarn: completed visits; ink: entries).
    func visitCount(of node: String) -> Int
    /// The options waiting (after a load, those the save was waiting at).
    var currentOptions: [StoryPlayerChoice] { get }
    /// Whether a dialogue is running.
    var isRunning: Bool { get }
    /// The runner the world's text functions serve.
    var textHost: any StoryTextHost { get }
    /// The sentence model of the story (typed choices; Yarn: saliency; ink: ranking candidates).
    var textEmbedder: (any TextEmbedder)? { get set }
    /// What typed `text` means among the waiting options, by the one `OptionMatcher`; chooses
    /// nothing.
    func match(_ text: String) throws -> OptionMatch
    /// The story's part of a ``WorldSave``: the Yarn state, or the ink state.
    func saveState() throws -> (yarn: StoryState?, ink: WorldInkState?)
    /// Restores the story's part of `save`, playing on from `node`.
    /// - Throws: a `.format` error when the save holds the other language's state.
    func load(_ save: WorldSave, node: String?) throws
}

/// A Yarn Spinner story in a session: the runner's events, one for one.
final class YarnSessionStory: SessionStory {
    let runner: StoryRunner

    init(runner: StoryRunner) { self.runner = runner }

    var player: any StoryPlayer { runner }
    var textHost: any StoryTextHost { runner }

    var textEmbedder: (any TextEmbedder)? {
        get { runner.textEmbedder }
        set { runner.textEmbedder = newValue }
    }

    func start(at node: String?) throws {
        guard let node else { throw LoomError(.runtime, "a Yarn story starts at a node; name one") }
        try runner.setNode(node)
    }

    func next() throws -> SessionEvent {
        switch try runner.continue() {
        case .line(let line): .line(line.text)
        case .options(let offered): .options(offered.map(Self.choice))
        case .command(let command): .command(text: command.text, written: "<<\(command.text)>>")
        case .nodeStart(let name): .node(name)
        case .nodeEnd: .nodeEnd
        case .end: .end
        }
    }

    func choose(_ index: Int) throws { try runner.selectOption(index) }

    func match(_ text: String) throws -> OptionMatch { try runner.matchOption(text) }

    func registerCommand(_ name: String, _ handler: @escaping ([String]) throws -> Void) {
        runner.registerCommand(name, handler)
    }

    func value(of name: String) -> StoryValue? { runner.value(of: Self.variable(name)) }

    func setValue(_ value: StoryValue, of name: String) throws { try runner.setValue(value, of: Self.variable(name)) }

    func visitCount(of node: String) -> Int { runner.visitCount(of: node) }

    var currentOptions: [StoryPlayerChoice] { runner.currentOptions.map(Self.choice) }

    var isRunning: Bool { runner.isRunning }

    func saveState() throws -> (yarn: StoryState?, ink: WorldInkState?) { (runner.saveState(), nil) }

    func load(_ save: WorldSave, node: String?) throws {
        guard let state = save.story else {
            throw LoomError(.format, "the world save holds an ink story's state, but the world's story is Yarn")
        }
        try runner.load(state)
    }

    /// Yarn's variable names start with `$`; Lua may leave it out.
    static func variable(_ name: String) -> String { name.hasPrefix("$") ? name : "$" + name }

    static func choice(_ option: StoryOption) -> StoryPlayerChoice {
        StoryPlayerChoice(
            index: option.index, text: option.line.text, isAvailable: option.isAvailable, tags: option.line.tags)
    }
}
