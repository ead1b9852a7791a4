import Foundation
import Loom
import Testing

/// `generate`'s chain of writers: transformer, then n-gram model, then the authored text.
@Suite struct WorldTextChainTests {
    static let corpus = StoryTextTesting.harbourCorpus

    func text(prose: any TextGenerator, corpus: Bool, banned: [String] = []) throws -> WorldText {
        var text = WorldText(
            model: corpus ? try NGramModel.train(text: Self.corpus, order: 3) : nil, prose: prose,
            banned: WordList(banned))
        text.proseSettings = WorldProseSettings(model: "test.gguf", knownWordsOnly: false)  // random weights
        text.proseName = "test.gguf"
        return text
    }

    /// With `known_words` (the default), even random weights write only the corpus's words and
    /// the prompt's: the constraint steers every sampled token.
    @Test(arguments: [UInt64(1), 2, 3])
    func knownWordsKeepARandomModelToTheCorpus(seed: UInt64) throws {
        var text = try text(prose: try ProseTesting.generator(), corpus: true)
        text.proseSettings?.knownWordsOnly = true
        let context = StoryPrompt(facts: ["Harrowby lies on the reef."], lines: [], instruction: "The harbour")
        let line = try text.write(prompt: "The harbour", context: context, fallback: "was quiet.", seed: Seed(seed))
        #expect(line.source == .prose)
        let corpus = Set(WordConstraint.words(in: Self.corpus + " " + line.prompt).map { $0.lowercased() })
        let words = WordConstraint.words(in: line.result.text).map { $0.lowercased() }
        #expect(!words.isEmpty && words.allSatisfy(corpus.contains), "\(line.result.text)")
        text.proseSettings?.knownWordsOnly = false
        let free = try text.write(prompt: "The harbour", context: context, fallback: "was quiet.", seed: Seed(seed))
        #expect(!WordConstraint.words(in: free.result.text).allSatisfy { corpus.contains($0.lowercased()) })
    }

    @Test func theTransformerWritesFirst() throws {
        let text = try text(prose: try ProseTesting.generator(), corpus: true)
        let line = try text.write(prompt: "The harbour", fallback: "was quiet.", seed: Seed(3))
        #expect(line.source == .prose)
        #expect(line.prompt == "The harbour")
        #expect(line.result.text.contains { $0.isLetter })
        #expect(line.result.tokenCount <= 40)
        // The same request gives the same text, from a second model made from the same seed too.
        let again = try self.text(prose: try ProseTesting.generator(), corpus: true)
        #expect(try again.write(prompt: "The harbour", fallback: "was quiet.", seed: Seed(3)) == line)
        #expect(try text.write(prompt: "The harbour", fallback: "was quiet.", seed: Seed(4)) != line)
    }

    @Test func aTransformerWritingOnlyBannedWordsHandsOverToTheNGramModel() throws {
        let spy = SpyWriter("The gold lies in the gold vault.")
        let text = try text(prose: spy, corpus: true, banned: ["gold"])
        let line = try text.write(prompt: "The harbour", fallback: "was quiet.", seed: Seed(3))
        #expect(line.source == .ngram)
        #expect(!line.result.text.lowercased().contains("gold"))
        #expect(line.result.text != "was quiet.")
        // Every candidate tried every attempt: 2 candidates × 3 attempts (the defaults).
        #expect(spy.requests.count == 6)
        #expect(Set(spy.requests.map(\.seed)).count == 6)
    }

    @Test func withoutACorpusTheAuthoredTextIsLast() throws {
        let text = try text(prose: FixedWriter(text: "The gold glints."), corpus: false, banned: ["gold"])
        let line = try text.write(prompt: "The harbour", fallback: "was quiet.", seed: Seed(3))
        #expect(line.source == .authored)
        #expect(line.result.text == "was quiet.")
        #expect(line.result.finish == .fallback)
        // A writer of marks only has written nothing usable either.
        let marks = try self.text(prose: FixedWriter(text: "... ,"), corpus: false)
        #expect(try marks.write(prompt: "x", fallback: "Quiet.", seed: Seed(1)).source == .authored)
    }

