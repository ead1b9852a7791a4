import Foundation
import Loom
import Testing

/// The isles world: its harbour story, transcripts, saves and replays.
@Suite struct StoryTextDemoTests {
    static let choices = [2, 1]

    func isles() throws -> WorldText { try StoryTextTesting.isles.get() }

    @Test func demoTranscriptMatchesSnapshot() throws {
        let text = try isles()
        let runner = StoryTextFunctions(text).makeRunner(
            story: try StoryTextTesting.demoStory(text: text), seed: Seed(7))
        try runner.setNode("Harbour")
        let transcript = try StoryTextTesting.transcript(runner, choices: Self.choices).joined(separator: "\n") + "\n"
        let path = StoryTextTesting.snapshots.appendingPathComponent("harbour-seed7.txt").path
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(transcript, to: path)
            Issue.record("recorded the snapshot \(path); inspect it and run again")
            return
        }
        #expect(transcript == expected)
        #expect(text.banned.firstMatch(in: transcript) == nil)
    }

    @Test func replayGivesTheSameText() throws {
        let text = try isles()
        let story = try StoryTextTesting.demoStory(text: text)
        var transcripts: [[String]] = []
        for _ in 0..<2 {
            // A fresh world load each time: nothing is shared but the files.
            let world = try WorldText.load(from: StoryTextTesting.worldFolder)
            let runner = StoryTextFunctions(world).makeRunner(story: story, seed: Seed(21))
            try runner.setNode("Harbour")
            transcripts.append(try StoryTextTesting.transcript(runner, choices: [1, 2]))
        }
        #expect(transcripts[0] == transcripts[1])
    }

    @Test(arguments: [1, 2]) func saveMidStoryThenLoadGivesTheSameText(stopAt: Int) throws {
        let text = try isles()
        let story = try StoryTextTesting.demoStory(text: text)
        let functions = StoryTextFunctions(text)
        let choices = [3, 2]
        let whole = functions.makeRunner(story: story, seed: Seed(99))
        try whole.setNode("Harbour")
        let expected = try StoryTextTesting.transcript(whole, choices: choices)

        let first = functions.makeRunner(story: story, seed: Seed(99))
        try first.setNode("Harbour")
        let before = try StoryTextTesting.transcript(first, choices: choices, stopAt: stopAt)
        let saved = try StoryState.decode(try first.saveState().encoded())
        #expect(!saved.generatedText.isEmpty)
        #expect(saved.generatedText == first.generatedText)

        // A new process: the world is loaded again and a new runner restores the save.
        let world = try WorldText.load(from: StoryTextTesting.worldFolder)
        let second = StoryTextFunctions(world).makeRunner(story: story, seed: Seed(99))
        try second.load(saved)
        let after = try StoryTextTesting.transcript(second, choices: Array(choices.dropFirst(stopAt - 1)))
        #expect(before + after == expected)
        #expect(second.generatedText == whole.generatedText)
    }

    @Test func savedTextIsShownEvenWithoutTheModel() throws {
        let text = try isles()
        let story = try StoryTextTesting.demoStory(text: text)
        let first = StoryTextFunctions(text).makeRunner(story: story, seed: Seed(4))
        try first.setNode("Harbour")
        let before = try StoryTextTesting.transcript(first, choices: [], stopAt: 1)
        let generated = first.generatedText
        let optionTexts = first.currentOptions.map(\.line.text)
        #expect(optionTexts.count == 3)

        var blank = text
        blank.model = nil
        let second = StoryTextFunctions(blank).makeRunner(story: story, seed: Seed(4))
        try second.load(try StoryState.decode(try first.saveState().encoded()))
        #expect(second.currentOptions.map(\.line.text) == optionTexts)
        let after = try StoryTextTesting.transcript(second, choices: [1])
        // The model-less world answers new calls with the authored fallback.
        #expect(after.contains { $0.hasSuffix("The tide comes twice a day, whatever we want.") })
        for (key, value) in generated { #expect(second.generatedText[key] == value) }
        #expect(!before.isEmpty)
    }
}
