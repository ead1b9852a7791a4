import Foundation
import Loom
import Testing

@Suite struct StoryTextFunctionTests {
    static let source = """
        title: Start
        ---
        <<declare $ship = "">>
        <<declare $said = "">>
        <<set $ship = grammar("ship")>>
        <<set $said = generate("The harbour", "FALLBACK")>>
        Line: The tide {generate("The tide", "FALLBACK")}
        Ship: {$ship} / {$said}
        -> Hail {name("islander")}.
            Chosen: one
        -> Tell them the boats {generate("The boats", "FALLBACK")}
            Chosen: two
        -> Name {grammar("ship")}.
            Chosen: three
        Last: {name("islander")}
        ===
        """

    @Test func functionsWorkInLinesOptionsAndSet() throws {
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(Self.source, text: text)
        let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(3))
        try runner.setNode("Start")
        let lines = try StoryTextTesting.transcript(runner, choices: [2])
        let joined = lines.joined(separator: "\n")
        #expect(!joined.contains("FALLBACK"), "the model wrote every generated text:\n\(joined)")
        // <<set>>: the variables hold a grammar expansion and prose.
        let ship = try #require(runner.value(of: "$ship")?.description)
        #expect(
            ship == "the Grey Gull" || ship == "the Lucky Gull" || ship == "the Salt Gull"
                || ship.hasPrefix("the ") && ship.hasSuffix(" Heron"))
        let said = try #require(runner.value(of: "$said")?.description)
        let saidHasWords = said.contains(where: \.isLetter)
        #expect(saidHasWords)
        #expect(lines.contains("Ship: \(ship) / \(said)"))
        // Lines and options carry generated text.
        let tide = try #require(lines.first { $0.hasPrefix("Line: The tide ") })
        #expect(tide.count > "Line: The tide ".count)
        let options = lines.filter { $0.hasPrefix("  ") }
        #expect(options.count == 3)
        #expect(options[0].hasPrefix("  1. Hail ") && options[0].count > "  1. Hail .".count)
        #expect(
            options[1].hasPrefix("  2. Tell them the boats ") && options[1].count > "  2. Tell them the boats ".count)
        #expect(options[2].hasPrefix("  3. Name the "))
        #expect(lines.contains("Chosen: two"))
        // Each call has its own place, and every text is kept in the runner's cache.
        #expect(runner.generatedText.count == 7)
        #expect(runner.generatedText.values.contains(ship))
        #expect(runner.generatedText.values.contains(said))
    }

    @Test func sameSeedAndChoicesGiveTheSameTranscript() throws {
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(Self.source, text: text)
        func play(_ seed: UInt64) throws -> [String] {
            let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(seed))
            try runner.setNode("Start")
            return try StoryTextTesting.transcript(runner, choices: [3])
        }
        let once = try play(11)
        let again = try play(11)
        #expect(once == again)
        let seeds = try (1...6).map { try play($0) }
        #expect(Set(seeds).count > 1, "different seeds write different text")
    }

    @Test func revisitsWriteNewTextAndKeepOldText() throws {
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(
            """
            title: Start
            ---
            {generate("The", "FALLBACK")} {name("islander")}
            <<if visited("Start") == false>>
            <<jump Start>>
            <<endif>>
            ===
            """, text: text)
        let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(5))
        try runner.setNode("Start")
        let lines = try StoryTextTesting.transcript(runner, choices: []).filter { !$0.hasPrefix("[") && $0 != "(end)" }
        #expect(lines.count == 2)
        #expect(lines[0] != lines[1], "the second visit has its own seeds")
        #expect(runner.generatedText.keys.sorted().allSatisfy { $0.hasPrefix("Start@") })
        #expect(runner.generatedText.count == 4)
    }

    @Test func errorsAreClear() throws {
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(
            """
            title: Start
            ---
            {name("elf")}
            ===
            title: Budget
            ---
            {generate_n("The", "", 0)}
            ===
            title: Symbol
            ---
            {grammar("dragon")}
            ===
            """, text: text)
        let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(5))
        for (node, message) in [
            ("Start", "no naming culture 'elf'; known: islander"), ("Budget", "at least 1"),
            ("Symbol", "no symbol 'dragon'"),
        ] {
            try runner.setNode(node)
            var thrown: (any Error)?
            do { _ = try StoryTextTesting.transcript(runner, choices: []) } catch { thrown = error }
            let error = try #require(thrown as? LoomError)
            #expect(error.message.contains(message), "\(error.message)")
        }
        // A wrong argument type is a compile error, since the functions are declared.
        #expect(throws: LoomError.self) {
            _ = try StoryTextTesting.compile("title: Start\n---\n{name(3)}\n===\n", text: text)
        }
    }

    @Test func callsOutsideACallSiteAreSeededByTheirArguments() throws {
        // `has_any_content` checks a node group's `when:` conditions outside the running code,
        // where no call site exists: the text is seeded by the function and its arguments.
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(
            """
            title: Start
            ---
            <<if has_any_content("Greeting")>>
            <<jump Greeting>>
            <<endif>>
            ===
            title: Greeting
            when: grammar("ship") != ""
            ---
            Hello from {grammar("ship")}.
            ===
            """, text: text)
        var transcripts: [[String]] = []
        for _ in 0..<2 {
            let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(8))
            try runner.setNode("Start")
            transcripts.append(try StoryTextTesting.transcript(runner, choices: []))
            #expect(runner.generatedText.keys.allSatisfy { $0.contains("@") })
        }
        #expect(transcripts[0] == transcripts[1])
        #expect(transcripts[0].contains { $0.hasPrefix("Hello from the ") })
    }

    @Test func theFunctionsWriteThroughTheRunnersSlot() throws {
        // One text path: the text functions write through `StoryRunner.lineWriter`, which
        // attaching fills with the world's writer chain and a host may replace.
        let text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        let story = try StoryTextTesting.compile(Self.source, text: text)
        let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(3))
        #expect(runner.lineWriter != nil)
        let recording = RecordingLineWriter()
        runner.lineWriter = recording
        try runner.setNode("Start")
        let lines = try StoryTextTesting.transcript(runner, choices: [2])
        #expect(lines.contains("Line: The tide generate|The tide|FALLBACK"))
        #expect(Set(recording.calls.map(\.function)) == ["generate", "grammar", "name"])
        for call in recording.calls {
            let key = try #require(call.key)
            #expect(call.seed == Seed(3).derive("text").derive(key))
            #expect(runner.generatedText[key] == RecordingLineWriter.text(call))
        }
        // A plain generator in the slot continues each call's first argument.
        let plain = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(3))
        plain.textGenerator = EchoingGenerator()
        try plain.setNode("Start")
        #expect(try StoryTextTesting.transcript(plain, choices: [2]).contains("Line: The tide The tide"))
    }
}

/// Writes each call as its function and arguments joined by `|`, and remembers the calls.
private final class RecordingLineWriter: StoryLineWriter {
    var calls: [StoryTextCall] = []
    static func text(_ call: StoryTextCall) -> String {
        ([call.function] + call.arguments.map(\.description)).joined(separator: "|")
    }
    func write(_ call: StoryTextCall) throws -> String {
        calls.append(call)
        return Self.text(call)
    }
}

/// Continues a prompt with itself.
private struct EchoingGenerator: TextGenerator {
    func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        BufferedTokenStream(words: request.prompt)
    }
}
