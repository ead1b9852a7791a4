import CLoomSDL
import Foundation
import Loom
import LoomPlayground
import LoomPreview
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Worlds"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.moveItem(
            atPath: try EmbeddingArticleTests.copyWithoutModel("isles"),
            toPath: folder.appendingPathComponent("Worlds/isles").path)
        // Every test target runs in one process: LoomTests' snippets and LoomInkTests change the
        // current folder too, under the same file lock.
        let lockFile = open(NSTemporaryDirectory() + "loom-current-folder.lock", O_CREAT | O_RDWR, 0o644)
        flock(lockFile, LOCK_EX)
        defer {
            flock(lockFile, LOCK_UN)
            close(lockFile)
        }
        let previous = FileManager.default.currentDirectoryPath
        #expect(FileManager.default.changeCurrentDirectoryPath(folder.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try body()
    }

    /// Runs `body`, which opens a window, while a thread waits for SDL's video to start and
    /// then pushes quit events until `body` has returned.
    static func closingTheWindow(_ body: () throws -> Void) throws {
        let finished = Finished()
        let closer = Thread {
            while loom_SDL_WasInit(SDL_INIT_VIDEO) == 0 && !finished.isSet { Thread.sleep(forTimeInterval: 0.01) }
            // Let the window draw a few frames and start its first generation.
            Thread.sleep(forTimeInterval: 0.2)
            while !finished.isSet {
                var quit = SDL_Event()
                quit.type = SDL_QUIT.rawValue
                loom_SDL_PushEvent(&quit)
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        closer.start()
        defer { finished.set() }
        try body()
    }

    /// A thread-safe one-way switch.
    final class Finished: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
