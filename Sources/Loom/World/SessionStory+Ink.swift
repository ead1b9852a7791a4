import Foundation
import LoomCore
import LoomInk
import LoomStory

/// An ink story in a session. ink's runner gives lines and choices; this adds what a world
/// needs of it:
///
/// - **Commands:** a line that starts with `>>>` is a command for the host, as many ink
///   integrations write them: `>>> open_vault` runs the world's command `open_vault`, and
///   `>>> shake 2 "very hard"` passes the words after the name (a quoted part is one word). A
///   command the world does not define is shown as written and goes to `on_command`.
/// - **Knots:** the session hears of each knot the story moves into (`on_node`), in order,
///   knots passed through without a line included (the runner lists the knots it entered).
/// - **Text:** `generate`, `grammar` and `name` keep what they write here, saved with the
///   session; each call's seed comes from its call site (the knot or stitch, the call's place
///   in it and the visit; ``InkRunner/currentCallSite``), so a loaded save writes the same words
///   as an unbroken playthrough, and a line added elsewhere changes no other line's words.
final class InkSessionStory: SessionStory, StoryTextHost {
    let runner: InkRunner
    /// The story file, for locating runtime errors.
    let file: String
    let seed: Seed
    var generatedText: [String: String] = [:]
    var lineHistory = StoryLineHistory()
    /// Writes the story's text function calls (the world's writer chain, once attached).
    var lineWriter: (any StoryLineWriter)?
    var textEmbedder: (any TextEmbedder)?
    /// Writes what `>>> generate_options` offers (the world's ``WorldOptionWriter``).
    var optionWriter: (any StoryOptionWriter)?
    private var commands: [String: ([String]) throws -> Void] = [:]
    /// The knot the session last heard of.
    var knot: String?
    private var pending: [SessionEvent] = []

    /// Where typed choices keep the embeddings of option texts (the world's, shared by its
    /// sessions).
    let embeddings: StoryEmbeddingCache

    init(story: InkStory, file: String, seed: Seed, embeddings: StoryEmbeddingCache = StoryEmbeddingCache()) throws {
        runner = try InkRunner(story: story, seed: seed)
        self.file = file
        self.seed = seed
        self.embeddings = embeddings
    }

    var player: any StoryPlayer { runner }
    var textHost: any StoryTextHost { self }

    func start(at node: String?) throws {
        pending = []
        guard let node, !node.isEmpty else {
            knot = runner.currentKnot
            return
        }
        guard runner.visitCount(atPath: node) != nil else {
            throw LoomError(
                .runtime,
                "the story has no knot '\(node)'; its knots: \(runner.story.knotNames.joined(separator: ", "))",
                at: SourceLocation(file: file))
        }
        try runner.choosePath(node)
        knot = runner.currentKnot
        if let knot { pending.append(.node(knot)) }
    }

    func next() throws -> SessionEvent {
        if !pending.isEmpty { return pending.removeFirst() }
        while runner.canContinue {
            var text = try runner.continue()
            if text.hasSuffix("\n") { text.removeLast() }
            let moved = movedKnots()
            if text.hasPrefix(">>>") {
                let command = String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                let words = Self.words(of: command)
                if words.first == GeneratedOptionsCall.command {
                    try prepareGeneratedOptions(words)
                    if let event = queue(moved, then: nil) { return event }
                    continue
                }
                if let name = words.first, let handler = commands[name] {
                    try handler(words)
                    if let event = queue(moved, then: nil) { return event }
                    continue
                }
                return queue(moved, then: .command(text: command, written: ">>> \(command)"))!
            }
            if !text.isEmpty || !runner.currentTags.isEmpty { return queue(moved, then: .line(text))! }
            if let event = queue(moved, then: nil) { return event }
        }
        if let error = runner.runtimeError { throw error }
        if !runner.currentChoices.isEmpty { try offerGeneratedOptions() }
        let choices = currentOptions
        return choices.isEmpty ? .end : .options(choices)
    }

