/// Plays a story into the transcript format of ink-proof (what inklecate's player prints):
/// each line as it comes, `# tags: a, b` after a tagged line, and at each choice point an empty
/// line, the choices as `N: text` (1-based) and the prompt `?> ` without a newline.
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
        var runner = runner
        while true {
            while runner.canContinue {
                let text: String
                do {
                    text = try runner.continue()
                } catch {
                    write("RUNTIME ERROR: \(error)\n")
                    return false
                }
                write(text)
                let tags = runner.currentTags
                if !tags.isEmpty { write("# tags: \(tags.joined(separator: ", "))\n") }
            }
            if !runner.errors.isEmpty {
                for error in runner.errors { write("RUNTIME ERROR: \(error)\n") }
                return false
            }
            let offered = runner.currentChoices
            if offered.isEmpty { return true }
            write("\n")
            for choice in offered { write("\(choice.index + 1): \(choice.text)\n") }
            write("?> ")
            guard let number = choices(), number >= 1, number <= offered.count else { return true }
            do {
                if let atChoicePoint { runner = try atChoicePoint(runner) }
                try runner.choose(number - 1)
            } catch {
                write("RUNTIME ERROR: \(error)\n")
                return false
            }
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
