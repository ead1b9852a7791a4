import LoomCore

/// The machine an ``InkRunner`` drives: the story, its state and the look-ahead snapshot, as
/// one value, so the hot loop runs on a struct without per-access exclusivity checks.
struct InkEngine {
    let story: InkStory
    var state: InkState
    var snapshot: InkState?
    var sawLookaheadUnsafeFunction = false
    var snapshotText = ""
    var snapshotTagCount = 0
    var externals: [String: InkExternalFunction] = [:]
    /// Globals someone observes (their changes are recorded for the observers).
    var observedNames: Set<String> = []
    var allowsExternalFunctionFallbacks = true
    var stepLimit = 10_000_000
    var defaultGlobals: [String: InkValue] = [:]
    /// How deeply calls, tunnels and threads may nest.
    static let maximumCallDepth = 100_000

    init(story: InkStory, seed: Seed) {
        self.story = story
        state = InkState(story: story, seed: Int32(seed.rawValue % 100))
    }

    var canContinue: Bool { state.canContinue }

    mutating func continueInternal() throws -> String {
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

    private mutating func continueSingleStep() throws -> Bool {
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
        // Only ASCII line breaks, spaces and tabs are compared, so UTF-8 positions will do.
        let prev = previous.utf8
        let curr = Array(current.utf8)
        let newlineStillExists = curr.count >= prev.count && !prev.isEmpty && curr[prev.count - 1] == 0x0A
        if previousTags == currentTags && prev.count == curr.count && newlineStillExists { return .noChange }
        if !newlineStillExists { return .newlineRemoved }
        if currentTags > previousTags { return .extendedBeyondNewline }
        for c in curr[prev.count...] where c != 0x20 && c != 0x09 { return .extendedBeyondNewline }
        return .noChange
    }

    @discardableResult
    private mutating func tryFollowDefaultInvisibleChoice() -> Bool {
        let all = state.generatedChoices
        guard let choice = all.first(where: { $0.isInvisibleDefault }),
            !all.contains(where: { !$0.isInvisibleDefault })
        else { return false }
        state.callStack.currentThread = choice.thread
        if snapshot != nil { state.callStack.currentThread = state.callStack.forkThread() }
        choosePath(choice.target, incrementingTurn: false)
        return true
    }

    mutating func choosePath(_ pointer: InkPointer, incrementingTurn: Bool) {
        state.generatedChoices.removeAll()
        var target = pointer
        if !target.isNull && target.index == -1 { target.index = 0 }
        state.currentPointer = target
        if incrementingTurn { state.currentTurnIndex += 1 }
        visitChangedContainersDueToDivert()
    }
}
