import Foundation
import Testing

@Suite("loom generate text with transformers")
struct TransformerCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoomTextTests/Fixtures/Transformer").path

    @Test("a llama2.c checkpoint with its tokenizer generates the same text for the same seed")
    func llama2c() throws {
        let arguments = [
            "generate", "text", "--model", "\(Self.fixtures)/tiny-gqa.bin", "--tokenizer",
            "\(Self.fixtures)/tiny-tokenizer.bin", "--prompt", "the cat", "--tokens", "12", "--seed", "5",
            "--top-p", "0.9", "--continue-sentences",
        ]
        let first = try LoomProcess.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.hasPrefix("the cat"))
        #expect(try LoomProcess.run(arguments).output == first.output)
        let threaded = try LoomProcess.run(arguments + ["--threads", "2"])
        #expect(threaded.output == first.output)
    }

    @Test("temperature 0 is greedy for transformers and rejected for n-gram models")
    func greedy() throws {
        let base = [
            "generate", "text", "--model", "\(Self.fixtures)/tiny-shared.bin", "--tokenizer",
            "\(Self.fixtures)/tiny-tokenizer.bin", "--prompt", "and", "--tokens", "8", "--temperature", "0",
        ]
        let a = try LoomProcess.run(base + ["--seed", "1"])
        let b = try LoomProcess.run(base + ["--seed", "2"])
        #expect(a.status == 0, "\(a.error)")
        #expect(a.output == b.output)
    }

    @Test("a checkpoint without a tokenizer and an unknown file give clear errors")
    func errors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-tf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = folder.appendingPathComponent("model.bin").path
        try FileManager.default.copyItem(atPath: "\(Self.fixtures)/tiny-gqa.bin", toPath: model)
        let missing = try LoomProcess.run(["generate", "text", "--model", model])
        #expect(missing.status != 0)
        #expect(missing.error.contains("is a llama2.c checkpoint; give its tokenizer with --tokenizer FILE"))
        // tokenizer.bin beside the model is found without --tokenizer.
        try FileManager.default.copyItem(
            atPath: "\(Self.fixtures)/tiny-tokenizer.bin", toPath: folder.appendingPathComponent("tokenizer.bin").path)
        #expect(try LoomProcess.run(["generate", "text", "--model", model, "--tokens", "4"]).status == 0)
        let unknown = try LoomProcess.run(["generate", "text", "--model", "\(Self.fixtures)/tiny-tokenizer.bin"])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("not an n-gram model, GGUF file or llama2.c checkpoint"))
    }

    @Test("loom bench text --transformer FILE reports tokens per second")
    func bench() throws {
        let result = try LoomProcess.run([
            "bench", "text", "--transformer", "\(Self.fixtures)/tiny-gqa.bin", "--tokenizer",
            "\(Self.fixtures)/tiny-tokenizer.bin", "--seconds", "0.01", "--json",
        ])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        // The tokenizer, the model on 1 thread and on all cores, then the peak resident memory.
        #expect(lines.count == 4)
        #expect(lines.filter { $0.contains("tokens") }.count == 2)
        #expect(lines.last?.contains("\"name\":\"peak resident memory\"") == true)
    }
}
