import Foundation
import Loom
import LoomPlayground
import LoomPreview
import Testing

/// A game opens a preview of its world with `World.preview()`; these run it headless
/// (SDL's offscreen driver), as a machine without a display does.
@Suite struct WorldPreviewTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func options() -> PlaygroundOptions {
        var options = PlaygroundOptions()
        options.width = 320
        options.height = 240
        return options
    }

    /// Pressing `1` in the preview chooses the first option, as `session.choose(0)` does.
    @Test func aHeadlessPreviewPlaysTheWorldsStory() throws {
        let world = try World.load(from: Self.root + "/Worlds/crypt", textModel: false)
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("loom-preview-\(getpid()).png").path
        defer { try? FileManager.default.removeItem(atPath: shot) }
        let run = try world.previewHeadless(
            frames: 4, input: try InputScript.parse("2 key 1", name: "input"), screenshot: shot,
            options: Self.options())
        #expect(run.result.session.errorMessage == nil)
        #expect(run.result.session.seed == Seed(3))
        #expect(run.result.image.width == 320 && run.result.image.height == 240)
        let session = try #require(run.session)
        let direct = try world.play(try world.generate())
        try direct.start()
        try direct.choose(0)
        #expect(session.transcript == direct.transcript)
        #expect(session.transcript.contains("> 1. Ask about the vault"))
        #expect(FileManager.default.fileExists(atPath: shot))
    }

    /// The adapter reports the world's name, parameters and files like any content.
    @Test func theAdapterDescribesTheWorld() throws {
        let world = try World.load(from: Self.root + "/Worlds/isles", textModel: false)
        let content = WorldPreviewContent(world: world, size: Size(width: 64, height: 48))
        #expect(content.name == "isles")
        #expect(content.parameters.map(\.name) == ["land", "rivers"])
        #expect(content.watchedFiles.contains { $0.hasSuffix("story/isles.yarn") })
        let map = try content.generate(seed: Seed(7), parameters: PreviewParameterValues())
        #expect(map.width == 64 && map.height == 48)
        #expect(content.currentSession?.hasStarted == true)
    }
}
