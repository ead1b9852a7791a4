import Foundation
import Testing

/// The classic WFC samples, found among the ancestors of the repository (`../shared`).
enum WFCSamples {
    static let folder: String? = {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/samples/wfc").path
            if FileManager.default.fileExists(atPath: candidate + "/samples.xml") { return candidate }
        }
        return nil
    }()
}

@Suite struct GenerateWFCTests {
    let temporary = NSTemporaryDirectory() + "loom-wfc-cli-\(ProcessInfo.processInfo.processIdentifier)"

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func overlappingWritesAPNGAndStats() throws {
        let out = temporary + "/rooms.png"
        let result = try LoomProcess.run([
            "generate", "wfc", "--sample", WFCSamples.folder! + "/Rooms.png", "--periodic", "--size", "20x16",
            "--seed", "4", "--out", out, "--stats",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("wrote wfc 20x16"))
        #expect(result.output.contains("pattern novelty"))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func tiledWritesTextAndRejectsUnknownSubsets() throws {
        let out = temporary + "/knots.txt"
        let tileset = WFCSamples.folder! + "/Knots/data.xml"
        let ok = try LoomProcess.run([
            "generate", "wfc", "--tileset", tileset, "--subset", "Standard", "--size", "10x6", "--out", out,
        ])
        #expect(ok.status == 0, "\(ok.error)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 6)
        let bad = try LoomProcess.run(["generate", "wfc", "--tileset", tileset, "--subset", "Nope", "--out", out])
        #expect(bad.status != 0)
        #expect(bad.error.contains("no subset named 'Nope'"))
    }

    @Test func malformedTilesetReportsLineAndColumn() throws {
        let path = temporary + "/data.xml"
        try "<set>\n<tiles>\n  <tile name=\"a\" symmetry=\"Z\"/>\n</tiles>\n</set>\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try LoomProcess.run(["generate", "wfc", "--tileset", path, "--out", temporary + "/x.png"])
        #expect(result.status != 0)
        #expect(result.error.contains("data.xml:3:"))
        #expect(result.error.contains("expected X, I, \\, L, T or F"))
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func markovLearnsSavesAndReloads() throws {
        let model = temporary + "/platformer.markov.json"
        let first = try LoomProcess.run([
            "generate", "markov", "--examples", WFCSamples.folder! + "/Platformer.png", "--size", "40x12",
            "--walkable", "0", "--save-model", model, "--out", temporary + "/a.txt", "--stats",
        ])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("playable"))
        #expect(first.output.contains("expressive range"))
        let second = try LoomProcess.run([
            "generate", "markov", "--model", model, "--size", "40x12", "--walkable", "0", "--out",
            temporary + "/b.txt",
        ])
        #expect(second.status == 0, "\(second.error)")
        #expect(
            try String(contentsOfFile: temporary + "/a.txt", encoding: .utf8)
                == String(contentsOfFile: temporary + "/b.txt", encoding: .utf8))
    }
}
