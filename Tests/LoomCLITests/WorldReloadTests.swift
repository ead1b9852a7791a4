import Foundation
import Loom
import LoomPlayground
import LoomPreview
import Testing

@testable import LoomCLI

/// Hot reload of a whole world in the headless playground: a broken `world.lua` or story file
/// shows the error overlay with its file and line, the last good world stays on screen and
/// playable, and fixing the file clears the overlay.
@Suite struct WorldReloadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A private copy of `Worlds/crypt`, so the test can edit its files.
    func copyOfCrypt() throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loom-reload-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.root + "/Worlds/crypt", toPath: folder)
        return folder
    }

    func options() -> PlaygroundOptions {
        var options = PlaygroundOptions()
        options.width = 320
        options.height = 240
        options.seed = Seed(3)
        return options
    }

    /// Pixels of the overlay's red.
    func reddish(_ image: RGBAImage) -> Int {
        var count = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = image[x, y]
                if p.r > 120 && p.g < 60 && p.b < 60 { count += 1 }
            }
        }
        return count
    }

    /// Replaces the first occurrence of `old` in `file` with `new`.
    func edit(_ file: String, _ old: String, _ new: String) throws {
        let text = try AtomicFile.readText(file)
        let range = try #require(text.range(of: old), "\(file) lacks \(old)")
        try AtomicFile.write(Data(text.replacingCharacters(in: range, with: new).utf8), to: file)
    }

    @Test("a broken world.lua or story shows the overlay with file and line; a fix clears it")
    func brokenFilesShowTheOverlayAndKeepTheWorld() throws {
        let folder = try copyOfCrypt()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = WorldPreviewContent(world: try World.load(from: folder))
        let first = try LoomPlayground.runHeadless(content: content, frames: 3, options: options())
        let session = first.session
        #expect(session.errorMessage == nil)
        #expect(reddish(first.image) == 0)
        let goodMap = try #require(session.map)

        // A syntax error on line 7 of world.lua.
        let script = folder + "/world.lua"
        let original = try AtomicFile.readText(script)
        try edit(script, "  width = 48,", "  width = = 48,")
        let broken = try #require(try session.step([.key(.function(5))], capture: true))
        let message = try #require(session.errorMessage)
        #expect(message == "world.lua:7: error: unexpected symbol near '='")
        #expect(reddish(broken) > 2000)
        // The last good world stays: same map, same seed, the story still plays.
        #expect(session.map?.layers.first?.image.stableHash == goodMap.layers.first?.image.stableHash)
        #expect(session.mapSeed == Seed(3))
        #expect(content.currentSession != nil)

        // Fixed script, broken story: the overlay names the .yarn file and its line.
        try AtomicFile.write(Data(original.utf8), to: script)
        let story = folder + "/story/crypt.yarn"
        let storyText = try AtomicFile.readText(story)
        try AtomicFile.write(Data((storyText + "title: Broken\n---\n<<if>>\n===\n").utf8), to: story)
        _ = try session.step([.key(.function(5))], capture: true)
        let storyMessage = try #require(session.errorMessage)
        let brokenLine = storyText.split(separator: "\n", omittingEmptySubsequences: false).count + 2
        #expect(storyMessage.hasPrefix("story/crypt.yarn:\(brokenLine):5: error: expected an expression\n"))

        // Everything fixed: the overlay goes and the world generates again.
        try AtomicFile.write(Data(storyText.utf8), to: story)
        var fixed = try session.step([.key(.function(5))], capture: true)
        for _ in 0..<200 where session.map == nil || content.currentSession == nil {
            fixed = try session.step(capture: true)
        }
        #expect(session.errorMessage == nil)
        #expect(reddish(try #require(fixed)) == 0)
        #expect(content.currentSession != nil)
    }

    @Test("a world file changed on disk mid-preview reloads without a key")
    func changedFilesReloadByThemselves() throws {
        let folder = try copyOfCrypt()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = WorldPreviewContent(world: try World.load(from: folder))
        let session = try LoomPlayground.runHeadless(content: content, frames: 2, options: options()).session
        #expect(content.watchedFiles.contains { $0.hasSuffix("rooms.lua") })
        let module = folder + "/rooms.lua"
        try AtomicFile.write(Data((try AtomicFile.readText(module) + "\nreturn return\n").utf8), to: module)
        // Make the change visible even on file systems with coarse time stamps.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 10)], ofItemAtPath: module)
        var frame: RGBAImage?
        for _ in 0..<40 where session.errorMessage == nil { frame = try session.step(capture: true) }
        let message = try #require(session.errorMessage)
        #expect(message.hasPrefix("rooms.lua:"), "\(message)")
        #expect(reddish(try #require(frame)) > 2000)
        #expect(session.map != nil)
    }
}
