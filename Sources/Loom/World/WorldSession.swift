import Foundation
import LoomCore
import LoomInk
import LoomMaps
import LoomScript
import LoomStory

/// One playthrough of a generated world: the live map (which story commands may edit), the
/// story runner with the world's hooks connected, the player, the Lua state and a transcript of
/// everything said and chosen.
///
/// A session plays a Yarn Spinner story and an ink story (``WorldStory``) alike: ``start(node:)``
/// starts a node or knot, ``options`` and ``choose(_:)`` work the same, the world's functions
/// answer both, and ``storyPlayer`` is the story behind Loom's one story API. Yarn's extras — saliency,
/// options a model writes (`<<generate_options>>`) and typed choices — are Yarn's alone.
///
/// ```swift
/// let session = try world.play(try world.generate(seed: Seed(3)))
/// try session.start()
/// try session.choose(0)
/// print(session.transcript.joined(separator: "\n"))
/// ```
///
/// A session owns everything that changes while playing, including a Lua VM that ran
/// `world.lua` for it alone (its `math.random` seeded from the session's seed), so sessions of
/// one ``World`` are independent: interleave them freely. A session is used from one thread at
/// a time.
public final class WorldSession {
    /// The world being played.
    public let world: World
    /// The seed the map came from.
    public let seed: Seed
    /// Facts of the generated world.
    public let facts: [String: StoryValue]
    /// The world as its seed generated it, before any rule or story command edited ``map``;
    /// saves keep the map's edits as a difference from it.
    public let generated: GeneratedWorld
    /// The story being played, in either language (variables, saves): Yarn Spinner's
    /// `StoryRunner` or ink's `InkRunner`.
    public var storyPlayer: any StoryPlayer { story.player }
    /// The Yarn Spinner runner (variables, visits, generated text, saliency), or `nil` when the
    /// world's story is ink.
    public let runner: StoryRunner?
    /// The ink runner (variables, visit counts, saves), or `nil` when the world's story is
    /// Yarn Spinner's.
    public let inkRunner: InkRunner?
    /// The live map: generated, then edited by the world's rules and story commands.
    public let map: LuaTileMap
    /// Everything said, offered and chosen so far, one entry per line.
    public internal(set) var transcript: [String] = []
    /// What happened in this session object so far, in order (``transcript`` is the same as
    /// text, and also holds a loaded save's earlier playthrough); what `loom play WORLD --json`
    /// prints.
    public internal(set) var events: [WorldEvent] = []
    /// The lines of the dialogue running now (or of the last one).
    public internal(set) var lines: [String] = []
    /// The options waiting for ``choose(_:)``; empty when the story waits or has ended.
    public internal(set) var options: [StoryPlayerChoice] = []
    /// The node (Yarn) or knot (ink) being played, if any (restored by ``load(_:)``).
    public internal(set) var currentNode: String?
    /// The player: the last cell entered and how many cells they entered.
    public internal(set) var player = WorldPlayer()
    /// Whether ``start(node:)`` ran (or a loaded save had started).
    public internal(set) var hasStarted = false
    /// Whether the transcript notes, before each line with freshly generated text, which
    /// writer wrote it (`[generate: prose loom-prose.gguf | ngram | authored]`) and the prompt
    /// it continued. Default: `false`.
    public var showsTextSources = false

    /// The session's Lua side: a VM that ran `world.lua` for this session, with its rules,
    /// listeners, commands and `state` table.
    let script: WorldScript
    /// Connects the story's text functions to this session's runner.
    let textBinding: StoryTextBinding
    /// The story in its language.
    let story: any SessionStory

