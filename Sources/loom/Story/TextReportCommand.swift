import ArgumentParser
import Foundation
import Loom

/// `loom story text-report WORLD… --seeds 6`: how well a world's writers write, measured.
struct TextReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-report",
        abstract: "Measure the text a world's writers generate: perplexity under SmolLM2 and the guard's refusals.",
        discussion: """
            Plays each world's walk (walk.txt, taking model-written options where offered) on several seeds, \
            once with the world's text model and once without it (the n-gram model and the authored text), \
            and prints: the mean per-token perplexity under SmolLM2-135M-Instruct of the lines each writer \
            wrote and of sentences of the world's corpus.txt (human-written); and how many candidates the \
            guard refused, per rule. Lower perplexity reads as more natural to the model.
            """)

    @Argument(help: "World folders whose text model is SmolLM2 (such as Worlds/isles).")
    var worlds: [String]

    @Option(help: "Map seeds to play per world (1, 2, …).")
    var seeds = 4

    @Option(help: "Corpus sentences measured per world.")
    var sentences = 60

    func run() throws {
        guard let path = ModelSearchPath().find("SmolLM2-135M-Instruct.Q4_1.gguf") else {
            StoryFiles.printError("error: SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models")
            throw ExitCode(1)
        }
        let judge = try ChatWriter(model: path)
        var tally = TextTally()
        for folder in worlds {
            for textModel in [true, false] {
                let world = try WorldLoader.load(folder, textModel: textModel)
                if textModel { world.textEmbedder = try? world.loadTextEmbedder() }
                for seed in 1...max(1, seeds) {
                    try Self.play(world, seed: seed, into: &tally)
                }
            }
            let corpus = (folder as NSString).appendingPathComponent("corpus.txt")
            if FileManager.default.fileExists(atPath: corpus) {
                tally.human += Self.sentences(of: try AtomicFile.readText(corpus)).prefix(sentences)
            }
        }
        print("writer                      lines  tokens  perplexity per token  median per line")
        let writers = [
            ("SmolLM2 (chat)", tally.prose), ("n-gram (corpus.txt)", tally.ngram),
            ("authored fallback", tally.authored),
            ("human: corpus sentences", tally.human),
        ]
        for (name, lines) in writers where !lines.isEmpty {
            let scores = try lines.map { try judge.negativeLogLikelihood(of: $0) }
            let tokens = scores.map(\.tokens).reduce(0, +)
            let pooled = Foundation.exp(scores.map(\.total).reduce(0, +) / Double(tokens))
            let perLine = scores.map { Foundation.exp($0.total / Double($0.tokens)) }.sorted()
            let figures = String(
                format: " %5d  %6d  %20.1f  %15.1f", lines.count, tokens, pooled, perLine[perLine.count / 2])
            print(name.padding(toLength: 27, withPad: " ", startingAt: 0) + figures)
        }
        let total = tally.candidates
        print("\nguard: \(total) candidates drawn by SmolLM2, \(tally.refusals.values.reduce(0, +)) refused")
        for (rule, count) in tally.refusals.sorted(by: {
            $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key)
        }) {
            let share = total > 0 ? Double(count) / Double(total) * 100 : 0
            print(
                "  \(rule.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(format: "%4d", count))  \(String(format: "%.1f", share))%"
            )
        }
        print(
            "model calls: \(tally.calls); lines that fell back to the n-gram model or the authored text: \(tally.fellBack)"
        )
        print("generated options that passed the guard: \(tally.options)")
    }

    /// Plays `world`'s walk on `seed`, choosing the last option offered (a model-written one
    /// where there are some), and counts what its writers wrote.
    static func play(_ world: World, seed: Int, into tally: inout TextTally) throws {
        let session = try world.play(try world.generate(seed: Seed(UInt64(seed))))
        var writes: [StoryTextWrite] = []
        session.onTextWrite = { writes.append($0) }
        let walkFile = (world.folder as NSString).appendingPathComponent("walk.txt")
        let walk =
            FileManager.default.fileExists(atPath: walkFile)
            ? WorldWalk.parse(try AtomicFile.readText(walkFile)) : WorldWalk()
        func chooseLast() throws {
            var guardCount = 0
            while let last = session.options.last(where: \.isAvailable), guardCount < 8 {
                try session.choose(last.index)
                guardCount += 1
            }
        }
        try session.start()
        try chooseLast()
        for step in walk.steps {
            try session.enter(step)
            try chooseLast()
        }
        for write in writes {
            let modelCall = world.text.chatWriter != nil
            if modelCall {
                tally.calls += 1
                tally.candidates += write.line.candidates.count
                for candidate in write.line.candidates {
                    if let rejection = candidate.rejection { tally.refusals[rejection.rule.rawValue, default: 0] += 1 }
                }
            }
            guard write.function != GeneratedOptionsCall.command else {
                tally.options += write.line.candidates.filter { $0.rejection == nil }.count
                continue
            }
            // The whole line as the player reads it: the opening and what the writer added.
            let shown = Self.shownLine(write)
            switch write.line.source {
            case .prose: tally.prose.append(shown)
            case .ngram: tally.ngram.append(shown)
            case .authored:
                if modelCall { tally.fellBack += 1 }
                if !write.line.result.text.isEmpty { tally.authored.append(shown) }
            }
        }
    }

    /// The line a write shows: the chat writer's chosen candidate (its opening included), or
    /// the opening (the n-gram model's prompt) and the text written after it.
    static func shownLine(_ write: StoryTextWrite) -> String {
        let text = write.line.result.text
        if write.line.source == .prose,
            let chosen = write.line.candidates.first(where: { $0.rejection == nil && $0.text.hasSuffix(text) })
        {
            return chosen.text
        }
        if write.function == "passage" || write.line.prompt.isEmpty { return text }
        return write.line.prompt + " " + text
    }

    /// The sentences of a corpus, one per line or split at `. ! ?`, of 4 words or more.
    static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            if character == "\n" {
                current += " "
                continue
            }
            current.append(character)
            if ".!?".contains(character) {
                let sentence = current.trimmingCharacters(in: .whitespaces)
                if sentence.split(separator: " ").count >= 4 { sentences.append(sentence) }
                current = ""
            }
        }
        return sentences
    }
}

/// What ``TextReportCommand`` counts.
struct TextTally {
    var prose: [String] = []
    var ngram: [String] = []
    var authored: [String] = []
    var human: [String] = []
    var candidates = 0
    var calls = 0
    var fellBack = 0
    var options = 0
    var refusals: [String: Int] = [:]
}
