import LoomCore

/// Plays an ink story the way ink's reference runtime does: ``continue()`` returns the next
/// line, ``currentChoices`` lists the choices once the flow stops, and ``choose(_:)`` takes one.
///
/// ```swift
/// let runner = try InkRunner(story: try InkCompiler.compile(source), seed: Seed(42))
/// while true {
///     while runner.canContinue { print(try runner.continue(), terminator: "") }
///     guard let choice = runner.currentChoices.first else { break }
///     try runner.choose(choice.index)
/// }
/// ```
///
/// Runtime errors (running out of content, a division by zero) stop the story and are listed
/// in ``errors``; ``continue()`` still returns the text produced before the error.
/// Everything that changes is one value (``InkRunner/saveState()`` writes it), so a game can
/// save at any choice and continue identically after loading.
public final class InkRunner {
    /// The story being played.
    public let story: InkStory
    /// The engine as it runs, possibly with a parked look-ahead (``InkEngine/parkLookahead()``):
    /// read directly only where a parked look-ahead cannot show (continuing, the line just
    /// returned, the errors).
    var core: InkEngine
    /// The engine settled to where ink's runtime would have it, for everything that looks at or
    /// changes the story's state between lines.
    var engine: InkEngine {
        _read {
            core.settle()
            yield core
        }
        _modify {
            core.settle()
            yield &core
        }
    }
    /// The engine's call-site box, read without touching the engine (see ``currentCallSite``).
    let callSiteBox: InkCallSiteBox
    var observers: [String: [(String, InkValue) -> Void]] = [:]
    /// Whether an external function without a binding runs the ink function of the same name.
    /// Default: `true`.
    public var allowsExternalFunctionFallbacks: Bool {
        get { engine.allowsExternalFunctionFallbacks }
        set { engine.allowsExternalFunctionFallbacks = newValue }
    }
    /// At most this many steps per ``continue()`` before it stops with an error (a guard
    /// against stories that loop forever). Default: 10 million.
    public var stepLimit: Int {
        get { engine.stepLimit }
        set { engine.stepLimit = newValue }
    }

    /// A runner at the start of `story`; `seed` seeds `RANDOM`, shuffles and `LIST_RANDOM`
    /// (ink's story seed is `seed` modulo 100, as the reference runtime draws it).
    public init(story: InkStory, seed: Seed = Seed(0)) throws {
        self.story = story
        core = InkEngine(story: story, seed: seed)
        callSiteBox = core.callSite
        try resetGlobals()
    }

    private func resetGlobals() throws {
        if let declaration = story.globalDeclaration {
            let original = engine.state.currentPointer
            engine.choosePath(InkPointer.start(of: declaration), incrementingTurn: false)
            _ = try engine.continueInternal()
            engine.state.currentPointer = original
            if !engine.state.errors.isEmpty {
                throw LoomError(
                    .runtime, "declaring the global variables failed: \(engine.state.errors.joined(separator: "; "))")
            }
        }
        engine.defaultGlobals = engine.state.globals
        engine.state.changedGlobals.removeAll()
    }

    /// ``errors`` as one `LoomError` (`.runtime`), located where the first happened: the
    /// source line and column in a story compiled from source (`story.ink:12:5: error: ran out
    /// of content…`); the file, and the content path in the message, in a story read from JSON
    /// (`story.json: error: … (at knot.0.c-1.3)`). `nil` without errors.
    public var runtimeError: LoomError? {
        let errors = core.state.errors
        guard !errors.isEmpty else { return nil }
        let site = story.errorSite(core.errorPointer)
        let message = errors.joined(separator: "; ") + (site.path.map { " (at \($0))" } ?? "")
        return LoomError(.runtime, message, at: site.location)
    }

    /// Whether ``continue()`` can produce more content.
    public var canContinue: Bool { core.state.canContinue }

    /// The errors that stopped the story (empty while it runs well).
    public var errors: [String] { core.state.errors }

    /// Warnings (a variable read before it was set, a missing count target).
    public var warnings: [String] { core.state.warnings }

    /// The tags of the line ``continue()`` last returned.
    public var currentTags: [String] { core.state.currentTags }

    /// The text ``continue()`` last returned.
    public var currentText: String { core.state.currentText }

    /// The choices on offer (invisible default choices left out), once the flow has stopped.
    public var currentChoices: [InkChoice] {
        guard !canContinue else { return [] }
        var choices: [InkChoice] = []
        for var choice in core.state.generatedChoices where !choice.isInvisibleDefault {
            choice.index = choices.count
            choices.append(choice)
        }
        return choices
    }

    /// Runs until the end of the next line and returns it (with its `\n`), or returns what
    /// comes before the flow stops at choices or at the end.
    /// - Throws: `LoomError` (`.runtime`) when the story cannot continue.
    @discardableResult
    public func `continue`() throws -> String {
        guard canContinue else {
            throw LoomError(.runtime, "the story cannot continue; check canContinue before calling continue()")
        }
        core.state.enteredKnots.removeAll(keepingCapacity: true)
        let text = try core.continueInternal()
        notifyChanges()
        return text
    }

    /// Runs on to the next choice point or the end, returning all the text on the way.
    public func continueMaximally() throws -> String {
        var text = ""
        while canContinue { text += try self.continue() }
        return text
    }

    /// Takes the choice at `index` in ``currentChoices``.
    /// - Throws: `LoomError` (`.invalidArgument`) for an index out of range.
    public func choose(_ index: Int) throws {
        let choices = currentChoices
        guard choices.indices.contains(index) else {
            throw LoomError(.invalidArgument, "choice \(index) is out of range (there are \(choices.count) choices)")
        }
        let choice = choices[index]
        engine.state.enteredKnots.removeAll(keepingCapacity: true)
        engine.state.callStack.currentThread = choice.thread
        engine.choosePath(choice.target, incrementingTurn: true)
    }

    /// Moves the story to a knot or stitch (`knot` or `knot.stitch`), as a game does to jump.
    /// - Throws: `LoomError` (`.invalidArgument`) when the path leads nowhere.
    public func choosePath(_ path: String) throws {
        guard let pointer = story.divertPointer(toPath: path) else {
            throw LoomError(.invalidArgument, "no knot or stitch at '\(path)'")
        }
        engine.state.callStack = InkCallStack(start: pointer)
        engine.state.generatedChoices.removeAll()
        engine.state.errors.removeAll()
        engine.state.enteredKnots.removeAll(keepingCapacity: true)
        engine.choosePath(pointer, incrementingTurn: true)
    }
}
