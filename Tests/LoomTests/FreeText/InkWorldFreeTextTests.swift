import Foundation
import Loom
import Testing

/// A sentence model in miniature, for exact transcripts without the downloaded one: one
/// dimension per word of a fixed vocabulary, counting that word in the text.
struct VocabularyEmbedder: TextEmbedder {
    static let vocabulary = ["light", "lamp", "kindle", "wick", "leave", "go", "out", "rain", "ring", "bell", "sleep"]
    let dimension = vocabulary.count
    let identifier = "vocabulary"

    func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            let words = text.lowercased().split { !$0.isLetter }
            return Self.vocabulary.map { word in Float(words.filter { $0 == word }.count) }
        }
    }
}

/// Typed choices in a world whose story is ink: the one matcher Yarn worlds use, hints from
/// the choices' tags.
@Suite("Ink worlds take typed choices")
struct InkWorldFreeTextTests {
    static let story = """
        The storm is coming.
        * [Light the lamp #hint:kindle_the_wick]
            The beam sweeps the sea.
        * [Leave the lighthouse]
            You go out into the rain.
        - The night goes on.
        * [Ring the bell] The bell rings.
        * [Sleep] You sleep.
        - -> END
        """

    /// A session of the keeper world, started, with `embedder` as its sentence model.
    static func session(embedder: (any TextEmbedder)?) throws -> (WorldSession, String) {
        let folder = try InkWorldTests.makeWorld(["world.lua": InkWorldOptionsTests.worldLua, "story/main.ink": story])
        let world = try World.load(from: folder)
        world.textEmbedder = embedder
        let session = try world.play(try world.generate())
        try session.start()
        return (session, folder)
    }

    @Test("typed text chooses as a number does; no match offers the choices again; hints count")
    func transcriptWithTypedChoices() throws {
        let (session, folder) = try Self.session(embedder: VocabularyEmbedder())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let miss = try session.choose(matching: "sing a sea shanty")
        #expect(miss.option == nil && miss.closest?.index == 0 && miss.score == 0)
        let hinted = try session.choose(matching: "I kindle the wick")
        #expect(hinted.option?.index == 0 && hinted.score == 1)  // the hint itself, word for word
        let rung = try session.choose(matching: "ring that bell")
        #expect(rung.option?.line.text == "Ring the bell")
        #expect(session.options.isEmpty)
        let snapshot = try InkWorldTests.snapshot("ink-typed-choices.txt")
        #expect(session.transcript.joined(separator: "\n") + "\n" == snapshot)
        #expect(session.events.contains(.typed(hinted)))
    }

    @Test("without a sentence model typed text is refused with how to get one; numbers still work")
    func withoutModel() throws {
        let (session, folder) = try Self.session(embedder: nil)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(session.textEmbedder == nil)
        let error = #expect(throws: LoomError.self) { try session.choose(matching: "light the lamp") }
        #expect(error?.message.contains("typed choices need a sentence model, and none is loaded") == true)
        #expect(error?.message.contains("Scripts/fetch-models") == true)
        #expect(session.options.map(\.text) == ["Light the lamp", "Leave the lighthouse"])
        try session.choose(1)
        let chosen = try #require(session.transcript.firstIndex(of: "> 2. Leave the lighthouse"))
        #expect(session.transcript[chosen + 1] == "You go out into the rain.")
    }

    @Test(
        "the shipped sentence model reads typed text in an ink world",
        .enabled(if: SentenceModel.embedder != nil, SentenceModel.absent))
    func withModel() throws {
        let (session, folder) = try Self.session(embedder: SentenceModel.embedder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let match = try session.choose(matching: "I want to leave the lighthouse now")
        #expect(match.option?.index == 1)
        let index = try #require(session.transcript.firstIndex(of: "> 2. Leave the lighthouse"))
        #expect(session.transcript[index + 1].hasPrefix("(matched \"I want to leave the lighthouse now\", score 0."))
        #expect(session.transcript[index + 2] == "You go out into the rain.")
    }
}
