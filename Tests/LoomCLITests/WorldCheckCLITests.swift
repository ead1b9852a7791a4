import Foundation
import Testing

/// `loom check WORLD`, `loom check WORLD/story/*.yarn`, `loom story graph WORLD` and
/// `loom story declarations WORLD`, run as a user would.
@Suite struct WorldCheckCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("loom-check-\(getpid())-\(name)").path
    }

    /// The story files of a shipped world, as a shell expands `Worlds/NAME/story/*.yarn`.
    static func storyFiles(_ world: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "\(root)/Worlds/\(world)/story")
            .filter { $0.hasSuffix(".yarn") }.sorted().map { "Worlds/\(world)/story/\($0)" }
    }

    @Test(arguments: ["isles", "crypt"])
    func shippedWorldsCheckClean(world: String) throws {
        let folder = try LoomProcess.run(["check", "Worlds/\(world)"], in: Self.root)
        #expect(folder.status == 0, "\(folder.error)")
        #expect(folder.error == "")
        #expect(folder.output.hasPrefix("ok: "))
        let files = try LoomProcess.run(["check"] + Self.storyFiles(world), in: Self.root)
        #expect(files.status == 0, "\(files.error)")
        #expect(files.output == folder.output)
        // --world names the world explicitly.
        let named = try LoomProcess.run(
            ["check", "--world", "Worlds/\(world)"] + Self.storyFiles(world), in: Self.root)
        #expect(named.status == 0, "\(named.error)")
        #expect(named.output == folder.output)
    }

    @Test func aBrokenWorldStoryGivesLocatedErrors() throws {
        let world = temporary("broken")
        defer { try? FileManager.default.removeItem(atPath: world) }
        try FileManager.default.createDirectory(atPath: world + "/story", withIntermediateDirectories: true)
        try """
        return { name = "tiny", generate = function(ctx) return loom.map(4, 4, "floor") end }
        """.write(toFile: world + "/world.lua", atomically: true, encoding: .utf8)
        try "title: Start\n---\nA line.\nSome {fact(1)} here.\n===\n".write(
            toFile: world + "/story/x.yarn", atomically: true, encoding: .utf8)
        let result = try LoomProcess.run(["check", world])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("story/x.yarn:4:"))
        let files = try LoomProcess.run(["check", world + "/story/x.yarn"])
        #expect(files.status == 1)
        #expect(files.error.hasPrefix("\(world)/story/x.yarn:4:"))
    }

    @Test func storyGraphOfAWorld() throws {
        let out = temporary("isles-graph.json")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let folder = try LoomProcess.run(["story", "graph", "Worlds/isles", "--out", out], in: Self.root)
        #expect(folder.status == 0, "\(folder.error)")
        #expect(folder.output.hasPrefix("wrote \(out): "))
        let files = try LoomProcess.run(
            ["story", "graph"] + Self.storyFiles("isles") + ["--out", out], in: Self.root)
        #expect(files.status == 0, "\(files.error)")
        #expect(files.output == folder.output)
    }

    @Test func declarationsOfIslesAreWrittenAsTheSnapshot() throws {
        let out = temporary("isles.ysls.json")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try LoomProcess.run(["story", "declarations", "Worlds/isles", "--out", out], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "wrote \(out): 7 functions, 2 commands\n")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let snapshot = try String(
            contentsOfFile: "\(Self.root)/Tests/LoomTests/Snapshots/isles.ysls.json", encoding: .utf8)
        #expect(written == snapshot)
        let wrong = try LoomProcess.run(["story", "declarations", "Worlds/isles", "--out", "x.json"], in: Self.root)
        #expect(wrong.status != 0)
        #expect(wrong.error.contains("--out must end in .ysls.json"))
    }
}
