import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Save anywhere, load into a fresh runner, and continue identically.
@Suite struct StoryStateTests {
    static let detourStory = """
        title: Start
        ---
        <<declare $gold = 0>>
        Before the detour.
        <<detour Side>>
        Back from the side trip with {$gold} gold.
        -> Again
            <<jump Start>>
        -> Stop
        ===
        title: Side
        ---
        => Side line one.
        => Side line two.
        <<set $gold += dice(6)>>
        In the side node.
        -> Take the left path
            Left.
        -> Take the right path
            Right.
        Leaving the side node.
        ===
        """

    /// Plays `prefix` events, saves, then checks a loaded runner continues exactly as the original.
    func checkRoundTrip(story: Story, stopAfter: (StoryEvent) -> Bool, choices: [Int]) throws {
        let original = StoryRunner(story: story, seed: Seed(99))
        original.saliencyStrategy = .randomBestLeastRecentlySeen
        try original.setNode("Start")
        var stopped = false
        for _ in 0..<200 {
            let event = try original.continue()
            if stopAfter(event) {
                stopped = true
                break
            }
            if case .options = event { try original.selectOption(0) }
        }
        try #require(stopped)
        let bytes = try original.saveState().encoded()
        let restored = StoryRunner(story: story, seed: Seed(12345))
        try restored.load(try StoryState.decode(bytes))
        #expect(try restored.saveState().encoded() == bytes)
        let expected = try StoryTesting.transcript(original, choices: choices)
        let actual = try StoryTesting.transcript(restored, choices: choices)
        #expect(actual == expected)
        #expect(expected.count > 3)
    }

    @Test func roundTripMidOptionSet() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        try checkRoundTrip(
            story: story,
            stopAfter: {
                if case .options(let options) = $0 {
                    options.count == 2 && options[0].line.text.contains("left")
                } else {
                    false
                }
            },
            choices: [2, 1, 2, 2])
    }

    @Test func roundTripMidDetour() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        try checkRoundTrip(
            story: story,
            stopAfter: { if case .line(let line) = $0 { line.text == "In the side node." } else { false } },
            choices: [1, 1, 2, 2, 2])
    }

    @Test func roundTripBetweenNodeEvents() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        try checkRoundTrip(story: story, stopAfter: { $0 == .nodeEnd("Side") }, choices: [1, 2, 2])
    }

    @Test func saveRecordsVariablesVisitsAndSaliency() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        let runner = StoryRunner(story: story, seed: Seed(1))
        try runner.setNode("Start")
        _ = try StoryTesting.transcript(runner, choices: [1, 1, 2, 2])
        let state = runner.saveState()
        #expect(state.visitCounts["Side"] == 2)
        #expect(state.visitCounts["Start"] == 2)
        #expect(state.saliencyViews.values.reduce(0, +) == 2)
        #expect(state.variables["$gold"] != nil)
        #expect(state.version == StoryState.formatVersion)
        #expect(state.phase == .idle)
    }

    @Test func corruptSaveIsAClearError() throws {
        #expect(throws: LoomError.self) { try StoryState.decode(Array("not json".utf8)) }
        do {
            _ = try StoryState.decode(Array(#"{"version": 1, "variables": 7}"#.utf8))
            Issue.record("a corrupt save loaded")
        } catch let error as LoomError {
            #expect(error.message.contains("corrupt"))
        }
    }

    @Test func binaryAndJSONFormsRoundTrip() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        let runner = StoryRunner(story: story, seed: Seed(3))
        try runner.setNode("Start")
        for _ in 0..<6 { _ = try runner.continue() }
        let state = runner.saveState()
        #expect(try StoryState.decode(try state.encoded()) == state)
        #expect(try StoryState.decode(try state.jsonEncoded()) == state)
        let bytes = try state.encoded()
        for cut in [1, 9, bytes.count / 2, bytes.count - 1] {
            #expect(throws: LoomError.self) { try StoryState.decode(Array(bytes.prefix(cut))) }
        }
        var flipped = bytes
        flipped[8] = 0xFF
        #expect(throws: LoomError.self) { try StoryState.decode(flipped) }
    }

    @Test func newerFormatIsRefused() throws {
        var state = StoryState()
        state.version = StoryState.formatVersion + 1
        state.random = [1, 2, 3, 4]
        do {
            _ = try StoryState.decode(try state.encoded())
            Issue.record("a newer save loaded")
        } catch let error as LoomError {
            #expect(error.message.contains("newer"))
        }
    }

    @Test func stateNamingAnotherStorysNodesIsRefused() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        var state = StoryState()
        state.random = [1, 2, 3, 4]
        state.phase = .running
        state.frames = [StoryState.Frame(node: "Elsewhere", offset: 0)]
        let runner = StoryRunner(story: story)
        #expect(throws: LoomError.self) { try runner.load(state) }
    }

    final class CountingGenerator: TextGenerator, @unchecked Sendable {
        var calls = 0
        func makeStream(for request: TextRequest) throws -> any TextTokenStream {
            calls += 1
            return BufferedTokenStream(words: "\(request.prompt) #\(request.seed.rawValue % 1000)")
        }
    }

    @Test func generatedTextIsCachedAndSurvivesSaves() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        let runner = StoryRunner(story: story, seed: Seed(8))
        #expect(throws: LoomError.self) { try runner.generatedText(key: "greeting", prompt: "hello") }
        let generator = CountingGenerator()
        runner.textGenerator = generator
        let first = try runner.generatedText(key: "greeting", prompt: "hello")
        #expect(try runner.generatedText(key: "greeting", prompt: "hello") == first)
        #expect(generator.calls == 1)
        let restored = StoryRunner(story: story, seed: Seed(8))
        try restored.load(try StoryState.decode(try runner.saveState().encoded()))
        #expect(try restored.generatedText(key: "greeting", prompt: "ignored") == first)
        let other = StoryRunner(story: story, seed: Seed(8))
        other.textGenerator = CountingGenerator()
        #expect(try other.generatedText(key: "greeting", prompt: "hello") == first)
    }

    @Test func generatedTextIsSaved() throws {
        let story = try StoryTesting.compile(Self.detourStory)
        let runner = StoryRunner(story: story)
        runner.generatedText["Start.greeting"] = "Well met."
        let restored = StoryRunner(story: story)
        try restored.load(try StoryState.decode(try runner.saveState().encoded()))
        #expect(restored.generatedText == ["Start.greeting": "Well met."])
    }
}
