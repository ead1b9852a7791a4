import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory

/// One playthrough of a generated world: the live map (which story commands may edit), the
/// story runner with the world's hooks connected, the player, the Lua state and a transcript of
/// everything said and chosen.
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
    /// The story runner (variables, visits, saves).
    public let runner: StoryRunner
    /// The live map: generated, then edited by the world's rules and story commands.
    public let map: LuaTileMap
    /// Everything said, offered and chosen so far, one entry per line.
    public internal(set) var transcript: [String] = []
    /// The lines of the dialogue running now (or of the last one).
    public internal(set) var lines: [String] = []
    /// The options waiting for ``choose(_:)``; empty when the story waits or has ended.
    public internal(set) var options: [StoryOption] = []
    /// The node being played, if any (restored by ``load(_:)``).
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
        runner = StoryRunner(story: world.story, functions: functions, seed: generated.seed)
        runner.saliencyStrategy = world.definition.saliency
        runner.textEmbedder = world.sessionTextEmbedder()
        binding.attach(runner)
        runner.optionWriter = WorldOptionWriter(text: world.text, binding: binding)
        binding.onWrite = { [weak self] write in self?.note(write) }
        for variable in world.story.variables {
            let name = String(variable.name.dropFirst())
            if let fact = generated.facts[name], fact.type == variable.type {
                try runner.setValue(fact, of: variable.name)
            }
        }
        for (name, function) in script.commands {
            runner.registerCommand(name) { [unowned self] arguments in
                let values: [LuaValue] = [try self.context()] + arguments.dropFirst().map { .string($0) }
                try WorldScript.calledFromStory("<<\(name)>>") { _ = try function.call(values) }
            }
        }
        map.resetEdits()
    }

    /// The edits made to ``map`` since the playthrough began (or since ``LuaTileMap/resetEdits()``).
    public var mapEdits: Int { map.editCount }

    /// The live map as a value.
    public var tileMap: TileMap { map.tileMap }

    /// Whether a dialogue is running.
    public var isRunning: Bool { runner.isRunning }

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
    /// options or the end.
    public func start(node: String? = nil) throws {
        let node = node ?? world.definition.start
        hasStarted = true
        lines = []
        options = []
        try runner.setNode(node)
        try advance()
    }

    /// The player entered `cell`: runs the world's `on_enter(ctx, x, y, place)` rule and, when
    /// it names a node, starts it. Returns the node started, if any.
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
        transcript.append(
            "-- (\(cell.x), \(cell.y))\(place.tableValue?[.string("name")].stringValue.map { " " + $0 } ?? "")")
        try start(node: node)
        return node
    }

    /// Chooses option `index` (0-based, into ``options``) and plays on.
    public func choose(_ index: Int) throws {
        guard options.indices.contains(index), options[index].isAvailable else {
            throw LoomError(.invalidArgument, "option \(index + 1) is not an available option")
        }
        transcript.append("> \(index + 1). \(options[index].line.text)")
        textBinding.record(options[index].line.text)
        options = []
        try runner.selectOption(index)
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
    }

    /// Called with every text a model or fallback wrote afresh for this playthrough (lines,
    /// proposed options, passages), with its writer, prompt and candidates; for tools that
    /// measure the writing. Default: `nil`.
    public var onTextWrite: ((StoryTextWrite) -> Void)?

    /// The debug note for a generated text (``showsTextSources``).
    private func note(_ write: StoryTextWrite) {
        onTextWrite?(write)
        guard showsTextSources else { return }
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
            switch try runner.continue() {
            case .line(let line):
                let text = line.text
                say(text)
                textBinding.record(text)
                try notify("on_line", [.string(text)])
            case .options(let offered):
                guard offered.contains(where: \.isAvailable) else { continue }
                options = offered
                for option in offered {
                    transcript.append(
                        "  \(option.index + 1). \(option.line.text)\(option.isAvailable ? "" : " (unavailable)")")
                }
                try notify("on_options", [.array(offered.filter(\.isAvailable).map { .string($0.line.text) })])
                return
            case .command(let command):
                transcript.append("<<\(command.text)>>")
                try notify("on_command", [.string(command.text)])
            case .nodeStart(let name):
                currentNode = name
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
