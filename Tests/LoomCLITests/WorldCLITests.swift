import Foundation
import Testing

/// `loom generate WORLD`, `loom play WORLD` and `loom preview WORLD --headless`, run as a user would.
@Suite struct WorldCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("loom-world-\(getpid())-\(name)").path
    }

    /// A world starts and chooses as its world.lua says: --start and --saliency are refused, not
    /// silently dropped (they used to play from Start whatever they said).
    @Test func playingAWorldRefusesStartAndSaliency() throws {
        let start = try LoomProcess.run(["play", "Worlds/crypt", "--start", "Nope", "--choices", "1"], in: Self.root)
        #expect(start.status != 0)
        #expect(start.error.contains("--start is not used with a world: its world.lua starts the story"))
        let saliency = try LoomProcess.run(["play", "Worlds/crypt", "--saliency", "nope"], in: Self.root)
        #expect(saliency.status != 0)
        #expect(saliency.error.contains("--saliency is not used with a world"))
    }

    /// The isles' first option hands the story to the map: without --walk, play says how to go on.
    @Test func choicesThatRunOutOfStoryPointAtTheWalk() throws {
        let result = try LoomProcess.run(["play", "Worlds/isles", "--no-text-model", "--choices", "1"], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("> 1. Set sail for Stead\nCaptain: A fair wind will take us there by dusk.\n"))
        #expect(
            result.error.contains(
                "(the story goes on as the player walks the map: add --walk Worlds/isles/walk.txt, or play it in "
                    + "loom preview Worlds/isles)"), "\(result.error)")
        let walked = try LoomProcess.run(
            ["play", "Worlds/isles", "--no-text-model", "--choices", "1", "--walk", "Worlds/isles/walk.txt"],
            in: Self.root)
        #expect(!walked.error.contains("the story goes on"), "\(walked.error)")
    }

    @Test func generateAWorldFolderWritesThePNG() throws {
        let out = temporary("isles.png")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try LoomProcess.run(["generate", "Worlds/isles", "--seed", "5", "--out", out], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("wrote world isles 128x96 (seed 5"))
        let size = try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int
        #expect((size ?? 0) > 0)
    }

    @Test func generateWorldKindTakesASize() throws {
        let out = temporary("crypt.txt")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try LoomProcess.run(
            ["generate", "world", "Worlds/crypt", "--size", "40x30", "--out", out], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 30 && lines.allSatisfy { $0.count == 40 })
    }

    @Test func generateNamesABrokenWorldsFileAndLine() throws {
        let result = try LoomProcess.run(
            ["generate", "Tests/LoomTests/Fixtures/broken-lua", "--out", temporary("x.png")], in: Self.root)
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("world.lua:3:"), "\(result.error)")
    }

    @Test func playAWorldWithChoicesAndAWalk() throws {
        let result = try LoomProcess.run(
            ["play", "Worlds/crypt", "--choices", "1,1", "--walk", "Worlds/crypt/walk.txt", "--no-text-model"],
            in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        // The same playthrough WorldFallbackTests pins in Swift.
        let snapshot = try String(
            contentsOfFile: Self.root + "/Tests/LoomTests/Snapshots/crypt-playthrough-without-model.txt",
            encoding: .utf8)
        #expect(result.output == "# crypt, seed 3\n" + snapshot)
    }

    /// `--json` prints the same playthrough as events: written back as text they give the
    /// pinned transcript, line for line.
    @Test func playAWorldAsJSONLines() throws {
        let save = temporary("json-save.json")
        defer { try? FileManager.default.removeItem(atPath: save) }
        let result = try LoomProcess.run(
            [
                "play", "Worlds/crypt", "--choices", "1,1", "--walk", "Worlds/crypt/walk.txt", "--no-text-model",
                "--json",
            ], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        let events = try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.first?["event"] as? String == "world")
        #expect(events.first?["world"] as? String == "crypt")
        #expect(events.first?["seed"] as? String == "3")
        #expect(events.last?["event"] as? String == "end")
        #expect(events.contains { $0["event"] as? String == "node" && $0["name"] as? String == "Start" })
        var text: [String] = []
        for event in events {
            switch event["event"] as? String {
            case "entered":
                let place = (event["place"] as? String).map { " " + $0 } ?? ""
                text.append("-- (\(event["x"] as? Int ?? -1), \(event["y"] as? Int ?? -1))\(place)")
            case "line": text.append(event["text"] as? String ?? "")
            case "command": text.append("<<\(event["text"] as? String ?? "")>>")
            case "choice": text.append("> \(event["number"] as? Int ?? 0). \(event["text"] as? String ?? "")")
            case "options":
                for option in event["options"] as? [[String: Any]] ?? [] {
                    let unavailable = option["available"] as? Bool == false ? " (unavailable)" : ""
                    text.append("  \(option["number"] as? Int ?? 0). \(option["text"] as? String ?? "")\(unavailable)")
                }
            default: continue
            }
        }
        let snapshot = try String(
            contentsOfFile: Self.root + "/Tests/LoomTests/Snapshots/crypt-playthrough-without-model.txt",
            encoding: .utf8)
        #expect(text.joined(separator: "\n") + "\n" == snapshot)

        // A save says so; a loaded one names it and prints only what follows.
        let saved = try LoomProcess.run(
            ["play", "Worlds/crypt", "--choices", "1", "--no-text-model", "--json", "--save", save], in: Self.root)
        #expect(saved.status == 0, "\(saved.error)")
        #expect(saved.output.hasSuffix("{\"event\":\"saved\",\"file\":\"\(save)\"}\n{\"event\":\"end\"}\n"))
        let loaded = try LoomProcess.run(
            [
                "play", "Worlds/crypt", "--choices", "1", "--walk", "Worlds/crypt/walk.txt", "--no-text-model",
                "--json",
                "--load", save,
            ], in: Self.root)
        #expect(loaded.status == 0, "\(loaded.error)")
        let first = loaded.output.split(separator: "\n").first.map(String.init)
        #expect(first == "{\"continuing\":\"\(save)\",\"event\":\"world\",\"seed\":\"3\",\"world\":\"crypt\"}")
        #expect(!loaded.output.contains("So you have come to the crypt"))
        #expect(loaded.output.contains(#"{"event":"entered","place":"room 1","x":17,"y":6}"#))
    }

    @Test func headlessPreviewWritesAScreenshotAndTheTranscript() throws {
        let shot = temporary("preview.png")
        defer { try? FileManager.default.removeItem(atPath: shot) }
        let result = try LoomProcess.run(
            ["preview", "Worlds/isles", "--headless", "--frames", "5", "--screenshot", shot], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("Captain: The greatest of them is"))
        #expect(result.output.contains("screenshot: \(shot)"))
        let size = try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int
        #expect((size ?? 0) > 1000)
    }

    @Test func reseedingInThePreviewChangesTheImage() throws {
        let input = temporary("reseed.txt")
        try "2 key r\n".write(toFile: input, atomically: true, encoding: .utf8)
        let first = temporary("a.png"), second = temporary("b.png")
        defer { for path in [input, first, second] { try? FileManager.default.removeItem(atPath: path) } }
        let plain = try LoomProcess.run(
            ["preview", "Worlds/isles", "--headless", "--frames", "4", "--screenshot", first], in: Self.root)
        let reseeded = try LoomProcess.run(
            ["preview", "Worlds/isles", "--headless", "--frames", "4", "--input", input, "--screenshot", second],
            in: Self.root)
        #expect(plain.status == 0 && reseeded.status == 0, "\(plain.error)\(reseeded.error)")
        let a = try Data(contentsOf: URL(fileURLWithPath: first)),
            b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(!a.isEmpty && !b.isEmpty)
        #expect(a != b)
    }

    @Test func theDemoWalkAnswersTheStoryAndFoundsATown() throws {
        let shot = temporary("demo.png")
        defer { try? FileManager.default.removeItem(atPath: shot) }
        let result = try LoomProcess.run(
            [
                "preview", "Worlds/isles", "--headless", "--frames", "20", "--input", "Worlds/isles/demo-input.txt",
                "--screenshot", shot,
            ], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("> 1. Set sail for"))
        #expect(result.output.contains("is founded at"))
        #expect(result.output.contains("Every road of the isles starts here."))
    }

    @Test func previewOfABrokenWorldIsALocatedError() throws {
        let result = try LoomProcess.run(
            ["preview", "Tests/LoomTests/Fixtures/broken-yarn", "--headless", "--frames", "2"], in: Self.root)
        #expect(result.status == 1)
        #expect(result.error.contains("story/intro.yarn:3:"), "\(result.error)")
    }
}
