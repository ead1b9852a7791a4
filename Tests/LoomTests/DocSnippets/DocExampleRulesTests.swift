import Foundation
import Loom
import Testing

/// LoomCore's, not Testing's.
private typealias SourceLocation = LoomCore.SourceLocation

/// The ```swift examples of `///` comments on located JSON, tiled WFC rules, WFC chunks, the
/// model search path and typed choices, each verbatim between `// example SOURCE-FILE` and
/// `// end example`.
@Suite(.serialized) struct DocExampleRulesTests {
    @Test func aTypeKeepsWhereItWasDecoded() throws {
        let data = Data("[\n  {\"weight\": 1},\n    {\"weight\": 2}\n]".utf8)
        // example Sources/LoomCore/JSON/JSONNodeDecoder.swift
        struct Tile: Decodable {
            var weight: Double
            var location: SourceLocation?

            private enum CodingKeys: String, CodingKey { case weight }

            init(from decoder: Decoder) throws {
                weight = try decoder.container(keyedBy: CodingKeys.self).decode(Double.self, forKey: .weight)
                location = decoder.sourceLocation  // tiles.json:3:5 for the second tile below
            }
        }
        let tiles = try LocatedJSONDecoder().decode([Tile].self, from: data, file: "tiles.json")
        // end example
        #expect(tiles.map(\.weight) == [1, 2])
        #expect(tiles.map { $0.location?.description } == ["tiles.json:2:3", "tiles.json:3:5"])
        #expect(try JSONDecoder().decode([Tile].self, from: data).allSatisfy { $0.location == nil })
    }

    @Test(.enabled(if: SharedWFCSamples.knots != nil, "../shared/samples/wfc/Knots/data.xml is absent"))
    func tiledRulesAndChunks() throws {
        let knots = try #require(SharedWFCSamples.knots)
        try SnippetFolder.run {
            try FileManager.default.createSymbolicLink(atPath: "Knots", withDestinationPath: knots)
            // example Sources/LoomMaps/WFC/Rules/TiledRules.swift
            let tileset = try TilesetDescription.load(from: "Knots/data.xml")
            let rules = try TiledRules(tileset, subset: "Standard")
            let solver = try WFCSolver(rules: rules, width: 24, height: 24, options: .init(periodic: true))
            // end example
            let solved = try solver.solve(seed: Seed(1)).get()
            #expect(solved.width == 24 && solved.height == 24)
            // example Sources/LoomMaps/WFC/Chunks/WFCChunks.swift
            let chunks = try WFCChunks(rules: rules, chunkWidth: 32, chunkHeight: 32, seed: Seed(9))
            let tiles = try chunks.chunk(-3, 5).get()
            // end example
            #expect(tiles.width == 32 && tiles.height == 32)
            #expect(try chunks.chunk(-3, 5).get() == tiles)
            let again = try WFCChunks(rules: rules, chunkWidth: 32, chunkHeight: 32, seed: Seed(9))
            #expect(try again.chunks(in: Rect(x: -3, y: 5, width: 1, height: 1), threads: 2)[0].get() == tiles)
        }
    }

    @Test(
        .enabled(
            if: TextSnippetTests.smolLM2 != nil,
            "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func theModelSearchPathFindsTheFetchedModel() throws {
        try SnippetFolder.run {
            // example Sources/LoomCore/Support/ModelSearchPath.swift
            let path = try ModelSearchPath().locate("SmolLM2-135M-Instruct.Q4_1.gguf")
            // end example
            #expect(path.hasSuffix("Models/SmolLM2-135M-Instruct.Q4_1.gguf"))
            let error = #expect(throws: LoomError.self) { try ModelSearchPath(folders: []).locate("absent.gguf") }
            #expect(error?.message.contains("absent.gguf") == true)
        }
    }

    @Test(.enabled(if: SentenceModel.embedder != nil, SentenceModel.absent))
    func theOptionMatcherReadsHints() throws {
        let embedder: any TextEmbedder = try #require(SentenceModel.embedder)
        // example Sources/LoomStory/Runtime/OptionMatcher.swift
        let matcher = OptionMatcher(embedder: embedder, cache: StoryEmbeddingCache())
        let options = [
            StoryOption(StoryPlayerChoice(index: 0, text: "Light the lamp", isAvailable: true)),
            StoryOption(StoryPlayerChoice(index: 1, text: "Sail on", isAvailable: true, tags: ["hint:leave"])),
        ]
        let match = try matcher.match("we should leave now", among: options)
        print(match.option?.index ?? -1)  // 1: the text holds the hint "leave"
        // end example
        #expect(match.option?.index == 1)
        #expect(match.score >= OptionMatch.hintWordScore)
        #expect(match.summary.hasPrefix("matched \"we should leave now\", score 0."))
    }

    @Test(.enabled(if: SentenceModel.embedder != nil, SentenceModel.absent))
    func typedTextMatchesAnOption() throws {
        let embedder: any TextEmbedder = try #require(SentenceModel.embedder)
        // example Sources/LoomCore/Text/TextEmbedder.swift
        let vectors = try embedder.embed(["light the lamp", "I light the lamp and wait"])
        let score = TextEmbedding.cosine(vectors[0], vectors[1])  // about 0.8 with all-MiniLM-L6-v2
        // end example
        #expect(score > 0.7 && score < 0.9, "score \(score)")

        let story = try StoryCompiler.compile([
            StorySource(
                name: "lamp.yarn",
                text: """
                    title: Start
                    ---
                    Captain: The light is out.
                    -> Light the lamp
                        Captain: The beam sweeps the sea.
                    -> Sail on
                    ===
                    """)
        ])
        let runner = StoryRunner(story: story, seed: Seed(1))
        runner.textEmbedder = embedder
        try runner.setNode("Start")
        while true { if case .options = try runner.continue() { break } }
        // example Sources/LoomStory/Runtime/OptionMatch.swift
        let match = try runner.selectOption(matching: "I light the lamp and wait")
        print(match.summary)  // matched "I light the lamp and wait", score 0.78
        if match.option == nil { print("The captain doesn't understand.") }
        // end example
        #expect(match.option?.index == 0)
        #expect(match.summary.hasPrefix("matched \"I light the lamp and wait\", score 0."))
        guard case .line(let line) = try runner.continue() else {
            Issue.record("the chosen option leads to no line")
            return
        }
        #expect(line.text == "Captain: The beam sweeps the sea.")
    }
}
