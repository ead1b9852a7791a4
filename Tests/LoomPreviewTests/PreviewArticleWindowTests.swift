import CLoomSDL
import Foundation
import Loom
import LoomPlayground
import LoomPreview
import LoomTestSupport
import Testing

/// The window-opening blocks of LoomPreview's article and of "Embedding a world in a game",
/// verbatim between their markers, run on SDL's offscreen driver: a thread closes each window
/// (by pushing the quit event a closed window sends) once SDL's video has started.
@Suite(.serialized) struct PreviewArticleWindowTests {
    @Test func theArticlesPreviewWindowsOpenAndClose() throws {
        LoomPlayground.prepareHeadlessVideo()
        try Self.inFolderWithIsles {
            try Self.closingTheWindow {
                // snippet LoomPreview.md
                let world = try World.load(from: "Worlds/isles")
                try world.preview()
                // end snippet
            }
            let world = try World.load(from: "Worlds/isles")
            try Self.closingTheWindow {
                // snippet EmbeddingAWorld.md
                try world.preview()
                // end snippet
            }
        }
    }

    /// Runs `body` in a new current folder whose `Worlds/isles` is the isles as a player without
    /// the text model has them (a window needs no model), under the current-folder lock.
    static func inFolderWithIsles(_ body: () throws -> Void) throws {
        try CurrentFolder.withTemporaryFolder(
            prefix: "loom-preview",
            prepare: { folder in
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent("Worlds"), withIntermediateDirectories: true)
                try FileManager.default.moveItem(
                    atPath: try EmbeddingArticleTests.copyWithoutModel("isles"),
                    toPath: folder.appendingPathComponent("Worlds/isles").path)
            }, body)
    }

    /// Runs `body`, which opens a window, while a thread waits for SDL's video to start and
    /// then pushes quit events until `body` has returned.
    static func closingTheWindow(_ body: () throws -> Void) throws {
        try WindowCloser.closing(body)
    }
}
