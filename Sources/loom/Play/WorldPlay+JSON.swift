import Foundation
import Loom

/// How `loom play WORLD` prints a playthrough: the transcript's lines, or with `--json` its
/// events as JSON Lines.
struct WorldPlayOutput {
    /// Whether events print as JSON.
    let json: Bool
    private var printedLines = 0
    private var printedEvents = 0

    init(json: Bool) { self.json = json }

    /// The first line: `# isles, seed 12[, continuing F]`, or `{"event": "world", "world":
    /// "isles", "seed": "12"[, "continuing": "F"]}`.
    mutating func header(_ session: WorldSession, continuing save: String?) {
        if json {
            var object: [String: Any] = [
                "event": "world", "world": session.world.definition.name, "seed": session.seed.description,
            ]
            if let save { object["continuing"] = save }
            JSONOutput.print(object)
        } else {
            print("# \(session.world.definition.name), seed \(session.seed)\(save.map { ", continuing \($0)" } ?? "")")
        }
        // A loaded save's earlier playthrough is not printed again.
        printedLines = session.transcript.count
        printedEvents = session.events.count
    }

    /// Prints what `session` added since the last call.
    mutating func flush(_ session: WorldSession) {
        if json {
            for event in session.events[printedEvents...] { JSONOutput.print(Self.object(event)) }
        } else {
            for line in session.transcript[printedLines...] { print(line) }
        }
        printedLines = session.transcript.count
        printedEvents = session.events.count
    }

    /// The last line of a `--json` playthrough: `{"event": "out_of_choices"}` while options
    /// wait, else `{"event": "end"}`; `saved` names the save written.
    func finish(_ session: WorldSession, saved: String?) {
        guard json else { return }
        if let saved { JSONOutput.print(["event": "saved", "file": saved]) }
        JSONOutput.print(["event": session.options.isEmpty ? "end" : "out_of_choices"])
    }

    /// One event as JSON: `{"event": "entered", "x": 3, "y": 4, "place": "Stead"}`,
    /// `{"event": "node", "name": "Harbour"}`, `{"event": "line", "text": "…"}`,
    /// `{"event": "options", "options": [{"number": 1, "text": "…", "available": true}]}`,
    /// `{"event": "choice", "number": 2, "text": "…"}`, `{"event": "command", "text": "…"}`,
    /// `{"event": "typed", "text": "…", "matched": 2, "score": 0.71}` and, with
    /// `--text-sources`, `{"event": "text_source", "function": "generate", "writer": "ngram",
    /// "prompt": "…", "candidates": [{"text": "…", "refused": "…", "similarity": 0.5}]}`.
    static func object(_ event: WorldEvent) -> [String: Any] {
        switch event {
        case .entered(let cell, let place):
            var object: [String: Any] = ["event": "entered", "x": cell.x, "y": cell.y]
            if let place { object["place"] = place }
            return object
        case .node(let name):
            return ["event": "node", "name": name]
        case .line(let text):
            return ["event": "line", "text": text]
        case .options(let options):
            let listed: [[String: Any]] = options.map {
                ["number": $0.index + 1, "text": $0.text, "available": $0.isAvailable]
            }
            return ["event": "options", "options": listed]
        case .choice(let number, let text):
            return ["event": "choice", "number": number, "text": text]
        case .command(let text):
            return ["event": "command", "text": text]
        case .typed(let match):
            var object: [String: Any] = ["event": "typed", "text": match.text, "score": Double(match.score)]
            if let option = match.option { object["matched"] = option.index + 1 }
            return object
        case .textSource(let write):
            var object: [String: Any] = [
                "event": "text_source", "function": write.function, "writer": write.line.source.rawValue,
                "prompt": write.line.prompt,
            ]
            if let key = write.key { object["key"] = key }
            object["candidates"] = write.line.candidates.map { candidate -> [String: Any] in
                var entry: [String: Any] = ["text": candidate.text]
                if let rejection = candidate.rejection { entry["refused"] = "\(rejection)" }
                if let score = candidate.score { entry["similarity"] = Double(score) }
                return entry
            }
            return object
        }
    }
}