    @Test func budgetsReachTheTransformer() throws {
        let spy = SpyWriter("The harbour was quiet at dusk.")
        var text = try text(prose: spy, corpus: false)
        text.proseSettings?.maxTokens = 17
        text.proseSettings?.temperature = 0.7
        text.proseSettings?.topK = 5
        _ = try text.write(prompt: "The harbour", fallback: "", seed: Seed(1))
        _ = try text.write(prompt: "The harbour", fallback: "", seed: Seed(1), maxTokens: 3)
        // The 17-token call's first sample is long enough to stand (no n-gram model ranks a second);
        // the 3-token call's is short, so a second candidate is written.
        #expect(spy.requests.map(\.maxTokens) == [17, 3, 3])
        #expect(spy.requests.allSatisfy { $0.temperature == 0.7 && $0.topK == 5 })
        // The real model stops at the budget.
        let model = try self.text(prose: try ProseTesting.generator(), corpus: false)
        for seed in 0..<6 {
            let line = try model.write(prompt: "The room", fallback: "", seed: Seed(UInt64(seed)), maxTokens: 3)
            #expect(line.source == .authored || line.result.tokenCount <= 3)
        }
    }

    @Test func withoutANGramModelALongFirstSampleIsTheOnlyOneWritten() throws {
        let long = SpyWriter("The harbour was quiet at dusk and the boats lay still.")
        let text = try text(prose: long, corpus: false)
        #expect(try text.write(prompt: "x", fallback: "", seed: Seed(1)).source == .prose)
        #expect(long.requests.count == 1)
        // A short first sample leaves room for a longer second one.
        let short = SpyWriter("Dusk.")
        _ = try self.text(prose: short, corpus: false).write(prompt: "x", fallback: "", seed: Seed(1))
        #expect(short.requests.count == 2)
        // With a corpus both candidates are written and ranked.
        let ranked = SpyWriter("The harbour was quiet at dusk and the boats lay still.")
        _ = try self.text(prose: ranked, corpus: true).write(prompt: "x", fallback: "", seed: Seed(1))
        #expect(ranked.requests.count == 2)
    }

    @Test func greedyDecodingTriesOnce() throws {
        let spy = SpyWriter("The gold glints.")
        var text = try text(prose: spy, corpus: false, banned: ["gold"])
        text.proseSettings?.temperature = 0
        #expect(try text.write(prompt: "x", fallback: "Quiet.", seed: Seed(1)).source == .authored)
        #expect(spy.requests.count == 1)
        var model = try self.text(prose: try ProseTesting.generator(), corpus: false)
        model.proseSettings?.temperature = 0
        let first = try model.write(prompt: "The room", fallback: "", seed: Seed(1))
        #expect(try model.write(prompt: "The room", fallback: "", seed: Seed(2)).result == first.result)
    }

    @Test func theContextIsCutToTheModelsWindow() throws {
        // A context of 64 tokens, and a history far longer: the prompt keeps the instruction and
        // as many recent lines as leave room for the answer.
        let text = try text(prose: try ProseTesting.generator(sequenceLength: 64), corpus: false)
        let lines = (0..<20).map { "The torch \($0) is cold and the dust lies in the dark room." }
        let context = StoryPrompt(facts: ["The crypt lies beneath the hill."], lines: lines, instruction: "The room")
        let line = try text.write(prompt: "The room", context: context, fallback: "is cold.", seed: Seed(2))
        #expect(line.source == .prose)
        #expect(line.prompt.hasSuffix("The room"))
        #expect(line.prompt.count < context.text.count)
        let tokenizer = try ProseTesting.tokenizer()
        #expect(tokenizer.encode(line.prompt).count + 32 <= 64)
        #expect(line.prompt.contains("The torch 19 "))
        // An instruction longer than the window skips the transformer.
        let long = String(repeating: "The dust lies in the dark. ", count: 20)
        #expect(try text.write(prompt: long, fallback: "Quiet.", seed: Seed(2)).source == .authored)
    }

    @Test func theTextIsTheSameOnAnyThreadCount() throws {
        let one = try ProseTesting.generator()
        let two = try TransformerGenerator(
            model: one.model, tokenizer: one.tokenizer,
            sampling: TransformerSampling(topP: 0.95, threads: 2, startsNewWord: true))
        var single = one
        single.sampling.topP = 0.95
        let context = StoryPrompt(
            facts: ["The crypt lies beneath the hill."], lines: ["Dust."], instruction: "The room")
        for seed in 0..<4 {
            let a = try text(prose: single, corpus: true)
                .write(prompt: "The room", context: context, fallback: "", seed: Seed(UInt64(seed)))
            let b = try text(prose: two, corpus: true)
                .write(prompt: "The room", context: context, fallback: "", seed: Seed(UInt64(seed)))
            #expect(a == b)
            #expect(a.source == .prose)
        }
    }

