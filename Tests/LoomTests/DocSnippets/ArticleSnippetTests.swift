import Foundation
import Loom
import Testing

/// The ```swift blocks of the DocC articles, each verbatim between its markers, compiled and
/// run in a ``SnippetFolder``; the checks after each block are what the article promises.
@Suite(.serialized) struct ArticleSnippetTests {
    @Test func loomCoreSeedsAndGrids() throws {
        // snippet LoomCore.md
        let world = Seed(42)
        var random = world.derive("caves").makeRandom()
        let roll = random.nextInt(in: 1...6)
        var heights = Grid(width: 64, height: 64, repeating: Float(0))
        heights[3, 4] = Float(random.nextDouble())
        // end snippet
        #expect((1...6).contains(roll))
        #expect((0..<1).contains(heights[3, 4]))
    }

    @Test func loomCoreLocatedJSON() throws {
        try SnippetFolder.run(files: ["settings.json": "{\n  \"attempts\": \"three\"\n}\n"]) {
            do {
                try readSettings()
                Issue.record("expected an error")
            } catch let error as LoomError {
                #expect(error.description == "settings.json:2:15: error: 'attempts' must be an integer, found a string")
            }
        }
    }

    private func readSettings() throws {
        // snippet LoomCore.md
        struct Settings: Codable { var attempts: Int }
        let settings = try LocatedJSONDecoder(rejectsUnknownKeys: true)
            .decode(Settings.self, fromFile: "settings.json")
        // settings.json:2:15: error: 'attempts' must be an integer, found a string
        // end snippet
        _ = settings
    }

    @Test func loomWorldSession() throws {
        try SnippetFolder.run {
            // snippet Loom.md
            let world = try World.load(from: "Worlds/crypt")
            let generated = try world.generate(seed: Seed(3))  // the map and its facts
            let session = try world.play(generated)
            try session.play(walk: WorldWalk(steps: [.place("Chapel")]), choices: [1, 1])
            print(session.transcript.joined(separator: "\n"))
            // end snippet
            #expect(!session.transcript.isEmpty)
        }
    }

    @Test func loomImageRoundTrip() throws {
        try SnippetFolder.run {
            // snippet LoomImage.md
            var image = RGBAImage(width: 64, height: 64, fill: RGBA(hex: "#1E90FF")!)
            image[3, 4] = .white
            try image.export(to: "sea.png")
            let again = try RGBAImage.load(from: "sea.png")
            // end snippet
            #expect(again == image)
        }
    }

    @Test func loomNoiseFillsAndSamples() throws {
        // snippet LoomNoise.md
        var noise = NoiseGenerator()
        noise.seed = Seed(42)
        noise.frequency = 0.005
        noise.fractalType = .fbm
        noise.octaves = 5

        var heights = Grid(width: 1024, height: 1024, repeating: Float(0))
        noise.fill(&heights)  // parallel over rows, same bytes on any thread count
        let h = noise.sample(x: 1_000_000_000.5, y: 3)  // one value in [-1, 1]
        // end snippet
        #expect((-1...1).contains(h))
        #expect(Double(heights[10, 20]) == Double(Float(noise.sample(x: 10, y: 20))))
    }

    @Test func loomStoryPlaysAndSaves() throws {
        let intro = "title: Start\n---\nKeeper: The lamp is out.\n-> Light it\n    <<light lamp>>\n-> Leave it\n===\n"
        try SnippetFolder.run(files: ["story/intro.yarn": intro]) {
            // snippet LoomStory.md
            let story = try StoryCompiler.compile([try StorySource.load(from: "story/intro.yarn")])
            let runner = StoryRunner(story: story, seed: Seed(42))
            try runner.setNode("Start")
            playing: while true {
                switch try runner.continue() {
                case .line(let line): print(line.text)
                case .options(let options): try runner.selectOption(options.first { $0.isAvailable }!.index)
                case .command(let command): print("host runs", command.arguments)
                case .end: break playing
                default: continue
                }
            }
            let save = try runner.saveState().encoded()
            // end snippet
            #expect(!save.isEmpty)
        }
    }

    @Test func loomTextGrammarNGramAndNames() throws {
        try SnippetFolder.run {
            // snippet LoomText.md
            let grammar = try Grammar.load(from: "Worlds/isles/grammar.json")
            let rumour = try grammar.expand("rumour", seed: Seed(42))

            let model = try NGramModel.train(corpusAt: "Worlds/isles/corpus.txt", order: 4)
            try model.save(to: "isles.ngram")
            let request = TextRequest(prompt: "The ferryman", seed: Seed(42), maxTokens: 40)
            let line = try NGramGenerator(model).generate(request).text

            let islanders = try NameModel.train(listAt: "Worlds/isles/names/islander.txt")
            let name = try islanders.generate(seed: Seed(42))
            // end snippet
            #expect(!rumour.isEmpty && !line.isEmpty && !name.isEmpty)
            #expect(try NGramModel.load(from: "isles.ngram").order == 4)
        }
    }

    @Test func loomScriptHostFunctions() throws {
        // snippet LoomScript.md
        var options = LuaOptions()
        options.seed = Seed(42)  // math.random's seed
        let vm = try LuaVM(options: options)
        try vm.register(
            module: "loom",
            functions: [
                "clamp": { call in
                    let value = try call.number(1), low = try call.number(2), high = try call.number(3)
                    call.push(min(max(value, low), high))
                }
            ])
        try vm.run(
            """
            function height_at(x, y)
              return loom.clamp((x + y) / 10 + math.random() / 100, 0, 1)
            end
            """, name: "heights.lua")
        let height = try vm.call("height_at", [3, 4])  // [.number(0.70…)]
        // end snippet
        let value = try #require(height.first?.doubleValue)
        #expect(value >= 0.7 && value < 0.71)
    }

    @Test func endlessTerrainChunk() throws {
        // snippet EndlessTerrain.md
        var world = TerrainParameters(width: 1024, height: 1024)
        world.shape = .continents
        let chunk = try world.generateChunk(seed: Seed(2024), chunkX: -3, chunkY: 5, chunkSize: 64)
        // end snippet
        #expect(chunk.width == 64 && chunk.height == 64)
    }

    @Test func loomMapsCavesAndDungeon() throws {
        try SnippetFolder.run {
            // snippet LoomMaps.md
            let cave = try CaveParameters(width: 80, height: 40).generate(seed: Seed(42))
            print(cave.ascii())

            var dungeon = DungeonParameters(width: 96, height: 64, algorithm: .digger)
            dungeon.maximumSteps = 20_000  // a work limit counted in steps, never in seconds
            let level = try dungeon.generate(seed: Seed(7))
            let exit = level.annotations(of: .place).first { $0.name == "exit" }

            try level.export(to: "level.tmj")  // opens in Tiled
            // end snippet
            _ = exit
            #expect(FileManager.default.fileExists(atPath: "level.tmj"))
        }
    }
}
