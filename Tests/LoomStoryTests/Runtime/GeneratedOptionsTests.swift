import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// A writer for tests without a model: options and passages made from the request's seed, so
/// they differ between calls and repeat for the same seed. Counts its calls.
final class SeededOptionWriter: StoryOptionWriter {
    private(set) var optionCalls = 0
    private(set) var passageCalls = 0
    private(set) var lastRequest: GeneratedOptionsRequest?
    var options: [String] = ["Play dice with the sailors", "Ask for a bed for the night", "Sing a sea song"]

    func writeOptions(_ request: GeneratedOptionsRequest) throws -> [String] {
        optionCalls += 1
        lastRequest = request
        let shift = Int(request.seed.rawValue % UInt64(options.count))
        let rotated = Array(options[shift...] + options[..<shift])
        return Array(rotated.prefix(request.call.count))
    }

    func writePassage(for option: String, request: GeneratedOptionsRequest, seed: Seed) throws -> [String] {
        passageCalls += 1
        return ["You \(option.lowercased()) (\(seed.rawValue % 1000)).", "Nobody minds."]
    }
}

@Suite("<<generate_options>>: model-written options, routed, saved and replayed")
struct GeneratedOptionsTests {
    static let tavern = """
        title: Start
        ---
        <<declare $plan = "">>
        <<declare $bold = false>>
        <<declare $tries = 0>>
        <<declare $untouched = "kept">>
        The tavern is loud.
        <<generate_options "what the player might do in the tavern" 2 passage $plan $bold $tries>>
        -> Leave
            You leave.
            <<stop>>
        The night goes on.
        ===
        title: Dice
        tags: about:playing_dice,gambling
        ---
        The dice roll.
        ===
        title: Sleep
        tags: about:a_bed_for_the_night,sleeping
        ---
        You sleep.
        ===
        """

