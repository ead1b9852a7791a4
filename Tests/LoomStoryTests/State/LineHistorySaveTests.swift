import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// The lines a story's text functions prompt with are a field of the save (format version 3);
/// version 2 saves kept them under two keys of the generated text and are migrated as they load.
@Suite("Line history in saves")
struct LineHistorySaveTests {
    /// The story the version 2 fixtures were saved from, waiting at its option.
    static func story() throws -> Story {
        try StoryTesting.compile("title: Start\n---\nThe room is cold.\n-> Stay\n    You stay.\n===\n")
    }

    /// A fixture written by the version 2 code: 40 lines recorded (as `StoryTextBinding.record`
    /// kept them, under `story-lines` and `story-line-count`), the last 32 kept, and one
    /// generated text.
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: StoryTesting.fixtures.appendingPathComponent("saves/\(name)")))
    }

    static let expected = StoryLineHistory(lines: (8..<40).map { "Warden: line \($0) with a break" }, count: 40)

    @Test("a version 2 save, binary or JSON, loads with its lines moved into the line history")
    func versionTwoSavesMigrate() throws {
        let binary = try Self.fixture("story-lines-v2.bin")
        let json = try Self.fixture("story-lines-v2.json")
        #expect(binary.starts(with: Array("LOOMSTRY".utf8)) && json.first == UInt8(ascii: "{"))
        var states: [StoryState] = []
        for bytes in [binary, json] {
            let state = try StoryState.decode(bytes)
            #expect(state.version == StoryState.formatVersion)
            #expect(state.lineHistory == Self.expected)
            #expect(state.generatedText == ["Start@2#1": "is cold."])
            #expect(state.phase == .waitingForOption)
            states.append(state)
        }
        #expect(states[0] == states[1])

        // The runner takes the history and saves it in the new field, in both forms.
        let runner = StoryRunner(story: try Self.story(), seed: Seed(5))
        try runner.load(states[0])
        #expect(runner.lineHistory == Self.expected)
        let saved = runner.saveState()
        #expect(saved.lineHistory == Self.expected)
        for bytes in [try saved.encoded(), try saved.jsonEncoded()] {
            #expect(try StoryState.decode(bytes) == saved)
        }
        #expect(!String(decoding: try saved.jsonEncoded(), as: UTF8.self).contains("story-lines"))
        // The story plays on from the option it waited at.
        let options = states[0].options
        #expect(options.map(\.line.text) == ["Stay"])
        try runner.selectOption(options[0].index)
        var next: String?
        loop: while true {
            switch try runner.continue() {
            case .line(let line):
                next = line.text
                break loop
            case .end: break loop
            default: continue
            }
        }
        #expect(next == "You stay.")
    }

    @Test("a state built in memory with the old keys is migrated when a runner loads it")
    func inMemoryOldStateMigrates() throws {
        var state = try StoryState.decode(try Self.fixture("story-lines-v2.json"))
        state.version = 2
        state.generatedText["story-lines"] = "one\ntwo"
        state.generatedText["story-line-count"] = "7"
        state.lineHistory = StoryLineHistory()
        let runner = StoryRunner(story: try Self.story(), seed: Seed(5))
        try runner.load(state)
        #expect(runner.lineHistory == StoryLineHistory(lines: ["one", "two"], count: 7))
        #expect(runner.generatedText.keys.allSatisfy { $0.hasPrefix("Start@") })
    }

    @Test func recordingKeepsTheLastLinesAndCountsThemAll() {
        // example Sources/LoomStory/State/StoryLineHistory.swift
        var history = StoryLineHistory()
        history.record("Keeper: The lamp is lit.", keeping: 2)
        history.record("The sea\nrises.", keeping: 2)
        history.record("Go down", keeping: 2)
        // history.lines == ["The sea rises.", "Go down"], history.count == 3
        // end example
        #expect(history == StoryLineHistory(lines: ["The sea rises.", "Go down"], count: 3))
        var none = StoryLineHistory()
        none.record("A line.", keeping: 0)
        #expect(none == StoryLineHistory(lines: [], count: 1))
        var text = ["Start@1": "x", "story-lines": "", "story-line-count": "3"]
        #expect(StoryLineHistory.migrating(from: &text) == StoryLineHistory(lines: [], count: 3))
        #expect(text == ["Start@1": "x"])
        var clean = ["Start@1": "x"]
        #expect(StoryLineHistory.migrating(from: &clean) == nil)
    }

    @Test("a version 3 binary save whose count is below its lines is corrupt")
    func aCountBelowTheLinesIsCorrupt() throws {
        var state = StoryState()
        state.random = [1, 2, 3, 4]
        state.lineHistory = StoryLineHistory(lines: ["a", "b"], count: 2)
        var bytes = try state.encoded()
        #expect(try StoryState.decode(bytes) == state)
        // The count is the last word of the save.
        bytes.replaceSubrange((bytes.count - 8)..., with: [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: LoomError.self) { _ = try StoryState.decode(bytes) }
    }
}
