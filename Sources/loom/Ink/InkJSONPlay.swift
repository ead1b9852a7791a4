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
        let last = InkPlay.run(runner, choices: choices) { event in
            switch event {
            case .line(let text, let tags):
                var line: [String: Any] = [
                    "event": "line", "text": text.hasSuffix("\n") ? String(text.dropLast()) : text,
                ]
                if !tags.isEmpty { line["tags"] = tags }
                JSONOutput.print(line)
            case .choices(let offered):
                let listed: [[String: Any]] = offered.map {
                    ["number": $0.index + 1, "text": $0.text, "available": true]
                }
                JSONOutput.print(["event": "options", "options": listed])
            case .chose(let number):
                JSONOutput.print(["event": "choice", "number": number])
            case .end:
                JSONOutput.print(["event": "end"])
            case .outOfChoices:
                JSONOutput.print(["event": "out_of_choices"])
            case .invalidChoice(let number):
                JSONOutput.print(["event": "error", "message": "choice \(number) is not an available option"])
            case .storyErrors(_, let error):
                var failure: [String: Any] = ["event": "error", "message": error.message]
                if let location = error.location { failure["location"] = "\(location)" }
                JSONOutput.print(failure)
            case .failed(let error):
                JSONOutput.print(["event": "error", "message": "\(error)"])
            }
        }
        switch last {
        case .end, .outOfChoices: return true
        default: return false
        }
    }
}