    /// A runner of `source` waiting at its first option set.
    func waiting(
        _ source: String = tavern, writer: SeededOptionWriter = SeededOptionWriter(), seed: UInt64 = 5
    ) throws -> StoryRunner {
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(seed))
        runner.optionWriter = writer
        runner.textEmbedder = WordBagEmbedder()
        try runner.setNode("Start")
        while true {
            if case .options = try runner.continue() { return runner }
        }
    }

    /// The lines shown until the next options or the end.
    func lines(_ runner: StoryRunner) throws -> [String] {
        var lines: [String] = []
        while true {
            switch try runner.continue() {
            case .line(let line): lines.append(line.text)
            case .options, .end: return lines
            default: continue
            }
        }
    }

    @Test("generated options follow the authored ones, tagged with their call and route")
    func offered() throws {
        let writer = SeededOptionWriter()
        let runner = try waiting(writer: writer)
        let options = runner.currentOptions
        #expect(options.count == 3)
        #expect(options[0].line.text == "Leave")
        #expect(options[1].line.tags.first == "generated")
        #expect(options[1].line.tags.contains("route:passage"))
        #expect(options[1].line.tags.contains("sets:$plan"))
        #expect(options.dropFirst().allSatisfy { $0.isAvailable })
        #expect(writer.lastRequest?.authored == ["Leave"])
        #expect(writer.lastRequest?.call.instruction == "what the player might do in the tavern")
        #expect(writer.lastRequest?.call.key.hasPrefix("Start@") == true)
    }

    @Test("a chosen generated option shows its passage, sets only the listed variables, then goes on")
    func passage() throws {
        let runner = try waiting()
        let option = runner.currentOptions[1]
        try runner.selectOption(1)
        let shown = try lines(runner)
        #expect(shown.count == 3)
        #expect(shown[0].hasPrefix("You \(option.line.text.lowercased())"))
        #expect(shown[1] == "Nobody minds.")
        #expect(shown[2] == "The night goes on.")
        #expect(runner.value(of: "$plan") == .string(option.line.text))
        #expect(runner.value(of: "$bold") == .bool(true))
        #expect(runner.value(of: "$tries") == .number(1))
        #expect(runner.value(of: "$untouched") == .string("kept"))
    }

    @Test("the same seed offers the same options; the cache answers a replay without the writer")
    func replays() throws {
        let first = try waiting(seed: 9)
        let second = try waiting(seed: 9)
        #expect(first.currentOptions == second.currentOptions)
        let writer = SeededOptionWriter()
        writer.options = ["Something else entirely", "Another thing", "A third"]
        let state = first.saveState()
        let loaded = StoryRunner(story: first.story, seed: Seed(9))
        loaded.optionWriter = writer
        try loaded.load(state)
        #expect(loaded.currentOptions == first.currentOptions)
        try loaded.selectOption(2)
        try first.selectOption(2)
        #expect(try lines(loaded) == (try lines(first)))
        #expect(writer.optionCalls == 0)
    }

    @Test("a save between the choice and its passage shows the same passage after loading")
    func saveMidPassage() throws {
        let runner = try waiting()
        try runner.selectOption(2)
        guard case .line(let firstLine) = try runner.continue() else {
            Issue.record("expected the passage")
            return
        }
        let state = try StoryState.decode(try runner.saveState().encoded())
        let rest = try lines(runner)
        let loaded = StoryRunner(story: runner.story, seed: Seed(5))
        try loaded.load(state)
        #expect(try lines(loaded) == rest)
        #expect(firstLine.tags == ["generated"])
    }

    @Test("an about route jumps to the node whose about: tag is most similar")
    func about() throws {
        let source = Self.tavern.replacingOccurrences(of: "2 passage $plan $bold $tries", with: "2 about")
        let writer = SeededOptionWriter()
        writer.options = ["Play dice with the sailors", "Ask for a bed for the night"]
        let runner = try waiting(source, writer: writer, seed: 3)
        let options = runner.currentOptions.dropFirst()
        let routes = options.compactMap { $0.line.tags.first { $0.hasPrefix("route:about:") } }
        #expect(routes.count == 2)
        let dice = try #require(options.first { $0.line.text.contains("dice") })
        #expect(dice.line.tags.contains("route:about:Dice"))
        try runner.selectOption(dice.index)
        #expect(try lines(runner) == ["The dice roll."])
        let bed = try #require(options.first { $0.line.text.contains("bed") })
        #expect(bed.line.tags.contains("route:about:Sleep"))
    }

    @Test("without an option writer the call adds nothing and the story plays on")
    func noWriter() throws {
        let runner = StoryRunner(story: try StoryTesting.compile(Self.tavern), seed: Seed(1))
        try runner.setNode("Start")
        while true {
            if case .options(let options) = try runner.continue() {
                #expect(options.map(\.line.text) == ["Leave"])
                return
            }
        }
    }

    @Test(
        "bad calls are errors naming the node and what was expected",
        arguments: [
            ("<<generate_options \"x\" 0>>", "the count must be 1...8, not '0'"),
            ("<<generate_options \"x\" many>>", "the count must be 1...8, not 'many'"),
            ("<<generate_options \"x\" 2 sideways>>", "unknown route 'sideways'; expected passage or about"),
            ("<<generate_options \"x\" 2 passage $nothing>>", "the story declares no variable '$nothing'"),
            ("<<generate_options \"x\" 2 passage plan>>", "'plan' is not a variable"),
            ("<<generate_options>>", "expected <<generate_options \"what the options are about\" COUNT"),
        ])
    func badCalls(command: String, message: String) throws {
        let source = """
            title: Start
            ---
            \(command)
            -> Leave
            ===
            """
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
        runner.optionWriter = SeededOptionWriter()
        try runner.setNode("Start")
        do {
            while true { if case .options = try runner.continue() { break } }
            Issue.record("expected an error for \(command)")
        } catch let error as LoomError {
            #expect(error.message.contains("in node 'Start'"), "\(error)")
            #expect(error.location == SourceLocation(file: "test.yarn", line: 3), "the line of the call")
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
