import Foundation
import Loom
import Testing

/// A world whose story needs the sentence model (`similarity()` or `most_similar` saliency)
/// gets it in every session without the host loading it.
@Suite("Worlds load the sentence model their story needs")
struct WorldSentenceModelTests {
    /// A one-node world in a temporary folder: `saliency` in world.lua, `body` as the Start node.
    func world(saliency: String? = nil, body: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loom-sentence-world-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/story", withIntermediateDirectories: true)
        let lua = """
            return {
              name = "sentences", width = 4, height = 4, seed = 1,\(saliency.map { " saliency = \"\($0)\"," } ?? "")
              generate = function(ctx) return loom.map(ctx.width, ctx.height, "floor"), {} end,
            }
            """
        try AtomicFile.write(Data(lua.utf8), to: folder + "/world.lua")
        try AtomicFile.write(Data("title: Start\n---\n\(body)\n===\n".utf8), to: folder + "/story/start.yarn")
        return folder
    }

    @Test(
        "similarity() in a story loads the model into the session, once per world, with no warning",
        .enabled(if: SentenceModel.embedder != nil, SentenceModel.absent))
    func similarityLoadsTheModel() throws {
        let folder = try world(
            body: """
                <<if similarity("light the lamp", "light the old lamp") > 0.8>>
                Close.
                <<else>>
                Far.
                <<endif>>
                """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        #expect(world.storyNeedsSentenceModel)
        #expect(world.warnings.isEmpty)
        #expect(world.textEmbedder == nil)
        let session = try world.play(try world.generate())
        #expect(session.textEmbedder?.identifier.hasPrefix("all-MiniLM-L6-v2") == true)
        try session.start()
        #expect(session.transcript.contains("Close."))
        let again = try world.play(try world.generate())
        #expect(again.textEmbedder?.identifier == session.textEmbedder?.identifier)
        #expect(world.warnings.isEmpty)
    }

    @Test("most_similar saliency needs the model; a story with neither does not")
    func whoNeedsIt() throws {
        let similar = try world(saliency: "most_similar", body: "Hello.")
        let plain = try world(body: "Hello.")
        defer { for folder in [similar, plain] { try? FileManager.default.removeItem(atPath: folder) } }
        #expect(try World.load(from: similar).storyNeedsSentenceModel)
        let world = try World.load(from: plain)
        #expect(!world.storyNeedsSentenceModel)
        #expect(try world.play(try world.generate()).textEmbedder == nil)
    }

    @Test(
        "without the model, loading the world warns once and the session plays on",
        .enabled(if: SentenceModel.embedder == nil, "the sentence model is present here"))
    func absentModelWarnsOnce() throws {
        let folder = try world(saliency: "most_similar", body: "Hello.")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        #expect(world.warnings.count == 1)
        #expect(world.warnings.first?.message.contains("Scripts/fetch-models") == true)
        let session = try world.play(try world.generate())
        try session.start()
        #expect(session.transcript.contains("Hello."))
        #expect(world.warnings.count == 1)
    }
}
