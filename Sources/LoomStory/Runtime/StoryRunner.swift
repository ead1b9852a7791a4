import LoomCore

/// Plays a ``Story``: a pull API (``continue()`` returns the next event) and an event-handler
/// API (``run(_:)``), host functions and commands, variable storage, saliency, and save/load.
///
/// ```swift
/// let runner = StoryRunner(story: story, seed: Seed(7))
/// try runner.setNode("Start")
/// loop: while true {
///     switch try runner.continue() {
///     case .line(let line): print(line.text)
///     case .options(let options): try runner.selectOption(options.first { $0.isAvailable }!.index)
///     case .end: break loop
///     default: continue
///     }
/// }
/// ```
public final class StoryRunner {
    /// The story being played.
    public let story: Story
    /// Where variables live; the default keeps them in memory.
    public var storage: VariableStorage
    /// How line groups and node groups choose content. Default: `best_least_recently_seen`.
    public var saliencyStrategy: SaliencyStrategy = .bestLeastRecentlySeen
    /// Text a text model generated for this playthrough, saved with the state.
    public var generatedText: [String: String] = [:]
    /// The lines the player has seen, which the story's text functions put in a model's prompt;
    /// saved with the state. The host records them (``StoryLineHistory/record(_:keeping:)``).
    public var lineHistory = StoryLineHistory()
    /// Writes the text of the story's text function calls (``writeText(_:_:)``) and of
    /// ``generatedText(key:prompt:maxTokens:)``: a world's writer chain, which the `Loom`
    /// facade's text functions put here when they are attached, or a plain generator
    /// (``textGenerator``); `nil` until the host sets one.
    public var lineWriter: (any StoryLineWriter)?
    /// The work the story may do between two events; see ``StoryLimits``.
    public var limits = StoryLimits()
    /// Understands typed player text (``selectOption(matching:)``), `similarity(a, b)` and the
    /// ``SaliencyStrategy/mostSimilar`` strategy; `nil` until the host sets one.
    public var textEmbedder: (any TextEmbedder)?
    /// Writes the options of `<<generate_options>>` calls and the passages they lead to; `nil`
    /// until the host sets one (the calls then add no options).
    public var optionWriter: (any StoryOptionWriter)?
    /// The lowest score (cosine similarity, rounded to four decimals) at which typed text
    /// chooses an option. Default: ``OptionMatch/defaultThreshold``; range [-1, 1].
    public var matchThreshold: Float = OptionMatch.defaultThreshold
    /// The last lines shown and options chosen, oldest first, at most ``recentLineLimit``: what
    /// ``SaliencyStrategy/mostSimilar`` compares storylets' `#about:` tags with.
    public internal(set) var recentLines: [String] = []
    /// How many recent lines the runner keeps. Default: 3.
    public var recentLineLimit = 3
    /// The seed the runner was made with.
    public let seed: Seed
    /// Instructions run since the last line, options, command or end (see ``limits``).
    var instructionsSinceEvent = 0

