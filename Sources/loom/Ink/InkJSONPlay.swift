import Foundation
import Loom
import LoomInk

extension InkFiles {
    /// `loom play story.ink --json`: the transcript as JSON Lines, in the events a Yarn story's
    /// `--json` prints — `{"event": "line", "text": "…", "tags": ["…"]}` (`tags` only when the
    /// line has some), `{"event": "options", "options": [{"number": 1, "text": "…", "available":
    /// true}]}`, `{"event": "choice", "number": 2}`, then `{"event": "end"}`,
    /// `{"event": "out_of_choices"}` or `{"event": "error", "message": "…"}` (a runtime error of the story
    /// adds `"location": "story.ink:12:5"`).
    ///
    /// - Returns: `false` after a runtime error (the caller exits with status 1).
    static func playJSON(_ runner: InkRunner, choices: () -> Int?) -> Bool {
        while true {
            while runner.canContinue {
                let text: String
                do {
                    text = try runner.continue()
                } catch {
                    JSONOutput.print(["event": "error", "message": "\(error)"])
                    return false
                }
                var event: [String: Any] = [
                    "event": "line", "text": text.hasSuffix("\n") ? String(text.dropLast()) : text,
                ]
                if !runner.currentTags.isEmpty { event["tags"] = runner.currentTags }
                JSONOutput.print(event)
            }
            if let error = runner.runtimeError {
                var event: [String: Any] = ["event": "error", "message": error.message]
                if let location = error.location { event["location"] = "\(location)" }
                JSONOutput.print(event)
                return false
            }
            let offered = runner.currentChoices
            if offered.isEmpty {
                JSONOutput.print(["event": "end"])
                return true
            }
            let listed: [[String: Any]] = offered.map { ["number": $0.index + 1, "text": $0.text, "available": true] }
            JSONOutput.print(["event": "options", "options": listed])
            guard let number = choices() else {
                JSONOutput.print(["event": "out_of_choices"])
                return true
            }
            guard (1...offered.count).contains(number) else {
                JSONOutput.print(["event": "error", "message": "choice \(number) is not an available option"])
                return false
            }
            JSONOutput.print(["event": "choice", "number": number])
            do {
                try runner.choose(number - 1)
            } catch {
                JSONOutput.print(["event": "error", "message": "\(error)"])
                return false
            }
        }
    }
}
