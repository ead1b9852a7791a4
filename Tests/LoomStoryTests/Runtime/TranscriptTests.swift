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
