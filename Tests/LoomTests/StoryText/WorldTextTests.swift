import Foundation
import Loom
import Testing

@Suite struct WorldTextGuardTests {
    static let rumCorpus = """
        The sailors drank rum in the tavern. The rum was dark and sweet. The captain poured rum for the crew.
        The crew sang in the tavern. The tavern was warm and loud. The sailors drank wine and ate fish.
        """

    @Test func bannedWordsNeverAppearInManySamples() throws {
        let text = try StoryTextTesting.smallWorld(corpus: Self.rumCorpus, banned: ["rum"])
        let unguarded = try StoryTextTesting.smallWorld(corpus: Self.rumCorpus)
        var rawHits = 0
        var fallbacks = 0
        for index in 0..<300 {
            let seed = Seed(UInt64(index))
            let result = try text.generate(prompt: "The sailors drank", fallback: "They drank wine.", seed: seed)
            #expect(text.banned.firstMatch(in: result.text) == nil, "\(result.text)")
            if result.finish == .fallback { fallbacks += 1 }
            let raw = try unguarded.generate(prompt: "The sailors drank", fallback: "x", seed: seed)
            if text.banned.firstMatch(in: raw.text) != nil { rawHits += 1 }
        }
        #expect(rawHits > 30, "the model does write the banned word without a guard (\(rawHits))")
        #expect(fallbacks < 150, "resampling finds clean text most of the time (\(fallbacks) fallbacks)")
    }

    @Test func fallbackWhenTheModelOnlyWritesBannedWords() throws {
        let text = try StoryTextTesting.smallWorld(corpus: "Rum rum rum. Rum rum. Rum.", banned: ["rum"])
        for index in 0..<20 {
            let result = try text.generate(prompt: "", fallback: "The cask is empty.", seed: Seed(UInt64(index)))
            #expect(result.text == "The cask is empty.")
            #expect(result.finish == .fallback)
        }
    }

    @Test func missingModelUsesTheAuthoredFallback() throws {
        var text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus)
        text.model = nil
        let result = try text.generate(prompt: "The harbour", fallback: "The harbour was quiet.", seed: Seed(1))
        #expect(result.text == "The harbour was quiet.")
        #expect(result.finish == .fallback)
        // No authored text and no fallback table: empty text, never a crash.
        #expect(try text.generate(prompt: "The harbour", fallback: "", seed: Seed(1)).text == "")
        // The world's fallback table: the grammar symbol `fallback`.
        text.grammar = try Grammar(json: #"{"fallback": ["Gulls cry.", "The sea is grey."]}"#)
        let table = Set(try (0..<20).map { try text.generate(prompt: "x", fallback: "", seed: Seed($0)).text })
        #expect(table == ["Gulls cry.", "The sea is grey."])

        // And in a story: a world folder without a corpus.
        let story = try StoryTextTesting.compile(
            "title: Start\n---\nThe harbour {generate(\"The harbour\", \"was quiet.\")}\n===\n", text: text)
        let runner = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(2))
        try runner.setNode("Start")
        #expect(try StoryTextTesting.transcript(runner, choices: []).contains("The harbour was quiet."))
    }

    @Test func emptyModelOutputFallsBack() throws {
        // A corpus of marks only: the model can write nothing a reader can use.
        let text = try StoryTextTesting.smallWorld(corpus: "... !!! ??? ...")
        let result = try text.generate(prompt: "", fallback: "Silence.", seed: Seed(3))
        #expect(result.text == "Silence.")
    }

    @Test func grammarAndNamesAreGuardedToo() throws {
        var text = try StoryTextTesting.smallWorld(corpus: StoryTextTesting.harbourCorpus, banned: ["lucky"])
        for index in 0..<60 {
            let ship = try text.expand(symbol: "ship", seed: Seed(UInt64(index)))
            #expect(!ship.contains("Lucky"), "\(ship)")
        }
        text.banned = WordList(["grey", "salt", "lucky"])
        #expect(try text.expand(symbol: "ship", seed: Seed(1)) == "")
        text.grammar = try Grammar(
            json: #"{"ship": ["the Grey Gull"], "fallback": ["Fog hides the ship."], "fallback_name": ["Nobody"]}"#)
        #expect(try text.expand(symbol: "ship", seed: Seed(1)) == "Fog hides the ship.")
        text.banned = WordList(try text.names.models["islander"]!.generate(count: 200, seed: Seed(9)))
        let name = try text.name(culture: "islander", seed: Seed(9))
        #expect(text.banned.firstMatch(in: name) == nil || name == "Nobody")
    }
}

