/// Plays a story into the transcript format of ink-proof (what inklecate's player prints):
/// each line as it comes, `# tags: a, b` after a tagged line, and at each choice point an empty
/// line, the choices as `N: text` (1-based) and the prompt `?> ` without a newline; it writes
/// the events of ``InkPlay`` (a choice number not offered ends the transcript like the end).
public enum InkTranscript {
    /// Plays `runner` from where it is, answering choice points from `choices` (1-based
    /// numbers) and stopping at the end, at an error, or when the choices run out. `write`
    /// receives the transcript piece by piece (so a terminal shows lines as they come).
    ///
    /// `atChoicePoint`, when given, receives the runner at each choice point before the
    /// choice is made and returns the runner to continue with (a test saves the state there and
    /// continues in a runner loaded from the save).
    ///
    /// - Returns: `true` when the story ended without an error.
    @discardableResult
    public static func play(
        _ runner: InkRunner, choices: () -> Int?, write: (String) -> Void,
        atChoicePoint: ((InkRunner) throws -> InkRunner)? = nil
    ) -> Bool {
        let last = InkPlay.run(runner, choices: choices, atChoicePoint: atChoicePoint) { event in
            switch event {
            case .line(let text, let tags):
                write(text)
                if !tags.isEmpty { write("# tags: \(tags.joined(separator: ", "))\n") }
            case .choices(let offered):
                write("\n")
                for choice in offered { write("\(choice.index + 1): \(choice.text)\n") }
                write("?> ")
            case .storyErrors(let messages, _):
                for message in messages { write("RUNTIME ERROR: \(message)\n") }
            case .failed(let error):
                write("RUNTIME ERROR: \(error)\n")
            case .chose, .end, .outOfChoices, .invalidChoice:
                break
            }
        }
        switch last {
        case .storyErrors, .failed: return false
        default: return true
        }
    }

    /// Plays `runner` with a fixed list of choices and returns the whole transcript.
    public static func play(_ runner: InkRunner, choices: [Int]) -> String {
        var remaining = choices[...]
        var out = ""
        play(runner, choices: { remaining.popFirst() }, write: { out += $0 })
        return out
    }
}
