import LoomCore

/// The machine an ``InkRunner`` drives: the story, its state and the look-ahead snapshot, as
/// one value, so the hot loop runs on a struct without per-access exclusivity checks.
struct InkEngine {
    let story: InkStory
    var state: InkState
    var snapshot: InkState?
    var sawLookaheadUnsafeFunction = false
    var snapshotText = ""
    /// Set when a look-ahead rewinds: the text of the line then finished (the snapshot's).
    var restoredText: String?
    /// Where the first of ``InkState/errors`` happened (the failing object, or the last one run
    /// when the content ran out); meaningful only while there are errors.
    var errorPointer = InkPointer.null
    var snapshotTagCount = 0
    /// The output's length when the snapshot was taken.
    var snapshotOutputCount = 0
    /// Whether the output was inside a tag (`#` without `/#`) when the snapshot was taken.
    var snapshotInTag = false
    /// ``InkState/outputPushes`` when the snapshot was taken.
    var snapshotPushes = 0
    /// Whether the look-ahead followed an invisible default choice (which forks a thread only
    /// while a snapshot exists, so running it again would differ).
    var lookaheadFollowedDefault = false
    /// Whether the look-ahead called a host's external function (ink calls it again when the
    /// look-ahead runs again, and a host can count the calls).
    var lookaheadCalledHost = false
    /// A look-ahead kept rather than rewound, and what the next line takes from it (see
    /// ``parkLookahead()``); `nil` when the state is where ink's runtime would have it.
    var parked: InkParkedLookahead?
    /// Whether look-aheads may be parked; off, every look-ahead is rewound and run again, as
    /// in ink's runtime (the tests compare the two). Default: `true`.
    var keepsLookaheads = true
    var externals: [String: InkExternalBinding] = [:]
    /// Where the external function running now is called from; a box the runner shares, as
    /// the function may ask while the engine runs (reading the engine then would overlap
    /// its modification).
    let callSite = InkCallSiteBox()
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
        state.output.removeAll(keepingCapacity: true)
        restoredText = nil
        resumeLookahead()
        var endsInNewline = false
        var steps = 0
        repeat {
            do {
                endsInNewline = try continueSingleStep()
            } catch let error as InkRuntimeError {
                addError(error.message)
                break
            }
            if endsInNewline { break }
            steps += 1
            if steps > stepLimit {
                addError("the story ran \(stepLimit) steps without producing a line; it may loop forever")
                break
            }
        } while canContinue
        if endsInNewline || !canContinue {
            restoreSnapshot()
            if !canContinue && state.errors.isEmpty {
                if state.callStack.canPopThread {
                    addError(
                        "thread available to pop, threads should always be flat by the end of evaluation?")
                }
                if state.generatedChoices.isEmpty && !state.didSafeExit {
                    if state.callStack.canPop(.tunnel) {
                        addError(
                            "unexpectedly reached end of content. Do you need a '->->' to return from a tunnel?")
                    } else if state.callStack.canPop(.function) {
                        addError("unexpectedly reached end of content. Do you need a '~ return'?")
                    } else if !state.callStack.canPop {
                        addError("ran out of content. Do you need a '-> DONE' or '-> END'?")
                    } else {
                        addError("unexpectedly reached end of content for unknown reason.")
                    }
                }
            }
            state.didSafeExit = false
            sawLookaheadUnsafeFunction = false
        }
        return restoredText ?? state.currentText
    }

    private mutating func continueSingleStep() throws -> Bool {
        try step()
        if !canContinue && !state.callStack.elementIsEvaluateFromGame { tryFollowDefaultInvisibleChoice() }
        if !state.inStringEvaluation {
            // `snapshot` is only tested here: binding it would copy the whole state every step.
            if snapshot != nil, state.outputChanged || sawLookaheadUnsafeFunction {
                state.outputChanged = false
                let change = newlineChange()
                if change == .extendedBeyondNewline || sawLookaheadUnsafeFunction {
                    if sawLookaheadUnsafeFunction || !parkLookahead() { restoreSnapshot() }
                    return true
                } else if change == .newlineRemoved {
                    state.discardSnapshot()
                    snapshot = nil
                }
            }
            if state.outputEndsInNewline {
                if canContinue {
                    if snapshot == nil {
                        snapshot = state.snapshot()
                        snapshotText = state.currentText
                        snapshotTagCount = state.currentTagCount
                        snapshotOutputCount = state.output.count
                        snapshotInTag = state.outputEndsInsideTag
                        snapshotPushes = state.outputPushes
                        lookaheadFollowedDefault = false
                        lookaheadCalledHost = false
                        state.outputLowWater = snapshotOutputCount
                        state.outputChanged = false
                    }
                } else if snapshot != nil {
                    state.discardSnapshot()
                    snapshot = nil
                }
            }
        }
        return false
    }

    /// Rewinds to the snapshot taken at the last newline, if there is one (and no look-ahead
    /// is parked: that one's snapshot waits for ``settle()``).
    mutating func restoreSnapshot() {
        guard parked == nil, let saved = snapshot.take() else { return }
        state.restore(saved)
        restoredText = snapshotText
    }

    private enum NewlineChange { case noChange, extendedBeyondNewline, newlineRemoved }

    /// How the output changed since the snapshot's text, read from the output's bytes as they
    /// are cleaned rather than from a string made each time (this runs on most steps of a
    /// look-ahead). Only ASCII line breaks, spaces and tabs are compared, so UTF-8 positions do.
    private func newlineChange() -> NewlineChange {
        // Usually the output only grew since the snapshot, by text outside tags: then the
        // snapshot's text is still the start of the line, and only the new text is read.
        if state.outputLowWater >= snapshotOutputCount, !snapshotInTag, snapshotText.utf8.last == 0x0A {
            var onlyText = true
            var textAfter = false
            var i = snapshotOutputCount
            while i < state.output.count {
                guard case .text(let piece) = state.output[i] else {
                    onlyText = false
                    break
                }
                if !textAfter, piece.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) { textAfter = true }
                i += 1
            }
            if onlyText { return textAfter ? .extendedBeyondNewline : .noChange }
        }
        let previousCount = snapshotText.utf8.count
        var count = 0
        var newlineAtEnd = false
        var textAfter = false
        state.forEachTextByte { byte in
            if count == previousCount - 1 {
                newlineAtEnd = byte == 0x0A
            } else if count >= previousCount && byte != 0x20 && byte != 0x09 {
                textAfter = true
            }
            count += 1
        }
        let currentTags = state.currentTagCount
        let newlineStillExists = count >= previousCount && previousCount > 0 && newlineAtEnd
        if snapshotTagCount == currentTags && previousCount == count && newlineStillExists { return .noChange }
        if !newlineStillExists { return .newlineRemoved }
        if currentTags > snapshotTagCount { return .extendedBeyondNewline }
        return textAfter ? .extendedBeyondNewline : .noChange
    }

    @discardableResult
    private mutating func tryFollowDefaultInvisibleChoice() -> Bool {
        let all = state.generatedChoices
        guard let choice = all.first(where: { $0.isInvisibleDefault }),
            !all.contains(where: { !$0.isInvisibleDefault })
        else { return false }
        state.callStack.currentThread = choice.thread
        if snapshot != nil {
            state.callStack.currentThread = state.callStack.forkThread()
            lookaheadFollowedDefault = true
        }
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

extension InkEngine {
    /// Records a runtime error, and where it happened when it is the first.
    mutating func addError(_ message: String) {
        if state.errors.isEmpty {
            errorPointer = state.currentPointer.isNull ? state.previousPointer : state.currentPointer
        }
        state.errors.append(message)
    }
}
