import Foundation
import Loom
import Testing

/// `--json` on every `generate` kind and on ink's `play`: one JSON object per result, whose
/// `hash` is the written map's own.
@Suite struct GenerateJSONTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "loom-json-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Runs `loom` with `arguments` and reads its standard output as JSON Lines.
    func objects(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try LoomProcess.run(arguments, in: folder)
        #expect(result.status == 0, "\(result.error)")
        return try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The single object a `generate --json` printed.
    func object(_ arguments: [String]) throws -> [String: Any] {
        let lines = try objects(arguments)
        #expect(lines.count == 1)
        return try #require(lines.first)
    }

    /// The stable hash of a map file written as Loom JSON, in hex.
    func hash(of file: String) throws -> String {
        String(try TileMap.load(from: folder + "/" + file).stableHash, radix: 16)
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func wfcSaysWhatWasWrittenWithTheSolversWork() throws {
        let overlapping = try object([
            "generate", "wfc", "--sample", WFCSamples.folder! + "/Flowers.png", "--size", "24x20", "--seed", "3",
            "--out", "o.json", "--stats", "--json",
        ])
        #expect(overlapping["kind"] as? String == "wfc")
        #expect(overlapping["model"] as? String == "overlapping")
        #expect(overlapping["width"] as? Int == 24)
        #expect(overlapping["height"] as? Int == 20)
        #expect(overlapping["seed"] as? String == "3")
        #expect(overlapping["hash"] as? String == (try hash(of: "o.json")))
        #expect((overlapping["patterns"] as? Int ?? 0) > 1)
        #expect((overlapping["solver"] as? [String: Any])?["attempts"] as? Int ?? 0 >= 1)
        let metrics = try #require(overlapping["metrics"] as? [String: Any])
        #expect(metrics["N"] as? Int == 3)
        #expect((0...1).contains(metrics["novelty"] as? Double ?? -1))

        let tiled = try object([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--size", "12x10", "--seed", "5",
            "--out", "t.json", "--stats", "--json",
        ])
        #expect(tiled["model"] as? String == "tiled")
        #expect(tiled["hash"] as? String == (try hash(of: "t.json")))
        let shares = try #require(tiled["distribution"] as? [String: Double])
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-9)

        let chunks = try object([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--chunks", "2x2",
            "--chunk-origin", "-1,3", "--size", "8x8", "--seed", "5", "--out", "c.json", "--json",
        ])
        #expect(chunks["chunks"] as? String == "2x2")
        #expect(chunks["origin"] as? [Int] == [-1, 3])
        #expect(chunks["chunkSize"] as? String == "8x8")
        #expect(chunks["width"] as? Int == 16)
        #expect(chunks["hash"] as? String == (try hash(of: "c.json")))

        let partial = try object([
            "generate", "wfc", "--sample", WFCSamples.folder! + "/Flowers.png", "--size", "24x20", "--seed", "3",
            "--limit", "10", "--out", "p.png", "--json",
        ])
        #expect(partial["decided"] as? Int ?? 0 >= 10)
        #expect(
            partial["cells"] as? Int == 22 * 18, "the wave of a 3x3 pattern model, not periodic, is 2 cells smaller")
        #expect(partial["hash"] == nil)
    }

    @Test func markovAndNeuralSayWhatWasWritten() throws {
        let maze = try object(["generate", "maze", "--size", "21x15", "--seed", "2", "--out", "maze.png", "--json"])
        #expect(maze["kind"] as? String == "maze")

        let markov = try object([
            "generate", "markov", "--examples", "maze.png", "--size", "30x20", "--seed", "9", "--out", "m.json",
            "--stats", "--json",
        ])
        #expect(markov["kind"] as? String == "markov")
        #expect(markov["width"] as? Int == 30)
        #expect(markov["hash"] as? String == (try hash(of: "m.json")))
        #expect((markov["contextCounts"] as? [Int])?.isEmpty == false)
        #expect(markov["metrics"] is [String: Any])
        #expect(markov["playable"] == nil)

        #expect(
            try LoomProcess.run(
                ["train", "tiles", "maze.png", "--epochs", "1", "--hidden", "8", "--out", "n.safetensors"], in: folder
            ).status == 0)
        let neural = try object([
            "generate", "neural", "--model", "n.safetensors", "--size", "20x12", "--seed", "4", "--out", "n.txt",
            "--json",
        ])
        #expect(neural["kind"] as? String == "neural")
        #expect(neural["height"] as? Int == 12)
        let again = try object([
            "generate", "neural", "--model", "n.safetensors", "--size", "20x12", "--seed", "4", "--out", "n2.png",
            "--json",
        ])
        #expect(again["hash"] as? String == neural["hash"] as? String, "the hash is the tiles', whatever the format")
        let other = try object([
            "generate", "neural", "--model", "n.safetensors", "--size", "20x12", "--seed", "5", "--out", "n3.txt",
            "--json",
        ])
        #expect(other["hash"] as? String != neural["hash"] as? String)
    }

    @Test func namesAndTextPrintTheirResults() throws {
        let list = folder + "/names.txt"
        try Data("Aldra\nBrinmor\nCaddow\nDunleth\nElsworth\nFennick\nGarrow\nHollin\n".utf8)
            .write(to: URL(fileURLWithPath: list))
        let names = try object(["generate", "names", "--names", list, "--count", "4", "--seed", "7", "--json"])
        let plain = try LoomProcess.run(["generate", "names", "--names", list, "--count", "4", "--seed", "7"])
        #expect(names["kind"] as? String == "names")
        #expect(names["seed"] as? String == "7")
        #expect(names["names"] as? [String] == plain.output.split(separator: "\n").map(String.init))

        let grammar = folder + "/g.json"
        try Data(#"{"origin": ["the #colour# heron", "a #colour# reed"], "colour": ["grey", "green", "pale"]}"#.utf8)
            .write(to: URL(fileURLWithPath: grammar))
        let lines = try objects(["generate", "text", "--grammar", grammar, "--count", "3", "--seed", "2", "--json"])
        let plainText = try LoomProcess.run(["generate", "text", "--grammar", grammar, "--count", "3", "--seed", "2"])
        #expect(lines.map { $0["index"] as? Int } == [0, 1, 2])
        #expect(lines.map { $0["text"] as? String ?? "" } == plainText.output.split(separator: "\n").map(String.init))
        #expect(lines.first?["seed"] as? String == "2")
        #expect(Set(lines.compactMap { $0["seed"] as? String }).count == 3)
    }

    @Test func inkPlaysAsJSONLines() throws {
        let story = folder + "/s.ink"
        try Data("Hello. #greeting\n* [Wave] You wave.\n* Leave\n- Bye.\n-> END\n".utf8)
            .write(to: URL(fileURLWithPath: story))
        let events = try objects(["play", "--json", story, "--choices", "1"])
        let kinds = events.map { $0["event"] as? String ?? "" }
        #expect(kinds == ["line", "options", "choice", "line", "line", "end"])
        #expect(events[0]["text"] as? String == "Hello.")
        #expect(events[0]["tags"] as? [String] == ["greeting"])
        let options = try #require(events[1]["options"] as? [[String: Any]])
        #expect(options.map { $0["text"] as? String } == ["Wave", "Leave"])
        #expect(events[3]["text"] as? String == "You wave.")
        #expect(events[4]["text"] as? String == "Bye.")
        #expect(events[3]["tags"] == nil)
        let out = try objects(["ink", "play", "--json", story])
        #expect(out.map { $0["event"] as? String ?? "" } == ["line", "options", "out_of_choices"])
        // A number not offered is an error in JSON (status 1); the transcript ends there quietly.
        let invalid = try LoomProcess.run(["play", "--json", story, "--choices", "3"], in: folder)
        #expect(invalid.status == 1)
        #expect(
            invalid.output.split(separator: "\n").last
                == #"{"event":"error","message":"choice 3 is not an available option"}"#)
        let transcript = try LoomProcess.run(["play", story, "--choices", "3"], in: folder)
        #expect(transcript.status == 0, "\(transcript.error)")
        #expect(transcript.output == "Hello.\n# tags: greeting\n\n1: Wave\n2: Leave\n?> ")
    }
}
