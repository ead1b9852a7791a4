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
        #expect(config.dim == 128 && config.layerCount == 4 && config.headCount == 4 && config.kvHeadCount == 4)
        #expect(config.hiddenDim == 352 && config.sequenceLength == 128 && config.vocabularySize == 512)
        #expect(config.sharedClassifier)
        let tokenizer = try file.tokenizer()
        #expect(tokenizer.vocabularySize == 512 && tokenizer.bos == 1 && tokenizer.eos == 2)
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
            ("The tide", "are point, the morning, why streets are broken and look."),
            (
                "The harbour",
                "master is a families, a ship time, and the mainland has grow a tune carved on the end of the Lady "
                    + "of Thornwick bell and lost to l"
            ),
            (
                "The door",
"is carved with a long stories."
            ),
        ])
    func pinnedGeneration(prompt: String, expected: String) throws {
        let file = try GGUFFile.load(from: Self.path)
        let generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.tokenizer())
        let request = TextRequest(prompt: prompt, seed: Seed(1), maxTokens: 60, temperature: 0.8, topK: 40)
        let text = try generator.generate(request).text
        #expect(text == expected, "generated \(text.debugDescription)")
    }
}
