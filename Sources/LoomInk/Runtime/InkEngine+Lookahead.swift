/// What a parked look-ahead hands to the next line: the text that ended the look-ahead, and
/// the records it made that ink's runtime would only make when the next line runs again.
struct InkParkedLookahead {
    /// The one output item the look-ahead added after the line's newline.
    var output: InkOutput
    /// Warnings, changed globals and entered knots the look-ahead added, in order.
    var warnings: [String]
    var changedGlobals: [String]
    var enteredKnots: [Int]
}

/// Keeping a look-ahead instead of running it twice.
///
/// ink finishes a line only when the story shows what follows its newline: it snapshots the
/// state at the newline, runs on until text comes, rewinds to the snapshot, and runs those
/// steps again at the next `Continue`. Running them again gives the same state as keeping the
/// look-ahead, except where earlier output can change a step: the newline and glue rules, the
/// output positions function frames remember, the thread an invisible default choice forks
/// while a snapshot exists, and the host, which sees an external function called twice. When
/// none of those could have mattered (exactly one item added, plain text, no function frame
/// waiting for output, no default choice followed, no host function called, the story still
/// able to continue), the look-ahead is parked: the line is returned from the
/// state as it is, with the new text set aside for the next line. A host that looks at the
/// state in between (a variable, a save, a jump) first ``settle()``s it, rewinding to the
/// snapshot exactly as ink does, so the runtime is the same to every observer.
extension InkEngine {
    /// Parks the look-ahead that just went past the line's newline, when running it again
    /// could not differ; returns whether it did (otherwise the caller rewinds).
    mutating func parkLookahead() -> Bool {
        let start = snapshotOutputCount
        guard keepsLookaheads, snapshot != nil, parked == nil, !lookaheadFollowedDefault, !lookaheadCalledHost,
            canContinue,
            state.outputPushes &- snapshotPushes == 1, state.outputLowWater >= start,
            state.output.count == start + 1, case .text = state.output[start],
            !state.callStack.hasFunctionOutputStart
        else { return false }
        let warnings = snapshot?.warnings.count ?? 0
        let changed = snapshot?.changedGlobals.count ?? 0
        let entered = snapshot?.enteredKnots.count ?? 0
        guard state.warnings.count >= warnings, state.changedGlobals.count >= changed,
            state.enteredKnots.count >= entered
        else { return false }
        // Usually the look-ahead recorded nothing: then nothing is copied or shortened.
        parked = InkParkedLookahead(
            output: state.output.removeLast(), warnings: state.warnings.takeSuffix(from: warnings),
            changedGlobals: state.changedGlobals.takeSuffix(from: changed),
            enteredKnots: state.enteredKnots.takeSuffix(from: entered))
        // The line is the snapshot's text, made once when the snapshot was taken.
        restoredText = snapshotText
        return true
    }

    /// Goes on from a parked look-ahead at the start of the next line, as if its steps had run
    /// again: the text it found starts the output, its records are made now.
    mutating func resumeLookahead() {
        guard let pending = parked.take() else { return }
        state.discardSnapshot()
        snapshot = nil
        state.output.append(pending.output)
        if !pending.warnings.isEmpty { state.warnings += pending.warnings }
        if !pending.changedGlobals.isEmpty { state.changedGlobals += pending.changedGlobals }
        if !pending.enteredKnots.isEmpty { state.enteredKnots += pending.enteredKnots }
    }

    /// Rewinds a parked look-ahead to its snapshot, as ink's runtime would have, keeping the
    /// records the host has seen (errors, warnings, changed globals and entered knots as they
    /// are now).
    mutating func settle() {
        guard parked != nil else { return }
        parked = nil
        let errors = state.errors
        let warnings = state.warnings
        let changed = state.changedGlobals
        let entered = state.enteredKnots
        restoreSnapshot()
        restoredText = nil
        state.errors = errors
        state.warnings = warnings
        state.changedGlobals = changed
        state.enteredKnots = entered
    }
}

extension InkCallStack {
    /// Whether a frame of any thread remembers where its function's output began.
    var hasFunctionOutputStart: Bool {
        if current.top.functionStartInOutput >= 0 { return true }
        if current.lower.contains(where: { $0.functionStartInOutput >= 0 }) { return true }
        return lowerThreads.contains { thread in thread.frames.contains { $0.functionStartInOutput >= 0 } }
    }
}

extension Array {
    /// Removes and returns the elements from `start` on (none when `start` is the count).
    fileprivate mutating func takeSuffix(from start: Int) -> [Element] {
        guard start < count else { return [] }
        let suffix = Array(self[start...])
        removeSubrange(start...)
        return suffix
    }
}