    /// Starts a playthrough of `generated` (usually `try world.generate(seed:)`).
    public init(world: World, generated: GeneratedWorld) throws {
        self.world = world
        self.seed = generated.seed
        self.facts = generated.facts
        self.generated = generated
        self.map = LuaTileMap(generated.map)
        let script = try WorldScript.run(world)
        script.vm.random = generated.seed.derive("session math.random").makeRandom()
        self.script = script
        let factBox = FactBox()
        factBox.set(generated.facts)
        let (functions, binding) = try script.storyFunctions(text: world.text, facts: factBox)
        textBinding = binding
        switch world.story {
        case .yarn(let yarn):
            let runner = StoryRunner(story: yarn, functions: functions, seed: generated.seed)
            runner.saliencyStrategy = world.definition.saliency
            runner.textEmbedder = world.sessionTextEmbedder()
            runner.optionWriter = WorldOptionWriter(text: world.text, binding: binding)
            for variable in yarn.variables {
                let name = String(variable.name.dropFirst())
                if let fact = generated.facts[name], fact.type == variable.type {
                    try runner.setValue(fact, of: variable.name)
                }
            }
            self.runner = runner
            inkRunner = nil
            story = YarnSessionStory(runner: runner)
        case .ink(let ink):
            let story = try InkSessionStory(
                story: ink, file: world.definition.storyFile ?? "story", seed: generated.seed,
                embeddings: world.inkEmbeddings)
            story.textEmbedder = world.sessionTextEmbedder()
            story.optionWriter = WorldOptionWriter(text: world.text, binding: binding)
            for name in functions.functions.keys.sorted() {
                try story.runner.bind(StoryPlayerFunction(world: functions.functions[name]!))
            }
            for (name, fact) in generated.facts.sorted(by: { $0.key < $1.key }) {
                let shared = StoryPlayerValue(world: fact)
                if let current = story.runner.variable(name), current.type == shared.type {
                    try story.runner.setVariable(name, to: shared)
                }
            }
            self.runner = nil
            inkRunner = story.runner
            self.story = story
        }
        // The world's writer chain goes in the story's text slot, Yarn's runner or ink's story.
        binding.attach(host: story.textHost)
        binding.onWrite = { [weak self] write in self?.note(write) }
        for (name, function) in script.commands {
            let written = world.story.ink == nil ? "<<\(name)>>" : ">>> \(name)"
            story.registerCommand(name) { [unowned self] arguments in
                let values: [LuaValue] = [try self.context()] + arguments.dropFirst().map { .string($0) }
                try WorldScript.calledFromStory(written) { _ = try function.call(values) }
            }
        }
        map.resetEdits()
    }

    /// The edits made to ``map`` since the playthrough began (or since ``LuaTileMap/resetEdits()``).
    public var mapEdits: Int { map.editCount }

    /// The live map as a value.
    public var tileMap: TileMap { map.tileMap }

    /// Whether a dialogue is running.
    public var isRunning: Bool { story.isRunning }

    /// The `ctx` table rules receive: `map`, `story`, `facts`, `seed`.
    func context() throws -> LuaValue {
        var facts: [String: LuaValue] = [:]
        for (name, value) in self.facts { facts[name] = WorldFunctions.luaValue(value) }
        return .dictionary([
            "map": .object(map), "story": .object(StoryHandle(session: self)), "facts": .dictionary(facts),
            "seed": .integer(Int(bitPattern: UInt(seed.rawValue))),
        ])
    }

    /// Starts the dialogue at `node` (default: the world's start node) and plays to the first
    /// options or the end. For an ink story `node` is a knot (`knot` or `knot.stitch`), and the
    /// empty name (an ink world's default without `start`) plays on from the top of the story.
    public func start(node: String? = nil) throws {
        let node = node ?? world.definition.start
        hasStarted = true
        lines = []
        options = []
        try story.start(at: node.isEmpty ? nil : node)
        try advance()
    }

