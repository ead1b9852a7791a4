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
    var state: InkState
    var snapshot: InkState?
    var sawLookaheadUnsafeFunction = false
    var snapshotText = ""
    var snapshotTagCount = 0
    var externals: [String: InkExternalFunction] = [:]
    var observers: [String: [(String, InkValue) -> Void]] = [:]
    /// Whether an external function without a binding runs the ink function of the same name.
    /// Default: `true`.
    public var allowsExternalFunctionFallbacks = true
    /// At most this many steps per ``continue()`` before it stops with an error (a guard
    /// against stories that loop forever). Default: 10 million.
    public var stepLimit = 10_000_000
    var defaultGlobals: [String: InkValue] = [:]

    /// A runner at the start of `story`; `seed` seeds `RANDOM`, shuffles and `LIST_RANDOM`
    /// (ink's story seed is `seed` modulo 100, as the reference runtime draws it).
    public init(story: InkStory, seed: Seed = Seed(0)) throws {
        self.story = story
        state = InkState(story: story, seed: Int32(seed.rawValue % 100))
        try resetGlobals()
    }

    private func resetGlobals() throws {
        if let declaration = story.globalDeclaration {
            let original = state.currentPointer
            choosePath(InkPointer.start(of: declaration), incrementingTurn: false)
            _ = try continueInternal()
            state.currentPointer = original
            if !state.errors.isEmpty {
                throw LoomError(
                    .runtime, "declaring the global variables failed: \(state.errors.joined(separator: "; "))")
            }
        }
        defaultGlobals = state.globals
        state.changedGlobals.removeAll()
    }

    /// Whether ``continue()`` can produce more content.
    public var canContinue: Bool { state.canContinue }

    /// The errors that stopped the story (empty while it runs well).
    public var errors: [String] { state.errors }

    /// Warnings (a variable read before it was set, a missing count target).
    public var warnings: [String] { state.warnings }

    /// The tags of the line ``continue()`` last returned.
    public var currentTags: [String] { state.currentTags }

    /// The text ``continue()`` last returned.
    public var currentText: String { state.currentText }

    /// The choices on offer (invisible default choices left out), once the flow has stopped.
    public var currentChoices: [InkChoice] {
        guard !canContinue else { return [] }
        var choices: [InkChoice] = []
        for var choice in state.generatedChoices where !choice.isInvisibleDefault {
            choice.index = choices.count
            choices.append(choice)
        }
        return choices
    }

    /// Runs until the end of the next line and returns it (with its `\n`), or returns what
    /// comes before the flow stops at choices or at the end.
    /// - Throws: ``LoomError`` (`.runtime`) when the story cannot continue.
    @discardableResult
    public func `continue`() throws -> String {
        guard canContinue else {
            throw LoomError(.runtime, "the story cannot continue; check canContinue before calling continue()")
        }
        let text = try continueInternal()
        notifyChanges()
        return text
    }

    /// Runs on to the next choice point or the end, returning all the text on the way.
    public func continueMaximally() throws -> String {
        var text = ""
        while canContinue { text += try self.continue() }
        return text
    }

    func continueInternal() throws -> String {
        state.didSafeExit = false
        state.output.removeAll()
        var endsInNewline = false
        var steps = 0
        repeat {
            do {
                endsInNewline = try continueSingleStep()
            } catch let error as InkRuntimeError {
                state.errors.append(error.message)
                break
            }
            if endsInNewline { break }
            steps += 1
            if steps > stepLimit {
                state.errors.append("the story ran \(stepLimit) steps without producing a line; it may loop forever")
                break
            }
        } while canContinue
        if endsInNewline || !canContinue {
            if let saved = snapshot {
                state = saved
                snapshot = nil
            }
            if !canContinue && state.errors.isEmpty {
                if state.callStack.canPopThread {
                    state.errors.append(
                        "thread available to pop, threads should always be flat by the end of evaluation?")
                }
                if state.generatedChoices.isEmpty && !state.didSafeExit {
                    if state.callStack.canPop(.tunnel) {
                        state.errors.append(
                            "unexpectedly reached end of content. Do you need a '->->' to return from a tunnel?")
                    } else if state.callStack.canPop(.function) {
                        state.errors.append("unexpectedly reached end of content. Do you need a '~ return'?")
                    } else if !state.callStack.canPop {
                        state.errors.append("ran out of content. Do you need a '-> DONE' or '-> END'?")
                    } else {
                        state.errors.append("unexpectedly reached end of content for unknown reason.")
                    }
                }
            }
            state.didSafeExit = false
            sawLookaheadUnsafeFunction = false
        }
        return state.currentText
    }

    private func continueSingleStep() throws -> Bool {
        try step()
        if !canContinue && !state.callStack.elementIsEvaluateFromGame { tryFollowDefaultInvisibleChoice() }
        if !state.inStringEvaluation {
            if let saved = snapshot, state.outputChanged || sawLookaheadUnsafeFunction {
                state.outputChanged = false
                let change = newlineChange(
                    previous: snapshotText, current: state.currentText,
                    previousTags: snapshotTagCount, currentTags: state.currentTags.count)
                if change == .extendedBeyondNewline || sawLookaheadUnsafeFunction {
                    state = saved
                    snapshot = nil
                    return true
                } else if change == .newlineRemoved {
                    snapshot = nil
                }
            }
            if state.outputEndsInNewline {
                if canContinue {
                    if snapshot == nil {
                        snapshot = state
                        snapshotText = state.currentText
                        snapshotTagCount = state.currentTags.count
                        state.outputChanged = false
                    }
                } else {
                    snapshot = nil
                }
            }
        }
        return false
    }

    private enum NewlineChange { case noChange, extendedBeyondNewline, newlineRemoved }

    private func newlineChange(previous: String, current: String, previousTags: Int, currentTags: Int) -> NewlineChange
    {
        let prev = Array(previous.unicodeScalars)
        let curr = Array(current.unicodeScalars)
        let newlineStillExists = curr.count >= prev.count && !prev.isEmpty && curr[prev.count - 1] == "\n"
        if previousTags == currentTags && prev.count == curr.count && newlineStillExists { return .noChange }
        if !newlineStillExists { return .newlineRemoved }
        if currentTags > previousTags { return .extendedBeyondNewline }
        for c in curr[prev.count...] where c != " " && c != "\t" { return .extendedBeyondNewline }
        return .noChange
    }

    @discardableResult
    private func tryFollowDefaultInvisibleChoice() -> Bool {
        let all = state.generatedChoices
        guard let choice = all.first(where: { $0.isInvisibleDefault }),
            !all.contains(where: { !$0.isInvisibleDefault })
        else { return false }
        state.callStack.currentThread = choice.thread
        if snapshot != nil { state.callStack.currentThread = state.callStack.forkThread() }
        choosePath(choice.target, incrementingTurn: false)
        return true
    }

    /// Takes the choice at `index` in ``currentChoices``.
    /// - Throws: ``LoomError`` (`.invalidArgument`) for an index out of range.
    public func choose(_ index: Int) throws {
        let choices = currentChoices
        guard choices.indices.contains(index) else {
            throw LoomError(.invalidArgument, "choice \(index) is out of range (there are \(choices.count) choices)")
        }
        let choice = choices[index]
        state.callStack.currentThread = choice.thread
        choosePath(choice.target, incrementingTurn: true)
    }

    /// Moves the story to a knot or stitch (`knot` or `knot.stitch`), as a game does to jump.
    /// - Throws: ``LoomError`` (`.invalidArgument`) when the path leads nowhere.
    public func choosePath(_ path: String) throws {
        guard let pointer = story.divertPointer(toPath: path) else {
            throw LoomError(.invalidArgument, "no knot or stitch at '\(path)'")
        }
        state.callStack = InkCallStack(start: pointer)
        state.generatedChoices.removeAll()
        state.errors.removeAll()
        choosePath(pointer, incrementingTurn: true)
    }

    func choosePath(_ pointer: InkPointer, incrementingTurn: Bool) {
        state.generatedChoices.removeAll()
        var target = pointer
        if !target.isNull && target.index == -1 { target.index = 0 }
        state.currentPointer = target
        if incrementingTurn { state.currentTurnIndex += 1 }
        visitChangedContainersDueToDivert()
    }
}
