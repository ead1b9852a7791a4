import LoomCore

/// What happens while ``InkPlay/run(_:choices:atChoicePoint:report:)`` plays a story; each
/// writer (``InkTranscript``, the CLI's JSON Lines) turns these into its own output.
public enum InkPlayEvent {
    /// A line as ``InkRunner/continue()`` returned it (with its newline) and its tags.
    case line(String, tags: [String])
    /// The choices offered at a choice point, before one is asked for.
    case choices([InkChoice])
    /// The player took the choice with this number (1-based).
    case chose(Int)
    /// The story ended: no more content and no choices. The last event.
    case end
    /// The source of choices had no more. The last event.
    case outOfChoices
    /// The source of choices gave a number (1-based) that is not among those offered. The last event.
    case invalidChoice(Int)
    /// The story stopped at runtime errors: each of ``InkRunner/errors`` and all of them as
    /// ``InkRunner/runtimeError`` (located in the story). The last event.
    case storyErrors([String], LoomError)
    /// ``InkRunner/continue()``, ``InkRunner/choose(_:)`` or the choice-point hook threw. The last event.
    case failed(any Error)
}

/// The one play loop of an ink story: continue while it can, then offer the choices and take
/// the next one, until the end, an error, or the choices run out.
public enum InkPlay {
    /// Plays `runner` from where it is, answering choice points from `choices` (1-based numbers)
    /// and telling `report` each event as it happens.
    ///
    /// `atChoicePoint`, when given, receives the runner at each choice point after the choice
    /// is known and before it is made, and returns the runner to continue with.
    ///
    /// - Returns: the last event (``InkPlayEvent/end``, ``InkPlayEvent/outOfChoices``,
    ///   ``InkPlayEvent/invalidChoice(_:)``, ``InkPlayEvent/storyErrors(_:_:)`` or
    ///   ``InkPlayEvent/failed(_:)``), already reported.
    public static func run(
        _ runner: InkRunner, choices: () -> Int?, atChoicePoint: ((InkRunner) throws -> InkRunner)? = nil,
        report: (InkPlayEvent) -> Void
    ) -> InkPlayEvent {
        var runner = runner
        func stop(_ event: InkPlayEvent) -> InkPlayEvent {
            report(event)
            return event
        }
        while true {
            while runner.canContinue {
                do {
                    let text = try runner.continue()
                    report(.line(text, tags: runner.currentTags))
                } catch {
                    return stop(.failed(error))
                }
            }
            if let error = runner.runtimeError { return stop(.storyErrors(runner.errors, error)) }
            let offered = runner.currentChoices
            if offered.isEmpty { return stop(.end) }
            report(.choices(offered))
            guard let number = choices() else { return stop(.outOfChoices) }
            guard (1...offered.count).contains(number) else { return stop(.invalidChoice(number)) }
            report(.chose(number))
            do {
                if let atChoicePoint { runner = try atChoicePoint(runner) }
                try runner.choose(number - 1)
            } catch {
                return stop(.failed(error))
            }
        }
    }
}
