import Foundation
import Testing

@Suite struct TrainTransformerCLITests {
    static let tiny = [
        "--model", "transformer", "--dim", "16", "--layers", "1", "--heads", "2", "--context", "16", "--vocab", "280",
        "--steps", "6", "--batch", "4", "--report-every", "3", "--seed", "5",
    ]

    @Test func trainsAGGUFModelThatGenerates() throws {
        let folder = try TextCLITests.temporaryFolder()
        let model = folder + "/tiny.gguf"
        let corpus = TextCLITests.fixture("prose.txt")
        let train = try LoomProcess.run(
            ["train", "text", corpus, corpus] + Self.tiny + ["--name", "t", "--out", model])
        #expect(train.status == 0, "\(train.error)")
        for line in ["parameters  ", "tokens      ", "loss        train ", "model       \(model)", "time        "] {
            #expect(train.output.contains(line), "missing \(line) in \(train.output)")
        }
        // Not a terminal: one progress line per report, after the shape and token lines.
        let progress = train.error.split(separator: "\n").filter { $0.hasPrefix("step ") }
        #expect(progress.count == 3, "\(train.error)")
        #expect(progress.last?.hasPrefix("step 6/6  loss ") == true)
        #expect(train.error.contains("model       dim 16, 1 layers, 2 heads"))
        let generate = try LoomProcess.run([
            "generate", "text", "--model", model, "--prompt", "The tide", "--seed", "1", "--tokens", "12",
        ])
        #expect(generate.status == 0, "\(generate.error)")
        #expect(generate.output.hasPrefix("The tide"))
        // The same command writes the same bytes (general.name defaults to the file's name).
        let again = folder + "/again.gguf"
        #expect(
            try LoomProcess.run(["train", "text", corpus, corpus] + Self.tiny + ["--name", "t", "--out", again]).status
                == 0)
        #expect(FileManager.default.contents(atPath: model) == FileManager.default.contents(atPath: again))
    }

    @Test func q8Quantisation() throws {
        let folder = try TextCLITests.temporaryFolder()
        let corpus = TextCLITests.fixture("prose.txt")
        let shape = ["--dim", "32", "--heads", "2", "--hidden", "64", "--steps", "2"]
        let f32 = try LoomProcess.run(["train", "text", corpus] + Self.tiny + shape + ["--out", folder + "/a.gguf"])
        let q8 = try LoomProcess.run(
            ["train", "text", corpus] + Self.tiny + shape + ["--quantize", "q8_0", "--out", folder + "/b.gguf"])
        #expect(f32.status == 0 && q8.status == 0, "\(q8.error)")
        #expect(q8.output.contains("(Q8_0)"))
        let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        #expect(size(folder + "/b.gguf") < size(folder + "/a.gguf"))
    }

    @Test func badOptionsAreReported() throws {
        let corpus = TextCLITests.fixture("prose.txt")
        let heads = try LoomProcess.run(
            ["train", "text", corpus] + Self.tiny + ["--heads", "3", "--out", "/tmp/never.gguf"])
        #expect(heads.status != 0)
        #expect(heads.error.contains("heads (3) must divide dim (16)"), "\(heads.error)")
        let ngram = try LoomProcess.run(["train", "text", corpus, "--dim", "16", "--out", "/tmp/never.ngram"])
        #expect(ngram.status != 0)
        #expect(ngram.error.contains("--dim applies to --model transformer only"), "\(ngram.error)")
        let quantize = try LoomProcess.run(
            ["train", "text", corpus] + Self.tiny + ["--quantize", "q4", "--out", "/tmp/never.gguf"])
        #expect(quantize.error.contains("--quantize must be f32, f16 or q8_0"), "\(quantize.error)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.gguf"))
    }
}