    /// The player entered `cell`: runs the world's `on_enter(ctx, x, y, place)` rule and, when
    /// it names a node (an ink knot), starts it. Returns the node started, if any.
    @discardableResult
    public func enter(_ cell: Point) throws -> String? {
        player.position = cell
        player.steps += 1
        guard let rule = script.onEnter else { return nil }
        let place = map.place(at: cell).map(LuaTileMap.describe) ?? .nil
        let results = try WorldScript.located {
            try rule.call([try context(), .integer(cell.x), .integer(cell.y), place])
        }
        guard let node = results.first?.stringValue else { return nil }
        let name = place.tableValue?[.string("name")].stringValue
        transcript.append("-- (\(cell.x), \(cell.y))\(name.map { " " + $0 } ?? "")")
        events.append(.entered(cell, place: name))
        try start(node: node)
        return node
    }

    /// Chooses option `index` (0-based, into ``options``) and plays on.
    public func choose(_ index: Int) throws {
        guard options.indices.contains(index), options[index].isAvailable else {
            throw LoomError(.invalidArgument, "option \(index + 1) is not an available option")
        }
        transcript.append("> \(index + 1). \(options[index].text)")
        events.append(.choice(number: index + 1, text: options[index].text))
        textBinding.record(options[index].text)
        options = []
        try story.choose(index)
        try advance()
    }

    /// Shows an error from a rule or command in the panel and transcript, so a preview can
    /// keep running after a script fails.
    public func noteError(_ error: Error) {
        say("error: \((error as? LoomError)?.description ?? "\(error)")")
    }

    /// Adds a line to the transcript and the panel (`ctx.story:say(text)` from Lua).
    func say(_ text: String) {
        lines.append(text)
        transcript.append(text)
        events.append(.line(text))
    }

    /// Called with every text a model or fallback wrote afresh for this playthrough (lines,
    /// proposed options, passages), with its writer, prompt and candidates; for tools that
    /// measure the writing. Default: `nil`.
    public var onTextWrite: ((StoryTextWrite) -> Void)?

    /// The debug note for a generated text (``showsTextSources``).
    private func note(_ write: StoryTextWrite) {
        onTextWrite?(write)
        guard showsTextSources else { return }
        events.append(.textSource(write))
        let writer =
            switch write.line.source {
            case .prose: "prose \(world.text.proseName)"
            case .ngram: "ngram"
            case .authored: "authored"
            }
        let prompt = write.line.prompt.replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        transcript.append("  [\(write.function): \(writer) at \(write.key ?? "-")] prompt: \"\(prompt)\"")
        for candidate in write.line.candidates {
            let verdict = candidate.rejection.map { "refused, \($0)" } ?? "passed"
            let score = candidate.score.map { ", similarity \($0)" } ?? ""
            transcript.append("    candidate \"\(candidate.text)\": \(verdict)\(score)")
        }
    }

    func advance() throws {
        while true {
            switch try story.next() {
            case .line(let text):
                say(text)
                textBinding.record(text)
                try notify("on_line", [.string(text)])
            case .options(let offered):
                guard offered.contains(where: \.isAvailable) else { continue }
                options = offered
                for option in offered {
                    transcript.append(
                        "  \(option.index + 1). \(option.text)\(option.isAvailable ? "" : " (unavailable)")")
                }
                events.append(.options(offered))
                try notify("on_options", [.array(offered.filter(\.isAvailable).map { .string($0.text) })])
                return
            case .command(let text, let written):
                transcript.append(written)
                events.append(.command(text))
                try notify("on_command", [.string(text)])
            case .node(let name):
                currentNode = name
                events.append(.node(name))
                try notify("on_node", [.string(name)])
            case .nodeEnd:
                continue
            case .end:
                currentNode = nil
                return
            }
        }
    }

    private func notify(_ listener: String, _ arguments: [LuaValue]) throws {
        guard let function = script.listeners[listener] else { return }
        try WorldScript.located { _ = try function.call([try context()] + arguments) }
    }
}

extension World {
    /// Starts a playthrough of a generated world.
    public func play(_ generated: GeneratedWorld) throws -> WorldSession {
        try WorldSession(world: self, generated: generated)
    }
}
