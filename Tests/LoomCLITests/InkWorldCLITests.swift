import Foundation
import Testing

/// `loom check` and `loom play` on a world whose story is ink (Worlds/lighthouse).
@Suite struct InkWorldCLITests {
    static let root = WorldCLITests.root

    @Test func checkCompilesTheInkStoryWithTheWorldsFunctions() throws {
        let check = try LoomProcess.run(["check", "Worlds/lighthouse"], in: Self.root)
        #expect(check.status == 0, "\(check.error)")
        #expect(check.output == "ok: story/main.ink, 3 knots\n")
        let json = try LoomProcess.run(["check", "Worlds/lighthouse", "--json"], in: Self.root)
        #expect(json.status == 0, "\(json.error)")
        #expect(json.output.contains(#""knots":3"#) && json.output.contains(#""ok":true"#), "\(json.output)")
    }

    /// `loom story graph` draws an ink world's knots and their choices (the lighthouse's knots
    /// are entered by place, so no divert joins them).
    @Test func storyGraphDrawsTheInkWorldsKnots() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("loom-ink-graph-\(getpid()).dot").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let graph = try LoomProcess.run(["story", "graph", "Worlds/lighthouse", "--out", out], in: Self.root)
        #expect(graph.status == 0, "\(graph.error)")
        #expect(graph.output == "wrote \(out): 4 nodes, 0 edges\n")
        let dot = try String(contentsOfFile: out, encoding: .utf8)
        #expect(dot.contains("    \"cove\" [label=\"cove\\n2 choices\"];\n"), "\(dot)")
    }

    /// Saved in one process where the choices run out, continued in another: the pinned
    /// playthrough, as for the Yarn worlds.
    @Test func aSavedPlaythroughContinuesInANewProcess() throws {
        let save = FileManager.default.temporaryDirectory.appendingPathComponent("loom-ink-save-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: save) }
        let walk = ["--walk", "Worlds/lighthouse/walk.txt"]
        let first = try LoomProcess.run(
            ["play", "Worlds/lighthouse", "--choices", "1", "--save", save] + walk, in: Self.root)
        #expect(first.status == 0, "\(first.error)")
        let second = try LoomProcess.run(
            ["play", "Worlds/lighthouse", "--choices", "1,1,1", "--load", save] + walk, in: Self.root)
        #expect(second.status == 0, "\(second.error)")
        #expect(first.output.hasPrefix("# lighthouse, seed 5\n"))
        let snapshot = try String(
            contentsOfFile: Self.root + "/Tests/LoomTests/Snapshots/lighthouse-playthrough.txt", encoding: .utf8)
        func body(_ output: String) -> String { String(output.drop { $0 != "\n" }.dropFirst()) }
        #expect(body(first.output) + body(second.output) == snapshot)
        #expect(!body(second.output).isEmpty)
    }
}
