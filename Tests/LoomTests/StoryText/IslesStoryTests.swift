import Foundation
import Loom
import Testing

/// The isles world's own story calls its text functions: the harbour scene is reachable from
/// `Start`, its generated text is cached for saves, and no banned word reaches the player.
@Suite struct IslesStoryTests {
    static let folder = StoryTextTesting.worldFolder

    @Test func storyUsesEveryTextFunction() throws {
        let sources = try ["isles.yarn", "harbour.yarn"].map {
            try AtomicFile.readText(Self.folder + "/story/" + $0)
        }.joined(separator: "\n")
        for call in ["generate(", "generate_n(", "grammar(", "name(", "<<set $stranger = name("] {
            #expect(sources.contains(call), "\(call)")
        }
        #expect(
            try String(contentsOfFile: Self.folder + "/corpus.txt", encoding: .utf8)
                .split(whereSeparator: \.isWhitespace).count >= 20_000)
    }

    @Test func harbourIsReachableFromStartAndReplaysTheSame() throws {
        var runs: [[String]] = []
        for _ in 0..<2 {
            let world = try World.load(from: Self.folder)
            let session = try world.play(try world.generate())
            runs.append(try session.play(choices: [3, 2, 1]))
            #expect(session.runner?.generatedText.keys.contains { $0.hasPrefix("Harbour@") } == true)
            #expect(session.runner?.generatedText.keys.contains { $0.hasPrefix("Tavern@") } == true)
        }
        #expect(runs[0] == runs[1])
        let transcript = runs[0].joined(separator: "\n")
        #expect(transcript.contains("Go down to the harbour with"))
        #expect(transcript.contains("Welcome aboard"))
        let text = try StoryTextTesting.isles.get()
        #expect(text.banned.firstMatch(in: transcript) == nil)
    }
}