    var functions: [StoryFunction?]
    var commandHandlers: [String: ([String]) throws -> Void] = [:]
    var frames: [(node: Int, pc: Int)] = []
    var stack: [StoryValue] = []
    var phase: StoryState.Phase = .idle
    var pendingEvents: [StoryState.PendingEvent] = []
    var options: [StoryOption] = []
    var candidates: [SaliencyCandidate] = []
    var visits: [Int]
    var views: [Int: Int] = [:]
    var random: Xoshiro256StarStar
    var variableNames: [String]
    /// The node and instruction of the host function call running now, for ``currentCallSite``.
    var callSite: (node: Int, pc: Int)?
    /// True while ``continue()`` runs, to refuse re-entrant calls from handlers.
    var isExecuting = false
    /// Positions of the story's strings, for restoring saliency memory by key.
    lazy var stringIndex: [String: Int] = Dictionary(
        story.strings.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    /// Lines without arguments, finished once when the runner is made.
    let fixedLines: [StoryLine?]

    /// A runner at no node; call ``setNode(_:)`` to start.
    ///
    /// - Parameters:
    ///   - story: the compiled story to play.
    ///   - functions: host functions; every function the story calls must be here or standard.
    ///   - seed: seeds `random`, `dice` and the random saliency strategy (through `seed.derive("story")`).
    ///   - storage: variable storage; default in memory.
    public init(
        story: Story, functions: FunctionLibrary = FunctionLibrary(), seed: Seed = Seed(0),
        storage: VariableStorage = InMemoryVariableStorage()
    ) {
        self.story = story
        self.storage = storage
        self.functions = story.functionNames.map { functions.functions[$0] }
        self.visits = Array(repeating: 0, count: story.nodes.count)
        self.seed = seed
        self.random = seed.derive("story").makeRandom()
        self.variableNames = story.variables.map(\.name)
        self.fixedLines = story.templates.map { template in
            template.fixed.map {
                StoryLine(
                    id: template.id, text: $0.text, characterName: $0.characterName, tags: template.tags,
                    attributes: $0.attributes)
            }
        }
    }

    /// Handles `<<name …>>` commands in the host instead of delivering them as events.
    /// The handler receives the command's arguments, the name first.
    public func registerCommand(_ name: String, _ handler: @escaping ([String]) throws -> Void) {
        commandHandlers[name] = handler
    }

    /// The option set waiting for ``selectOption(_:)``, or empty; after ``load(_:)`` a game shows
    /// these again.
    public var currentOptions: [StoryOption] { phase == .waitingForOption ? options : [] }

    /// True between ``setNode(_:)`` and the end of the dialogue.
    public var isRunning: Bool { phase != .idle || !pendingEvents.isEmpty }

    /// Starts (or restarts) the dialogue at a node or node group.
    public func setNode(_ name: String) throws {
        guard let node = story.node(named: name) else {
            throw LoomError(.runtime, "no node is named '\(name)'")
        }
        frames = []
        stack = []
        options = []
        candidates = []
        pendingEvents = []
        phase = .running
        start(node, frames: &frames)
    }

    /// Chooses an option of the set the last ``continue()`` delivered (its ``StoryOption/index``).
    public func selectOption(_ index: Int) throws {
        guard phase == .waitingForOption else { throw LoomError(.runtime, "no option set is waiting for a choice") }
        guard options.indices.contains(index) else {
            throw LoomError(.runtime, "option \(index) does not exist; there are \(options.count)")
        }
        guard options[index].isAvailable else { throw LoomError(.runtime, "option \(index) is not available") }
        let chosen = options[index]
        remember(chosen.line.textWithoutCharacterName)
        frames[frames.count - 1].pc = chosen.destination
        options = []
        phase = .running
        _ = try chooseGenerated(chosen)
    }

    /// Leaves the waiting option set without choosing, going on past the options (Yarn Spinner
    /// 3.1's option fall-through, for a player who may decline every option).
    public func skipOptions() throws {
        guard phase == .waitingForOption else { throw LoomError(.runtime, "no option set is waiting for a choice") }
        options = []
        phase = .running
    }

    /// The current value of a variable (with `$`), or `nil` when the story has no such variable.
    public func value(of name: String) -> StoryValue? {
        if let stored = storage.value(for: name) { return stored }
        return story.variables.first { $0.name == name }?.initialValue
    }

    /// Sets a variable (with `$`); the value must have the variable's type.
    public func setValue(_ value: StoryValue, of name: String) throws {
        guard let variable = story.variables.first(where: { $0.name == name }) else {
            throw LoomError(.invalidArgument, "the story has no variable '\(name)'")
        }
        if case .enumeration = variable.type {
        } else if variable.type != value.type {
            throw LoomError(.invalidArgument, "'\(name)' is a \(variable.type), not a \(value.type)")
        }
        storage.setValue(value, for: name)
    }

    /// Completed visits of a node (or node group).
    public func visitCount(of name: String) -> Int {
        story.node(named: name).map { visits[$0] } ?? 0
    }

    /// Handles events one by one until the dialogue ends.
    public func run(_ handler: StoryEventHandler) throws {
        while true {
            let event = try self.continue()
            switch event {
            case .line(let line): try handler.handleLine(line)
            case .options(let options):
                if let choice = try handler.chooseOption(options) { try selectOption(choice) }
            case .command(let command): try handler.handleCommand(command)
            case .nodeStart(let name): try handler.nodeStarted(name)
            case .nodeEnd(let name): try handler.nodeEnded(name)
            case .end:
                try handler.dialogueEnded()
                return
            }
        }
    }
}

/// Receives a story's events from ``StoryRunner/run(_:)``. Only option choice is required.
public protocol StoryEventHandler {
    /// A line to show.
    func handleLine(_ line: StoryLine) throws
    /// Returns the index of the chosen option, or `nil` when none is available.
    func chooseOption(_ options: [StoryOption]) throws -> Int?
    /// A command no registered handler took.
    func handleCommand(_ command: StoryCommand) throws
    /// A node started.
    func nodeStarted(_ name: String) throws
    /// A node ended.
    func nodeEnded(_ name: String) throws
    /// The dialogue is over.
    func dialogueEnded() throws
}

extension StoryEventHandler {
    public func handleLine(_ line: StoryLine) throws {}
    public func handleCommand(_ command: StoryCommand) throws {}
    public func nodeStarted(_ name: String) throws {}
    public func nodeEnded(_ name: String) throws {}
    public func dialogueEnded() throws {}
}
