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
/// - **Knots:** the session hears of each knot the story moves into (`on_node`), as the runner
///   tells where it is after each line.
/// - **Text:** `generate`, `grammar` and `name` keep what they write here, saved with the
///   session; each call's seed comes from the number of text calls before it, so a loaded save
///   writes the same words as an unbroken playthrough.
final class InkSessionStory: SessionStory, StoryTextHost {
    let runner: InkRunner
    /// The story file, for locating runtime errors.
    let file: String
    let seed: Seed
    var generatedText: [String: String] = [:]
    var textEmbedder: (any TextEmbedder)?
    private var commands: [String: ([String]) throws -> Void] = [:]
    /// The knot the session last heard of.
    var knot: String?
    private var pending: [SessionEvent] = []

    /// The key in ``generatedText`` that counts the text calls so far.
    static let callCountKey = "story-call-count"

    init(story: InkStory, file: String, seed: Seed) throws {
        runner = try InkRunner(story: story, seed: seed)
        self.file = file
        self.seed = seed
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
            let moved = movedKnot()
            if text.hasPrefix(">>>") {
                let command = String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                let words = Self.words(of: command)
                if let name = words.first, let handler = commands[name] {
                    try handler(words)
                    if let moved { return .node(moved) }
                    continue
                }
                return queue(moved, then: .command(text: command, written: ">>> \(command)"))
            }
            if !text.isEmpty || !runner.currentTags.isEmpty { return queue(moved, then: .line(text)) }
            if let moved { return .node(moved) }
        }
        if !runner.errors.isEmpty {
            throw LoomError(.runtime, runner.errors.joined(separator: "; "), at: SourceLocation(file: file))
        }
        let choices = currentOptions
        return choices.isEmpty ? .end : .options(choices)
    }

    /// `event`, after a knot event when the story moved into another knot.
    private func queue(_ moved: String?, then event: SessionEvent) -> SessionEvent {
        guard let moved else { return event }
        pending.append(event)
        return .node(moved)
    }

    /// The knot the runner is in, when it is another than the one the session heard of last.
    private func movedKnot() -> String? {
        guard let current = runner.currentKnot, current != knot else { return nil }
        knot = current
        return current
    }

    func choose(_ index: Int) throws {
        try runner.choose(index)
        if let moved = movedKnot() { pending.append(.node(moved)) }
    }

    func registerCommand(_ name: String, _ handler: @escaping ([String]) throws -> Void) {
        commands[name] = handler
    }

    func value(of name: String) -> StoryValue? {
        runner.variable(Self.variable(name)).map(StoryValue.init(world:))
    }

    func setValue(_ value: StoryValue, of name: String) throws {
        try runner.setVariable(Self.variable(name), to: StoryPlayerValue(world: value))
    }

    func visitCount(of node: String) -> Int { runner.visitCount(atPath: node) ?? 0 }

    var currentOptions: [StoryPlayerChoice] {
        runner.currentChoices.map {
            StoryPlayerChoice(index: $0.index, text: $0.text, isAvailable: true, tags: $0.tags)
        }
    }

    var isRunning: Bool { runner.canContinue || !runner.currentChoices.isEmpty || !pending.isEmpty }

    func saveState() throws -> (yarn: StoryState?, ink: WorldInkState?) {
        (nil, WorldInkState(state: runner.saveState(), text: generatedText))
    }

    func load(_ save: WorldSave, node: String?) throws {
        guard let state = save.ink else {
            throw LoomError(.format, "the world save holds a Yarn story's state, but the world's story is ink")
        }
        try runner.loadState(state.state, file: "the world save's ink state")
        generatedText = state.text
        knot = node
        pending = []
    }

    // MARK: Text functions

    func nextCallKey() -> String? {
        let count = generatedText[Self.callCountKey].flatMap { Int($0) } ?? 0
        generatedText[Self.callCountKey] = String(count + 1)
        // The count alone, not the knot: a save restores the count, while the knot a session
        // last heard of depends on where it was loaded.
        return "ink#\(count)"
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
