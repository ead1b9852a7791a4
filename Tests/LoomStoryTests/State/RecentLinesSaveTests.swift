import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// The recent lines `most_similar` saliency reads are part of a save (format version 2), so a
/// loaded game picks the same storylets as one played without stopping.
@Suite("Recent lines in saves")
struct RecentLinesSaveTests {
    static let source = """
        title: Start
        ---
        Keeper: The storm rolls in from the sea and the lamp must burn.
        -> Go on
        <<jump Scene>>
        ===
        title: Scene
        when: always
        tags: about:market,bread
        ---
        The market smells of bread.
        ===
        title: Scene
        when: always
        tags: about:lamp,storm
        ---
        You tend the lamp through the storm.
        ===
        """

    /// A runner of the story waiting at its option, with most_similar saliency.
    func waitingRunner() throws -> StoryRunner {
        let runner = StoryRunner(story: try StoryTesting.compile(Self.source), seed: Seed(1))
        runner.textEmbedder = WordBagEmbedder()
        runner.saliencyStrategy = .mostSimilar
        try runner.setNode("Start")
        while true {
            if case .options = try runner.continue() { return runner }
        }
    }

    /// Chooses the option and returns the storylet line shown next.
    func sceneLine(_ runner: StoryRunner) throws -> String? {
        try runner.selectOption(0)
        while true {
            let event = try runner.continue()
            if case .line(let line) = event, line.characterName == nil { return line.text }
            if event == .end { return nil }
        }
    }

    @Test("a save restores the recent lines, and the loaded game picks the same storylet")
    func roundTrip() throws {
        let played = try waitingRunner()
        let state = played.saveState()
        #expect(state.recentLines == ["The storm rolls in from the sea and the lamp must burn."])
        #expect(try sceneLine(played) == "You tend the lamp through the storm.")

        for bytes in [try state.encoded(), try state.jsonEncoded()] {
            let decoded = try StoryState.decode(bytes)
            #expect(decoded == state)
            let loaded = StoryRunner(story: played.story, seed: Seed(99))
            loaded.textEmbedder = WordBagEmbedder()
            try loaded.load(decoded)
            #expect(loaded.recentLines == state.recentLines)
            #expect(try sceneLine(loaded) == "You tend the lamp through the storm.")
        }
    }

    @Test("without the recent lines the other storylet comes first, so the save is what matters")
    func recentLinesDecide() throws {
        var state = try waitingRunner().saveState()
        state.recentLines = []
        let loaded = StoryRunner(story: try StoryTesting.compile(Self.source), seed: Seed(1))
        loaded.textEmbedder = WordBagEmbedder()
        try loaded.load(state)
        #expect(try sceneLine(loaded) == "The market smells of bread.")
    }

    @Test("version 1 saves, binary and JSON, still load, with no recent lines")
    func versionOneLoads() throws {
        var state = try waitingRunner().saveState()
        state.version = 1
        let binary = try StoryState.decode(try state.encoded())
        #expect(binary.version == StoryState.formatVersion, "an older save is migrated as it loads")
        #expect(binary.recentLines.isEmpty)
        #expect(binary.options == state.options)
        var json = String(decoding: try state.jsonEncoded(), as: UTF8.self)
        let key = json.range(of: #""recentLines":["#)!
        let end = json[key.upperBound...].firstIndex(of: "]")!
        json.removeSubrange(key.lowerBound...json.index(after: end))
        #expect(!json.contains("recentLines"))
        let fromJSON = try StoryState.decode(Array(json.utf8))
        #expect(fromJSON.recentLines.isEmpty)
        #expect(fromJSON.frames == state.frames)
        let loaded = StoryRunner(story: try StoryTesting.compile(Self.source), seed: Seed(1))
        try loaded.load(fromJSON)
        #expect(loaded.recentLines.isEmpty)
    }

    @Test("loading keeps at most recentLineLimit lines, the newest")
    func limit() throws {
        var state = try waitingRunner().saveState()
        state.recentLines = ["one", "two", "three", "four", "five"]
        let loaded = StoryRunner(story: try StoryTesting.compile(Self.source), seed: Seed(1))
        loaded.recentLineLimit = 2
        try loaded.load(state)
        #expect(loaded.recentLines == ["four", "five"])
    }
}
