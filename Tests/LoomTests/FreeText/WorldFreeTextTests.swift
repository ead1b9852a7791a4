import Foundation
import Loom
import Testing

/// Typed choices in a world session, with and without the sentence model.
@Suite("World sessions take typed choices")
struct WorldFreeTextTests {
    func crypt(embedder: (any TextEmbedder)? = nil) throws -> WorldSession {
        // Typed choices among the authored options: the text model (and its options) stays out.
        let world = try World.load(from: Repository.path("Worlds/crypt"), textModel: false)
        world.textEmbedder = embedder
        let session = try world.play(try world.generate(seed: Seed(3)))
        try session.start()
        return session
    }

    @Test("without the model the error says typed choices need it and how to fetch it; numbers still work")
    func withoutModel() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("loom-empty-models-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let error = #expect(throws: LoomError.self) {
            try SentenceEmbedder.loadForFreeText(searchPath: ModelSearchPath(folders: [empty.path]))
        }
        #expect(error?.message.contains("free-text choices need the sentence model all-MiniLM-L6-v2") == true)
        #expect(error?.message.contains("Scripts/fetch-models") == true)
        #expect(error?.message.contains("Option numbers still work") == true)
        let session = try crypt()
        #expect(throws: LoomError.self) { try session.choose(matching: "ask about the vault") }
        try session.choose(0)
        #expect(session.transcript.contains("> 1. Ask about the vault"))
    }

    @Test(
        "typed text chooses in the transcript as a number does, then notes the match",
        .enabled(if: SentenceModel.embedder != nil, SentenceModel.absent))
    func withModel() throws {
        // Sessions start with the world's sentence model.
        let session = try crypt(embedder: SentenceModel.embedder)
        #expect(session.textEmbedder != nil)
        let miss = try session.choose(matching: "sing a sea shanty")
        #expect(miss.option == nil)
        #expect(
            session.transcript.suffix(3) == [
                "(no option matches \"sing a sea shanty\")", "  1. Ask about the vault", "  2. Descend at once",
            ])
        let match = try session.choose(matching: "let's go down into the crypt")
        #expect(match.option?.index == 1)
        let index = try #require(session.transcript.firstIndex(of: "> 2. Descend at once"))
        #expect(session.transcript[index + 1].hasPrefix("(matched \"let's go down into the crypt\", score 0."))
        #expect(session.transcript[index + 2] == "Warden: Then go, and do not wake them.")
    }
}
