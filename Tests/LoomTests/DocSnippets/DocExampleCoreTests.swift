import Foundation
import Loom
import Testing

/// The ```swift examples of LoomCore's `///` comments, each verbatim between
/// `// example SOURCE-FILE` and `// end example` (`DocSnippetCoverageTests` checks that each
/// region is an example of that file), run with the set-up they assume and checks of what
/// their comments promise.
@Suite struct DocExampleCoreTests {
    @Test func seedsDerive() {
        // example Sources/LoomCore/Random/Seed.swift
        let world = Seed(42)
        var rivers = world.derive("rivers").makeRandom()
        let chunk = world.derive("terrain").derive(3, -7)
        // end example
        #expect(chunk == Seed(42).derive("terrain").derive(3, -7) && chunk != world)
        #expect((0..<1).contains(rivers.nextDouble()))
    }

    @Test func gridsMap() {
        // example Sources/LoomCore/Geometry/Grid.swift
        var heights = Grid(width: 256, height: 256, repeating: 0.0)
        heights[10, 20] = 1
        let sea = heights.map { $0 < 0.3 }
        // end example
        #expect(sea[10, 20] == false && sea[0, 0] == true)
    }

    @Test func errorsAreLocated() {
        func check() throws {
            // example Sources/LoomCore/Diagnostics/LoomError.swift
            throw LoomError(
                .syntax, "expected '>>' to close the command started at 12:1",
                at: SourceLocation(file: "story/intro.yarn", line: 12, column: 5))
            // end example
        }
        let error = #expect(throws: LoomError.self) { try check() }
        #expect(
            error?.description == "story/intro.yarn:12:5: error: expected '>>' to close the command started at 12:1")
    }

    @Test func locatedJSONKnowsWhere() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        // example Sources/LoomCore/JSON/LocatedJSON.swift
        let json = try LocatedJSON.parse(#"{"tiles": [{"name": "grass"}]}"#, file: "tiles.json")
        let name = json["tiles"]?.elements?.first?["name"]
        print(name?.string ?? "", name?.location ?? "")  // grass tiles.json:1:21
        // end example
        #expect(printed == ["grass tiles.json:1:21"])
    }

    @Test func locatedXMLKnowsWhere() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        // example Sources/LoomCore/XML/LocatedXML.swift
        let set = try LocatedXML.parse(#"<set size="10"><tile name="corner"/></set>"#.utf8, file: "data.xml")
        let name = set.children.first?.attribute("name")
        print(name?.value ?? "", name?.location ?? "")  // corner data.xml:1:22
        // end example
        #expect(printed == ["corner data.xml:1:22"])
    }

    @Test func dotGraphsQuoteAndLabel() {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        // example Sources/LoomCore/Text/DOTGraph.swift
        var graph = DOTGraph()
        graph.node("Start", label: "Start\n2 options")
        graph.edge(from: "Start", to: "Harbour", attributes: ["style=dashed"], label: "Sail")
        print(graph.text)
        // digraph story {
        //     node [shape=box, fontname="Helvetica"];
        //     "Start" [label="Start\n2 options"];
        //     "Start" -> "Harbour" [style=dashed, label="Sail"];
        // }
        // end example
        #expect(
            printed == [
                """
                digraph story {
                    node [shape=box, fontname="Helvetica"];
                    "Start" [label="Start\\n2 options"];
                    "Start" -> "Harbour" [style=dashed, label="Sail"];
                }

                """
            ])
        #expect(DOTGraph.quote("say \"hi\"\\") == #""say \"hi\"\\""#)
    }

    @Test func whitespaceIsTrimmed() {
        // example Sources/LoomCore/Text/String+Whitespace.swift
        let line = "  \tThe storm is coming.\n".trimmedOfWhitespace  // "The storm is coming."
        // end example
        #expect(line == "The storm is coming.")
        #expect("\u{00A0}Kerra\u{2003}".trimmedOfWhitespace == "Kerra" && " ".trimmedOfWhitespace.isEmpty)
    }

    @Test func jsonNumbersAreExact() throws {
        // example Sources/LoomCore/JSON/JSONNumber.swift
        let json = try LocatedJSON.parse("[3, 2.5e1, 18446744073709551615]")
        let big = json.elements?[2].number?.exactly(UInt64.self)  // 18446744073709551615
        let whole = json.elements?[1].number?.exactly(Int.self)  // 25 (2.5e1 is a whole number)
        // end example
        #expect(big == UInt64.max && whole == 25)
    }

    @Test func decodingRejectsUnknownKeys() throws {
        let data = Data("{\"attempts\": 3, \"atempts\": 4}".utf8)
        let error = #expect(throws: LoomError.self) {
            // example Sources/LoomCore/JSON/LocatedJSONDecoder.swift
            struct Settings: Codable { var attempts: Int }
            let settings = try LocatedJSONDecoder(rejectsUnknownKeys: true)
                .decode(Settings.self, from: data, file: "settings.json")
            // end example
            _ = settings
        }
        #expect(error?.description.hasPrefix("settings.json:1:17: error: ") == true, "\(String(describing: error))")
    }

    @Test func seedsParse() {
        // example Sources/LoomCore/Random/Seed.swift
        let negative = Seed(parsing: "-5")  // Seed(-5)
        let hex = Seed(parsing: "0xff")  // Seed(255)
        let word = Seed(parsing: "isles")  // Seed(text: "isles")
        // end example
        #expect(negative == Seed(-5) && hex == Seed(255) && word == Seed(text: "isles"))
    }

    @Test func storyPlayersPlayAndBind() throws {
        let yarn = "title: Start\n---\nA {shout(\"hello\")}.\n-> One\n    Picked one.\n-> Two\n===\n"
        var printed: [String] = []
        func print(_ text: String) { printed.append(text) }
        var library = FunctionLibrary()
        library.register("shout", parameters: [.string], returns: .string) { _ in .string("") }
        let story = try StoryCompiler.compile([StorySource(name: "a.yarn", text: yarn)], functions: library)
        let player = StoryRunner(story: story, seed: Seed(1))
        try player.setNode("Start")
        // example Sources/LoomCore/Story/StoryPlayer.swift
        let shout = StoryPlayerFunction("shout", parameters: [.string], returns: .string) { arguments in
            .string(arguments[0].description.uppercased())
        }
        try player.bind(shout)
        // end example
        // example Sources/LoomCore/Story/StoryPlayer.swift
        func play(_ story: any StoryPlayer) throws {
            while true {
                switch try story.nextEvent() {
                case .line(let text, _): print(text)
                case .choices(let choices): try story.choose(choices.first { $0.isAvailable }!.index)
                case .end: return
                }
            }
        }
        // end example
        try play(player)
        #expect(printed == ["A HELLO.", "Picked one."])
    }

    @Test func portableMathIsExact() {
        // example Sources/LoomCore/Support/PortableMath.swift
        let weight = PortableMath.exp(-1.5)  // 0.22313016014842982, on every machine
        let entropy = PortableMath.log(12)
        // end example
        #expect(weight == 0.22313016014842982)
        #expect(abs(entropy - Foundation.log(12)) < 1e-15)
    }

    @Test func stableHashesAreGolden() {
        let grid = Grid(width: 2, height: 2, cells: [1, 2, 3, 4] as [UInt16])!
        // example Sources/LoomCore/Support/StableHasher.swift
        var hasher = StableHasher()
        hasher.combine(grid.cells)
        let golden = hasher.finalize()
        // end example
        var again = StableHasher()
        again.combine([1, 2, 3, 4] as [UInt16])
        #expect(golden == again.finalize())
        var other = StableHasher()
        other.combine([1, 2, 3, 5] as [UInt16])
        #expect(golden != other.finalize())
    }

    @Test func textRequestsAndGuards() throws {
        // A grammar as the model: a prompt is flattened as rule text, an empty one expands `origin`.
        let model = GrammarGenerator(try Grammar(json: #"{"origin": ["The river runs.", "The gold glints."]}"#))
        // example Sources/LoomCore/Text/TextGenerator.swift
        var request = TextRequest(prompt: "The river", seed: Seed(7))
        request.maxTokens = 40
        let text = try model.generate(request).text
        // end example
        #expect(text == "The river")
        // example Sources/LoomCore/Text/TextGuard.swift
        let guarded = TextGuard(model, banned: WordList(["gold"]), fallback: "The wind says nothing.")
        let line = try guarded.generate(TextRequest(seed: Seed(3))).text
        // end example
        #expect(["The river runs.", "The wind says nothing."].contains(line))
    }
}