    @Test func theTransformersTextIsOneLine() throws {
        let text = try text(prose: FixedWriter(text: "is cold\n\nand   dark."), corpus: false)
        #expect(try text.write(prompt: "The room", fallback: "", seed: Seed(1)).result.text == "is cold and dark.")
    }

    @Test func aHostRecordsLinesForPromptsAndSavesKeepThem() throws {
        var text = try text(prose: FixedWriter(text: "is cold."), corpus: false)
        text.proseSettings?.prompt = StoryPromptSettings(facts: ["It has {rooms} rooms."], recentLines: 2)
        let story = try StoryTextTesting.compile(
            "title: Start\n---\nThe room {generate(\"The room\", \"\")}\n===\n", text: text)
        var library = FunctionLibrary()
        let binding = StoryTextFunctions(text).register(into: &library)
        let runner = StoryRunner(story: story, functions: library, seed: Seed(5))
        binding.attach(runner)
        binding.facts = { ["rooms": .number(4)] }
        var prompts: [String] = []
        binding.onWrite = { prompts.append($0.line.prompt) }
        for index in 0..<40 { binding.record("Warden: line \(index)\nwith a break") }
        #expect(binding.history.count == StoryPromptSettings.maximumRecentLines)
        #expect(binding.history.last == "Warden: line 39 with a break")
        try runner.setNode("Start")
        let lines = try StoryTextTesting.transcript(runner, choices: []).filter { !$0.hasPrefix("[") }
        #expect(lines == ["The room is cold.", "(end)"])
        #expect(prompts == ["It has 4 rooms. line 38 with a break. line 39 with a break. The room"])
        let saved = try StoryState.decode(try runner.saveState().encoded())
        #expect(saved.lineHistory.lines.count == 32)
        #expect(saved.lineHistory.lines.last == "Warden: line 39 with a break")
        #expect(saved.lineHistory.count == 40)
        #expect(saved.generatedText.keys.allSatisfy { $0.contains("@") }, "only call sites' texts")
    }

    @Test("a chat writer's scene starts at a multiple of the recent lines, so its prompts share beginnings")
    func alignedScenes() throws {
        let text = try text(prose: FixedWriter(text: "is cold."), corpus: false)
        var library = FunctionLibrary()
        let binding = StoryTextFunctions(text).register(into: &library)
        let story = try StoryTextTesting.compile("title: Start\n---\nA line.\n===\n", text: text)
        let runner = StoryRunner(story: story, functions: library, seed: Seed(5))
        binding.attach(runner)
        let settings = StoryPromptSettings(recentLines: 3)
        func scene() -> [String] { binding.prompt("The room", settings: settings, aligned: true).lines }
        #expect(scene().isEmpty)
        for index in 0..<7 { binding.record("line \(index)") }
        #expect(scene() == ["line 3.", "line 4.", "line 5.", "line 6."])
        binding.record("line 7")
        #expect(scene() == ["line 3.", "line 4.", "line 5.", "line 6.", "line 7."])
        binding.record("line 8")
        #expect(scene() == ["line 6.", "line 7.", "line 8."])
        #expect(binding.prompt("The room", settings: settings).lines == ["line 6.", "line 7.", "line 8."])
        for index in 9..<60 { binding.record("line \(index)") }
        #expect(binding.lineCount == 60)
        #expect(scene() == ["line 57.", "line 58.", "line 59."])
        // The count is saved with the lines.
        let loaded = StoryRunner(story: story, functions: library, seed: Seed(5))
        try loaded.load(try StoryState.decode(try runner.saveState().encoded()))
        #expect(loaded.lineHistory.count == 60)
    }

    @Test func proseSettingsValidate() throws {
        #expect(throws: LoomError.self) { try WorldProseSettings(model: "m.gguf", temperature: 11).validate() }
        #expect(throws: LoomError.self) { try WorldProseSettings(model: "m.gguf", candidates: 0).validate() }
        #expect(throws: LoomError.self) { try WorldProseSettings(model: "").validate() }
        let settings = WorldProseSettings(model: "m.gguf", topP: 0.9, prompt: StoryPromptSettings(facts: ["x"]))
        try settings.validate()
        let decoded = try JSONDecoder().decode(WorldProseSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }
}
