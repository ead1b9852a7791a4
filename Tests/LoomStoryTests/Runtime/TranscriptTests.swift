import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// The example story played with fixed choices, compared with a transcript beside the tests.
@Suite struct TranscriptTests {
    @Test func harbourTranscriptMatchesSnapshot() throws {
        let story = try StoryTesting.fixture("Harbour.yarn")
        let runner = StoryRunner(story: story, seed: Seed(7))
        var lines: [String] = []
        for (play, choices) in [[1], [2], [4]].enumerated() {
            lines.append("--- play \(play + 1), choices \(choices)")
            try runner.setNode("Start")
            lines += try StoryTesting.transcript(runner, choices: choices)
        }
        let text = lines.joined(separator: "\n") + "\n"
        let snapshot = StoryTesting.snapshots.appendingPathComponent("Harbour.transcript")
        guard let expected = try? String(contentsOf: snapshot, encoding: .utf8) else {
            try text.write(to: snapshot, atomically: true, encoding: .utf8)
            Issue.record("recorded \(snapshot.lastPathComponent); inspect it and run again")
            return
        }
        #expect(text == expected)
    }

    /// Fifty plays with seeded random choices and the random saliency strategy, pinned by hash:
    /// any change to the runtime's choices, random stream or text shows up here.
    @Test func seededPlaythroughsArePinned() throws {
        let story = try StoryTesting.fixture("Harbour.yarn")
        let runner = StoryRunner(story: story, seed: Seed(2024))
        runner.saliencyStrategy = .randomBestLeastRecentlySeen
        var choices = Seed(2024).derive("choices").makeRandom()
        var hasher = StableHasher()
        var lineCount = 0
        for _ in 0..<50 {
            try runner.setNode("Start")
            var transcript: [String] = []
            loop: while true {
                switch try runner.continue() {
                case .line(let line): transcript.append(line.text)
                case .command(let command): transcript.append("<<\(command.text)>>")
                case .options(let options):
                    let available = options.filter(\.isAvailable)
                    let choice = available[choices.nextInt(below: available.count)]
                    transcript.append("> \(choice.line.text)")
                    try runner.selectOption(choice.index)
                case .end: break loop
                default: continue
                }
            }
            lineCount += transcript.count
            hasher.combine(bytes: Array(transcript.joined(separator: "\n").utf8))
        }
        #expect(lineCount > 300)
        #expect(hasher.finalize() == 373_155_562_273_931_829)
    }

    @Test func sameSeedSameTranscriptUnderRandomSaliency() throws {
        let story = try StoryTesting.fixture("Harbour.yarn")
        func play(_ seed: UInt64) throws -> [String] {
            let runner = StoryRunner(story: story, seed: Seed(seed))
            runner.saliencyStrategy = .randomBestLeastRecentlySeen
            var all: [String] = []
            for _ in 0..<6 {
                try runner.setNode("Start")
                all += try StoryTesting.transcript(runner, choices: [4])
            }
            return all
        }
        #expect(try play(11) == play(11))
    }
}
