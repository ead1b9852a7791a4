import Foundation
import Testing

/// The small things a new user trips on: suggestions, negative and hex seeds, honest usage and
/// help, clear errors, and `--json` for scripts.
@Suite struct CLIPolishTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let harbour = "\(root)/Tests/LoomStoryTests/Fixtures/Harbour.yarn"

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("loom-polish-\(getpid())-\(name)").path
    }

    @Test func aMistypedKindIsAnsweredWithTheNearestKind() throws {
        let result = try LoomProcess.run(["generate", "terain", "--out", temporary("t.png")])
        #expect(result.status == 1)
        #expect(
            result.error == "error: unknown kind 'terain'; did you mean 'terrain'? (loom generate terrain --help)\n")
        let far = try LoomProcess.run(["generate", "xyzzy", "--out", temporary("t.png")])
        #expect(far.status == 1)
        #expect(far.error.hasPrefix("error: 'xyzzy' is neither a kind (terrain, caves, dungeon, maze, "))
    }

    @Test func negativeAndHexSeedsAreTheirBits() throws {
        let negative = try LoomProcess.run([
            "generate", "caves", "--seed", "-5", "--size", "20x10", "--out", temporary("n.txt"),
        ])
        #expect(negative.status == 0, "\(negative.error)")
        #expect(negative.output == "wrote caves 20x10 (seed 18446744073709551611) to \(temporary("n.txt"))\n")
        let hex = try LoomProcess.run([
            "generate", "caves", "--seed", "0x2a", "--size", "20x10", "--out", temporary("h.txt"),
        ])
        let decimal = try LoomProcess.run([
            "generate", "caves", "--seed", "42", "--size", "20x10", "--out", temporary("d.txt"),
        ])
        #expect(hex.status == 0 && decimal.status == 0)
        #expect(hex.output.contains("(seed 42)"))
        #expect(
            try String(contentsOfFile: temporary("h.txt"), encoding: .utf8)
                == String(contentsOfFile: temporary("d.txt"), encoding: .utf8))
        for name in ["n.txt", "h.txt", "d.txt"] { try? FileManager.default.removeItem(atPath: temporary(name)) }
        // play takes the same seeds.
        let play = try LoomProcess.run(["play", Self.harbour, "--seed", "-3", "--choices", "4"])
        #expect(play.status == 0, "\(play.error)")
    }

    /// `--seed` (and a noise `--set seed=…`) is read by `Seed(parsing:)` in every command.
    @Test func everyCommandReadsSeedsOneWay() throws {
        let names = "\(Self.root)/Worlds/isles/names/islander.txt"
        let hexNames = try LoomProcess.run(["generate", "names", "--names", names, "--count", "3", "--seed", "0x2a"])
        let decimalNames = try LoomProcess.run(["generate", "names", "--names", names, "--count", "3", "--seed", "42"])
        #expect(hexNames.status == 0 && !hexNames.output.isEmpty, "\(hexNames.error)")
        #expect(hexNames.output == decimalNames.output)
        // The noise images of one seed given four ways are the same bytes.
        var images: [Data] = []
        for (index, seed) in [["--seed", "0x2a"], ["--seed", "42"], ["--set", "seed=0x2a"], ["--set", "seed=42"]]
            .enumerated()
        {
            let out = temporary("n\(index).png")
            let result = try LoomProcess.run(["noise", "--size", "16x16", "--out", out] + seed)
            #expect(result.status == 0, "\(seed): \(result.error)")
            images.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            try? FileManager.default.removeItem(atPath: out)
        }
        #expect(Set(images).count == 1)
        let other = try LoomProcess.run(["noise", "--size", "16x16", "--out", temporary("o.png"), "--seed", "43"])
        #expect(other.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: temporary("o.png"))) != images[0])
        try? FileManager.default.removeItem(atPath: temporary("o.png"))
    }

    /// Every command reports a library error one way: the diagnostic on standard error
    /// (located when it has a place), status 1.
    @Test func libraryErrorsAreDiagnosticsWithStatusOne() throws {
        let image = try LoomProcess.run(["generate", "wfc", "--sample", "nope.png", "--out", temporary("w.png")])
        #expect(image.status == 1)
        #expect(image.error == "nope.png: error: cannot read the image (missing or unreadable)\n")
        let parameter = try LoomProcess.run(["generate", "caves", "--set", "fill=2", "--out", temporary("c.png")])
        #expect(parameter.status == 1)
        #expect(parameter.error.hasPrefix("error: unknown parameter 'fill'; expected one of: connection, "))
        let noise = try LoomProcess.run(["noise", "--set", "frequency=-1", "--out", temporary("n.png")])
        #expect(noise.status == 1)
        #expect(noise.error.hasPrefix("error: bad noise settings: 'frequency'"))
    }

    @Test func helpAndUsageSayWhatIsRequired() throws {
        let help = try LoomProcess.run(["generate", "caves", "--help"])
        #expect(!help.output.contains("Default: 0. (default: 0)"))
        #expect(help.output.contains("loom generate caves --out <out> [--seed <seed>]"))
        let world = try LoomProcess.run(["generate", "world", "--help"])
        #expect(world.output.contains("loom generate [world] <world> --out <out>"))
    }

    @Test func badChoicesAreAClearError() throws {
        let result = try LoomProcess.run(["play", Self.harbour, "--choices", "1,a"])
        #expect(result.status == 1)
        #expect(
            result.error
                == "error: --choices '1,a': 'a' is not an option number; expected numbers from 1, such as 1,2,1\n")
    }

    @Test func anUnknownStartNodeListsTheNodes() throws {
        let result = try LoomProcess.run(["play", Self.harbour, "--start", "Nope"])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: the story has no node 'Nope'; its nodes: "))
        #expect(result.error.contains("Start"))
    }

    @Test func aBadOutputFolderNamesOnlyTheOutput() throws {
        let result = try LoomProcess.run(["generate", "caves", "--out", "/no/such/folder/x.png"])
        #expect(result.status == 1)
        #expect(result.error.contains("/no/such/folder/x.png"))
        #expect(!result.error.contains(".tmp-"))
    }

    @Test func checkJSON() throws {
        let ok = try LoomProcess.run(["check", "--json", Self.harbour])
        #expect(ok.status == 0)
        #expect(ok.output == "{\"diagnostics\":[],\"lines\":18,\"nodes\":4,\"ok\":true}\n")
        let file = temporary("bad.yarn")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "title: Start\n---\n<<set $a = >>\n===\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try LoomProcess.run(["check", "--json", file])
        #expect(bad.status == 1)
        #expect(bad.error == "")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(bad.output.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == file)
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 12)
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "expected an expression")
    }

    @Test func playJSONIsOneEventPerLine() throws {
        let result = try LoomProcess.run(["play", "--json", Self.harbour, "--choices", "4", "--seed", "3"])
        #expect(result.status == 0, "\(result.error)")
        let events = try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.first?["event"] as? String == "line")
        let options = try #require(events.first { $0["event"] as? String == "options" })
        let listed = try #require(options["options"] as? [[String: Any]])
        #expect(listed.count == 4)
        #expect(listed[2]["available"] as? Bool == false)
        #expect(events.contains { $0["event"] as? String == "choice" && $0["number"] as? Int == 4 })
        #expect(events.last?["event"] as? String == "end")
    }

    @Test func generateJSONSaysWhatWasWritten() throws {
        let out = temporary("j.txt")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try LoomProcess.run(["generate", "maze", "--json", "--seed", "7", "--size", "21x11", "--out", out])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "maze")
        #expect(object["file"] as? String == out)
        #expect(object["width"] as? Int == 21)
        #expect(object["seed"] as? String == "7")
        #expect((object["hash"] as? String)?.isEmpty == false)
    }

    /// A world's Tiled map names the world, its seed and its maker.
    @Test func worldTiledMapsCarryTheWorld() throws {
        let out = temporary("crypt.tmj")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try LoomProcess.run(["generate", "Worlds/crypt", "--seed", "12", "--out", out], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let properties = try #require(object["properties"] as? [[String: Any]])
        let pairs = properties.map { "\($0["name"] as? String ?? "")=\($0["value"] as? String ?? "")" }
        #expect(pairs == ["generator=world", "seed=12", "world=crypt"])
    }
}
