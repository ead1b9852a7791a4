import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The model Loom ships in `Assets/models/`, trained by `loom train text` (see its README).
@Suite("The shipped prose model")
struct ShippedModelTests {
    static let path = TransformerFixtures.repositoryRoot.appendingPathComponent("Assets/models/loom-prose.gguf").path

    @Test("its metadata describes the documented shape and vocabulary")
    func metadata() throws {
        let file = try GGUFFile.load(from: Self.path)
        #expect(file.architecture == "llama")
        #expect(file.metadata["general.name"]?.string == "loom-prose")
        let config = try file.transformer().config
        #expect(config.dim == 160 && config.layerCount == 4 && config.headCount == 5 && config.kvHeadCount == 5)
        #expect(config.hiddenDim == 448 && config.sequenceLength == 128 && config.vocabularySize == 1024)
        #expect(config.sharedClassifier)
        let tokenizer = try file.tokenizer()
        #expect(tokenizer.vocabularySize == 1024 && tokenizer.bos == 1 && tokenizer.eos == 2)
        let text = "The tide comes twice a day to the harbour."
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        let size = try FileManager.default.attributesOfItem(atPath: Self.path)[.size] as? Int ?? 0
        #expect(size < 10 << 20)
    }

    /// The README's samples (seed 1, temperature 0.8, top-k 40, up to 60 tokens, stopping at a
    /// sentence end), without their prompts.
    @Test(
        "a fixed seed generates exactly the pinned text",
        arguments: [
            (
                "The tide",
                "was going in the harbour of the waves and lans, and then he gut through the quays were home."
            ),
            (
                "The harbour",
                // Re-pinned for the half-precision key/value cache, which changed the sampled tokens.
                "master of Harrowby is a tall fine him, with patched brown and grey and grey and white, where the tide "
                    + "goes out to the water in the well."
            ),
            ("The door", "of the chapel were full of the walls."),
        ])
    func pinnedGeneration(prompt: String, expected: String) throws {
        let file = try GGUFFile.load(from: Self.path)
        let generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.tokenizer())
        let request = TextRequest(prompt: prompt, seed: Seed(1), maxTokens: 60, temperature: 0.8, topK: 40)
        let text = try generator.generate(request).text
        #expect(text == expected, "generated \(text.debugDescription)")
    }
}
