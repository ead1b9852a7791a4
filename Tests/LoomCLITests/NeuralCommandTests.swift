import Foundation
import Loom
import Testing

@Suite struct NeuralCommandTests {
    /// A folder with two 16×16 striped example PNGs (wall, floor, water).
    static func makeExamples(_ label: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-neural-\(getpid())-\(label)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let colours = [RGBA(0, 0, 0), RGBA(200, 200, 200), RGBA(40, 90, 200)]
        for offset in 0..<2 {
            let grid = Grid<Int>(width: 16, height: 16) { x, y in
                x == 0 || y == 0 || x == 15 || y == 15 ? 0 : ((y + offset) / 2 % 2 == 0 ? 1 : 2)
            }
            try RGBAImage(grid) { colours[$0] }.export(to: folder.appendingPathComponent("stripes\(offset).png").path)
        }
        return folder.path
    }

    /// An output that is one of the inputs is refused before anything is written.
    @Test func anOutputThatIsAnInputIsRefused() throws {
        let folder = try Self.makeExamples("overwrite")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/stripes0.png"))
        let train = try LoomProcess.run(
            ["train", "tiles", "stripes0.png", "stripes1.png", "--epochs", "1", "--out", "./stripes0.png"], in: folder)
        #expect(train.status != 0)
        #expect(
            train.error.contains("the output ./stripes0.png is also an input (stripes0.png); write to another file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/stripes0.png")) == before)
        let markov = try LoomProcess.run(
            ["generate", "markov", "--examples", "stripes1.png", "--out", "stripes1.png"], in: folder)
        #expect(markov.status != 0)
        #expect(markov.error.contains("is also an input"))
        let wfc = try LoomProcess.run(
            ["generate", "wfc", "--sample", "stripes1.png", "--out", "stripes1.png"], in: folder)
        #expect(wfc.status != 0)
        #expect(wfc.error.contains("is also an input"))
    }

    @Test func trainsThenGeneratesWithStatsAndRepair() throws {
        let folder = try Self.makeExamples("generate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let train = try LoomProcess.run(
            [
                "train", "tiles", "stripes0.png", "stripes1.png", "--epochs", "3", "--hidden", "16", "--out",
                "m.safetensors",
            ],
            in: folder)
        #expect(train.status == 0, "\(train.error)")
        #expect(train.error.contains("epoch 3/3"))
        #expect(train.error.contains("positions/s"))
        #expect(FileManager.default.fileExists(atPath: folder + "/m.training.safetensors"))

        let generate = try LoomProcess.run(
            [
                "generate", "neural", "--model", "m.safetensors", "--size", "40x30", "--seed", "4", "--repair",
                "connectivity", "--walkable", "#c8c8c8", "--stats", "--out", "out.png",
            ], in: folder)
        #expect(generate.status == 0, "\(generate.error)")
        #expect(generate.output.contains("total variation"))
        #expect(generate.output.contains("pattern novelty"))
        let image = try RGBAImage.load(from: folder + "/out.png")
        #expect(image.width == 40 && image.height == 30)
        let floor = image.pixels.map { $0 == RGBA(200, 200, 200) }
        #expect(RegionLabels(floor).count == 1)

        let again = try LoomProcess.run(
            [
                "generate", "neural", "--model", "m.safetensors", "--size", "40x30", "--seed", "4", "--repair", "wfc",
                "--out", "b.txt",
            ],
            in: folder)
        #expect(again.status == 0, "\(again.error)")
        let text = try String(contentsOfFile: folder + "/b.txt", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 30)
    }

    @Test func resumeContinuesAndBadInputFailsClearly() throws {
        let folder = try Self.makeExamples("resume")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["train", "tiles", "stripes0.png", "stripes1.png", "--hidden", "8", "--out", "m.safetensors"]
        #expect(try LoomProcess.run(arguments + ["--epochs", "1"], in: folder).status == 0)
        let resumed = try LoomProcess.run(
            arguments + ["--epochs", "2", "--resume", "m.training.safetensors"], in: folder)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.error.contains("epoch 2/2"))
        #expect(!resumed.error.contains("epoch 1/2"))

        let missing = try LoomProcess.run(["train", "tiles", "nope.png", "--out", "x.safetensors"], in: folder)
        #expect(missing.status != 0)
        #expect(missing.error.contains("nope.png"))
        let notModel = try LoomProcess.run(
            ["generate", "neural", "--model", "stripes0.png", "--out", "x.png"], in: folder)
        #expect(notModel.status != 0)
        #expect(notModel.error.contains("stripes0.png"))
    }
}
