import Foundation
import Loom

/// Shared helpers for the story text tests.
enum StoryTextTesting {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let worldFolder = repoRoot.appendingPathComponent("Worlds/isles").path
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    /// The isles world's text, trained once for all tests.
    static let isles: Result<WorldText, any Error> = Result { try WorldText.load(from: worldFolder) }

    /// A story compiled with the text functions of `text` declared.
    static func compile(_ source: String, name: String = "test.yarn", text: WorldText) throws -> Story {
        var library = FunctionLibrary()
        StoryTextFunctions(text).declare(into: &library)
        return try StoryCompiler.compile([StorySource(name: name, text: source)], functions: library)
    }

    /// The harbour story of the isles world (its nodes `Harbour` and `Tavern`), compiled alone.
    static func demoStory(text: WorldText) throws -> Story {
        let path = worldFolder + "/story/harbour.yarn"
        return try compile(try String(contentsOfFile: path, encoding: .utf8), name: "harbour.yarn", text: text)
    }

    /// Plays from the runner's position, choosing options from `choices` (1-based; then the
    /// first available), one string per event; stops before showing option set number `stopAt`.
    static func transcript(_ runner: StoryRunner, choices: [Int], stopAt: Int? = nil) throws -> [String] {
        var output: [String] = []
        var queue = choices
        var sets = 0
        for _ in 0..<10_000 {
            let event = runner.currentOptions.isEmpty ? try runner.continue() : .options(runner.currentOptions)
            switch event {
            case .line(let line): output.append(line.text)
            case .command(let command): output.append("<<\(command.text)>>")
            case .nodeStart(let name): output.append("[\(name)]")
            case .nodeEnd(let name): output.append("[/\(name)]")
            case .options(let options):
                if let stopAt, sets + 1 == stopAt { return output }
                sets += 1
                for option in options { output.append("  \(option.index + 1). \(option.line.text)") }
                let choice = queue.isEmpty ? 1 : queue.removeFirst()
                output.append("> \(choice)")
                try runner.selectOption(choice - 1)
            case .end:
                output.append("(end)")
                return output
            }
        }
        return output
    }

    /// A small world made in memory: a model trained on `corpus`, a grammar and one culture.
    static func smallWorld(corpus: String, banned: [String] = []) throws -> WorldText {
        let grammar = try Grammar(
            json: #"{"ship": ["the #adj# Gull", "the #adj# Heron"], "adj": ["Grey", "Lucky", "Salt"]}"#)
        let names = NameCultures([
            "islander": try NameModel.train(names: ["Orrin", "Tessaly", "Maren", "Tovin", "Hallan", "Kestrel", "Corla"])
        ])
        return WorldText(
            model: try NGramModel.train(text: corpus, order: 3), grammar: grammar, names: names,
            banned: WordList(banned))
    }

    static let harbourCorpus = """
        The harbour was quiet at dusk. The boats lay still in the harbour. The tide came in over the mud.
        The gulls cried over the harbour wall. The fishermen mended their nets on the quay.
        The lamps burned along the sea wall. The wind came from the west and the boats rocked.
        """
}
