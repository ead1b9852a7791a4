import Foundation
import Loom
import LoomPlayground
import LoomPreview
import Testing

/// The playground's story panel plays an ink world as it plays a Yarn one.
@Suite struct InkWorldPreviewTests {
    /// Pressing `1` in the panel takes the ink story's first choice; the panel shows its lines
    /// and choices, and the transcript equals a session's that chose the same.
    @Test func theStoryPanelShowsTheInkLinesAndChoices() throws {
        let world = try World.load(from: WorldPreviewTests.root + "/Tests/LoomTests/Fixtures/hooks-ink")
        let before = try world.previewHeadless(frames: 3, options: WorldPreviewTests.options())
        let panel = try #require(before.content.story)
        #expect(panel.options.map(\.text) == ["Open the gate", "Wait"])
        #expect(panel.lines.first?.hasPrefix("Oda guards ") == true)
        #expect(panel.graph == nil)

        let run = try world.previewHeadless(
            frames: 4, input: try InputScript.parse("2 key 1", name: "input"), options: WorldPreviewTests.options())
        #expect(run.result.session.errorMessage == nil)
        let session = try #require(run.session)
        let direct = try world.play(try world.generate())
        try direct.start()
        try direct.choose(0)
        #expect(session.transcript == direct.transcript)
        #expect(session.transcript.contains("The gate is wide."))
        #expect(run.content.story?.lines.contains("The gate is wide.") == true)
        #expect(run.content.watchedFiles.contains { $0.hasSuffix("story/hooks.ink") })
    }
}