@Suite struct WorldTextAssetTests {
    func isles() throws -> WorldText { try StoryTextTesting.isles.get() }

    @Test func corpusHasAtLeastTwentyThousandWords() throws {
        let corpus = try String(contentsOfFile: StoryTextTesting.worldFolder + "/corpus.txt", encoding: .utf8)
        let words = corpus.split(whereSeparator: \.isWhitespace).count
        #expect(words >= 20_000, "corpus.txt has \(words) words")
    }

    @Test func everyGrammarSymbolExpandsCleanly() throws {
        let text = try isles()
        let grammar = try #require(text.grammar)
        #expect(grammar.symbols.count >= 20)
        for symbol in grammar.symbols {
            for index in 0..<20 {
                let expansion = try text.expand(symbol: symbol, seed: Seed(UInt64(index)))
                #expect(!expansion.isEmpty, "\(symbol)")
                #expect(!expansion.contains("#"), "\(symbol): \(expansion)")
                #expect(text.banned.firstMatch(in: expansion) == nil, "\(symbol): \(expansion)")
            }
        }
    }

    @Test func namesAndModelLoad() throws {
        let text = try isles()
        #expect(text.names.cultures == ["islander", "trader"])
        #expect(text.banned.words == ["curse", "drunk", "rum", "slaves"])
        let model = try #require(text.model)
        #expect(model.order == 3)
        for culture in text.names.cultures {
            let names = try (0..<40).map { try text.name(culture: culture, seed: Seed(UInt64($0))) }
            #expect(Set(names).count > 20, "\(culture): \(names)")
            #expect(names.allSatisfy { $0.count >= 2 && $0.first!.isUppercase })
        }
        var clean = 0
        for index in 0..<100 {
            let result = try text.generate(prompt: "The harbour", fallback: "", seed: Seed(UInt64(index)))
            #expect(text.banned.firstMatch(in: result.text) == nil)
            if result.finish != .fallback { clean += 1 }
        }
        #expect(clean > 90)
    }

    @Test func loadErrorsNameTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storytext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: LoomError.self) { try WorldText.load(from: folder.path + "/missing") }
        // An empty folder is a world without text assets.
        let empty = try WorldText.load(from: folder.path)
        #expect(empty.model == nil && empty.grammar == nil && empty.names.cultures.isEmpty)
        try AtomicFile.write(##"{"a": ["#b#"]}"##, to: folder.path + "/grammar.json")
        do {
            _ = try WorldText.load(from: folder.path)
            Issue.record("a grammar with an unknown symbol loaded")
        } catch let error as LoomError {
            #expect(error.description.contains("grammar.json"), "\(error)")
        }
        #expect(throws: LoomError.self) {
            try WorldText.load(from: folder.path, settings: WorldTextSettings(ngramOrder: 9))
        }
    }

    @Test func cachedModelGivesTheSameText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storytext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try AtomicFile.write(StoryTextTesting.harbourCorpus, to: folder.path + "/corpus.txt")
        let settings = WorldTextSettings(cachesModel: true)
        let trained = try WorldText.load(from: folder.path, settings: settings)
        let cache = folder.path + "/corpus.o3.ngram"
        #expect(FileManager.default.fileExists(atPath: cache))
        let cached = try WorldText.load(from: folder.path, settings: settings)
        for index in 0..<10 {
            let seed = Seed(UInt64(index))
            let fresh = try trained.generate(prompt: "The", fallback: "", seed: seed)
            let reused = try cached.generate(prompt: "The", fallback: "", seed: seed)
            #expect(fresh == reused)
        }
    }
}

@Suite struct WorldTextProseTests {
    @Test func anyTextGeneratorCanWriteTheProse() throws {
        let grammar = try Grammar(json: #"{"origin": ["The rum ran out.", "The wind rose.", "Gulls cried."]}"#)
        var text = WorldText(prose: GrammarGenerator(grammar), banned: WordList(["rum"]))
        text.settings.minTokens = 1
        var seen = Set<String>()
        for index in 0..<40 {
            let result = try text.generate(prompt: "", fallback: "Quiet.", seed: Seed(UInt64(index)))
            #expect(result.text == "The wind rose." || result.text == "Gulls cried.", "\(result.text)")
            seen.insert(result.text)
        }
        #expect(seen.count == 2)
        // Every sample banned: the authored fallback.
        text.banned = WordList(["the", "gulls"])
        #expect(try text.generate(prompt: "", fallback: "Quiet.", seed: Seed(1)).text == "Quiet.")
    }
}