    /// The first of a knot event for each knot in `moved`, then `event`; the rest wait in
    /// ``pending``. `nil` when there is neither.
    private func queue(_ moved: [String], then event: SessionEvent?) -> SessionEvent? {
        var events = moved.map { SessionEvent.node($0) }
        if let event { events.append(event) }
        guard !events.isEmpty else { return nil }
        pending.append(contentsOf: events.dropFirst())
        return events[0]
    }

    /// The knots the story moved into since the session last heard, in order: each knot the
    /// runner entered that is another than the one before it, then the knot the runner is
    /// in when that is another still (a tunnel returning).
    private func movedKnots() -> [String] {
        var moved: [String] = []
        for entered in runner.knotsEntered + [runner.currentKnot].compactMap({ $0 }) where entered != knot {
            moved.append(entered)
            knot = entered
        }
        return moved
    }

    func choose(_ index: Int) throws {
        let inkCount = runner.currentChoices.count
        if index >= inkCount, inkCount > 0 {
            pending.append(contentsOf: try chooseGenerated(index - inkCount).map { .line($0) })
            return
        }
        generatedText[Self.offeredOptionsKey] = nil
        try runner.choose(index)
        pending.append(contentsOf: movedKnots().map { .node($0) })
    }

    func registerCommand(_ name: String, _ handler: @escaping ([String]) throws -> Void) {
        commands[name] = handler
    }

    func match(_ text: String) throws -> OptionMatch {
        guard let textEmbedder else {
            throw LoomError(
                .runtime,
                "typed choices need a sentence model, and none is loaded: set WorldSession.textEmbedder "
                    + "(Loom loads Models/all-MiniLM-L6-v2; run Scripts/fetch-models to download it)")
        }
        return try OptionMatcher(embedder: textEmbedder, cache: embeddings)
            .match(text, among: currentOptions.map(StoryOption.init))
    }

    func value(of name: String) -> StoryValue? {
        runner.variable(Self.variable(name)).map(StoryValue.init(world:))
    }

    func setValue(_ value: StoryValue, of name: String) throws {
        try runner.setVariable(Self.variable(name), to: StoryPlayerValue(world: value))
    }

    func visitCount(of node: String) -> Int { runner.visitCount(atPath: node) ?? 0 }

    var currentOptions: [StoryPlayerChoice] {
        let choices = runner.currentChoices.map(\.playerChoice)
        return choices + generatedChoices(after: choices.count)
    }

    var isRunning: Bool { runner.canContinue || !runner.currentChoices.isEmpty || !pending.isEmpty }

    func saveState() throws -> (yarn: StoryState?, ink: WorldInkState?) {
        (nil, WorldInkState(state: runner.saveState(), text: generatedText, lineHistory: lineHistory))
    }

    func load(_ save: WorldSave, node: String?) throws {
        guard let state = save.ink else {
            throw LoomError(.format, "the world save holds a Yarn story's state, but the world's story is ink")
        }
        try runner.loadState(state.state, file: "the world save's ink state")
        generatedText = state.text
        lineHistory = state.lineHistory
        knot = node
        pending = []
    }

    // MARK: Text functions

    func writeText(_ function: String, _ arguments: [StoryValue]) throws -> String {
        guard let lineWriter else { throw LoomError(.runtime, "no text writer is set to write '\(function)'") }
        let call = StoryTextCall(
            function: function, arguments: arguments, key: runner.currentCallSite.map { "ink:\($0.key)" },
            storySeed: seed)
        return try call.text(cache: &generatedText, writer: lineWriter)
    }

    func variableValue(_ name: String) -> StoryValue? { value(of: name) }

    var stringVariableValues: [String] {
        runner.globalVariableNames.compactMap {
            if case .string(let text)? = runner.variable($0) { text } else { nil }
        }
    }

    /// ink's names have no `$`; Lua and prompts may write one, as for Yarn.
    static func variable(_ name: String) -> String { name.hasPrefix("$") ? String(name.dropFirst()) : name }

    /// A command's words: split on spaces, a double-quoted part kept whole.
    static func words(of command: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in command {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character == " " && !quoted {
                if started { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
                started = true
            }
        }
        if started { words.append(current) }
        return words
    }
}
