import Foundation
import Testing

/// `loom generate text` with the downloaded SmolLM2, found by name on the model search path.
@Suite struct RealModelCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let present = FileManager.default.fileExists(atPath: root + "/Models/SmolLM2-135M-Instruct.Q4_1.gguf")
    static let model = "SmolLM2-135M-Instruct.Q4_1.gguf"

    /// llama.cpp's greedy continuation of `prompt` from the parity fixture.
    static func greedy(_ prompt: String) throws -> String? {
        struct Case: Decodable {
            var prompt: String
            var text: String
        }
        struct Fixture: Decodable { var cases: [Case] }
        let path = root + "/Tests/LoomTextTests/Fixtures/tokenizer/smollm2-greedy.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(Fixture.self, from: data).cases.first { $0.prompt == prompt }?.text
    }

    @Test(
        "a raw greedy continuation is printed right after the prompt, spaces kept",
        .enabled(if: present, "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func rawContinuation() throws {
        let result = try LoomProcess.run(
            [
                "generate", "text", "--model", Self.model, "--prompt", "Once upon a time,", "--temperature", "0",
                "--max-tokens", "3",
            ], in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        // The first three of llama.cpp's 64 greedy tokens (llama-simple), whose text begins with a
        // space; the fourth is a near-tie the engine's arithmetic decides ("New" or "Nova").
        let expected = try #require(try Self.greedy("Once upon a time,"))
        #expect(expected.hasPrefix(" ") && result.output.hasPrefix("Once upon a time, "))
        #expect(expected.hasPrefix(String(result.output.dropFirst("Once upon a time,".count).dropLast())))
    }

    @Test(
        "--chat prompts through the model's template and stops at the end of the turn",
        .enabled(if: present, "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func chat() throws {
        let arguments = [
            "generate", "text", "--model", Self.model, "--chat", "--system", "You are a terse narrator.", "--prompt",
            "Describe a crypt in one sentence.", "--temperature", "0", "--max-tokens", "64",
        ]
        let result = try LoomProcess.run(arguments, in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        // llama.cpp's greedy reply to the same ChatML prompt (llama-simple, which stops at <|im_end|>).
        let prompt =
            "<|im_start|>system\nYou are a terse narrator.<|im_end|>\n<|im_start|>user\nDescribe a crypt in one "
            + "sentence.<|im_end|>\n<|im_start|>assistant\n"
        let reply = try #require(try Self.greedy(prompt))
        #expect(result.output == reply.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        let unknown = try LoomProcess.run(arguments + ["--chat-template", "jinja"], in: Self.root)
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("unknown chat template 'jinja'; Loom knows chatml, "))
    }

    @Test("a missing model by name says where Loom looked and how to fetch it")
    func missingModel() throws {
        let result = try LoomProcess.run(
            ["generate", "text", "--model", "NoSuch-1B.gguf", "--prompt", "x"], in: Self.root)
        #expect(result.status == 1)
        #expect(result.error.contains("model 'NoSuch-1B.gguf' not found (looked in: "))
        #expect(result.error.contains("run Scripts/fetch-models"))
    }
}
