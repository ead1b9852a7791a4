import Foundation
import Loom
import LoomPreview
import Testing

/// The code of the article "Embedding a world in a game" (Loom's DocC catalog), run: each
/// region between `// snippet EmbeddingAWorld.md` and `// end snippet` below is a code block of
/// the article, verbatim (`DocSnippetCoverageTests` checks that every block is one).
@Suite struct EmbeddingArticleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let article = root.appendingPathComponent("Sources/Loom/Documentation.docc/EmbeddingAWorld.md")

    @Test func theArticlesCodeRuns() throws {
        let worldFolder = try Self.copyWithoutModel("isles")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-article-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let savePath = folder.appendingPathComponent("slot1.json").path
        let screenshotPath = folder.appendingPathComponent("isles.png").path

        // snippet EmbeddingAWorld.md
        let world = try World.load(from: worldFolder)
        let generated = try world.generate(seed: Seed(7))
        let session = try world.play(generated)
        try session.start()
        for option in session.options { print("\(option.index + 1). \(option.text)") }
        try session.choose(0)
        try session.enter(.place("capital"))
        print(session.transcript.joined(separator: "\n"))
        // end snippet
        #expect(session.transcript.contains("> 1. Set sail for Stead"))
        #expect(
            session.transcript.contains("Stead is loud with gulls and traders. Every road of the isles starts here."))

        // snippet EmbeddingAWorld.md
        try session.save().write(to: savePath)
        // end snippet

        // snippet EmbeddingAWorld.md
        let save = try WorldSave.read(from: savePath)
        let resumed = try world.resume(save)
        print(resumed.currentNode ?? "no node", resumed.options.map(\.text))
        // end snippet
        #expect(resumed.transcript == session.transcript)
        #expect(resumed.currentNode == session.currentNode)
        #expect(resumed.player == WorldPlayer(position: session.player.position, steps: 1))

        // snippet EmbeddingAWorld.md
        let run = try world.previewHeadless(frames: 3, screenshot: screenshotPath)
        print(run.session?.transcript.first ?? "")
        // end snippet
        #expect(run.session?.transcript.first == session.transcript.first)
        #expect(FileManager.default.fileExists(atPath: screenshotPath))
    }

    /// The article's `Task.detached` line, from a `@MainActor` context under Swift 6's strict
    /// concurrency checking.
    @MainActor
    @Test func theArticleGeneratesOffTheMainActor() async throws {
        let world = try World.load(from: try Self.copyWithoutModel("crypt"))
        // snippet EmbeddingAWorld.md
        let next = try await Task.detached { try world.generate(seed: Seed(12)) }.value
        // end snippet
        #expect(next.map == (try world.generate(seed: Seed(12))).map)
    }

    /// A copy of a shipped world whose text model is absent: the article's world as a player
    /// without the model plays it, quickly.
    static func copyWithoutModel(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            atPath: root.appendingPathComponent("Worlds/\(name)").path, toPath: folder.path)
        let script = folder.appendingPathComponent("world.lua").path
        let source = try AtomicFile.readText(script)
        try AtomicFile.write(
            source.replacingOccurrences(of: "SmolLM2-135M-Instruct.Q4_1.gguf", with: "absent-model.gguf"), to: script)
        return folder.path
    }
}
