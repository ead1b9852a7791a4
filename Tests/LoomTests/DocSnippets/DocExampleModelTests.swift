import Foundation
import Loom
import Testing

/// The ```swift examples of LoomText's `///` comments that read a model file, each verbatim
/// between `// example SOURCE-FILE` and `// end example`: the downloaded models' examples run
/// when `Scripts/fetch-models` has fetched them (CI has), the llama2.c ones on the tiny
/// checkpoint of LoomText's test fixtures, copied under the names the examples use.
@Suite(.serialized) struct DocExampleModelTests {
    @Test(
        .enabled(
            if: TextSnippetTests.smolLM2 != nil,
            "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func chatTemplateOfSmolLM2() throws {
        let file = try GGUFFile.load(from: try #require(TextSnippetTests.smolLM2))
        // example Sources/LoomText/Chat/ChatTemplate.swift
        let template = try ChatTemplate.forModel(file)  // .chatml for SmolLM2
        let prompt = template.render([.system("Be brief."), .user("Name a colour.")])
        // "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nName a colour.<|im_end|>\n<|im_start|>assistant\n"
        // end example
        #expect(template == .chatml)
        #expect(
            prompt
                == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nName a colour.<|im_end|>\n<|im_start|>assistant\n"
        )
    }

    @Test(.enabled(if: TextSnippetTests.miniLM != nil, "Models/all-MiniLM-L6-v2 is absent; run Scripts/fetch-models"))
    func sentenceModelExamples() throws {
        try SnippetFolder.run {
            // example Sources/LoomText/Embedding/SentenceEmbedder.swift
            let embedder = try SentenceEmbedder.load(from: "all-MiniLM-L6-v2")
            let score = try embedder.similarity("light the lamp", "I light the lamp and wait")
            // end example
            #expect(score > 0.7 && score < 0.9, "score \(score)")
            // example Sources/LoomText/Embedding/TypoCorrector.swift
            let corrector = TypoCorrector(tokenizer: embedder.tokenizer)
            let corrected = corrector.correct("spek the prayr", context: ["Speak the prayer"])  // "speak the prayer"
            // end example
            #expect(corrected == "speak the prayer")
            // example Sources/LoomText/Embedding/WordPieceTokenizer.swift
            let tokenizer = try WordPieceTokenizer(vocabularyFile: "Models/all-MiniLM-L6-v2/vocab.txt")
            let ids = tokenizer.encode("Light the lamp!")  // [101, 2422, 1996, 10437, 999, 102]
            // end example
            #expect(ids == [101, 2422, 1996, 10437, 999, 102])
        }
    }

    @Test func llama2cCheckpointExamples() throws {
        let fixtures = Repository.path("Tests/LoomTextTests/Fixtures/Transformer")
        try SnippetFolder.run {
            try FileManager.default.copyItem(atPath: fixtures + "/tiny-gqa.bin", toPath: "stories15M.bin")
            try FileManager.default.copyItem(atPath: fixtures + "/tiny-tokenizer.bin", toPath: "tokenizer.bin")
            // example Sources/LoomText/Transformer/Transformer.swift
            let model = try Transformer.load(from: "stories15M.bin")
            var state = TransformerState(model)
            let logits = try state.forward(token: 1, position: 0)
            // end example
            #expect(logits.count == model.config.vocabularySize && logits.allSatisfy(\.isFinite))
            // example Sources/LoomText/Transformer/TransformerGenerator.swift
            let generator = try TransformerGenerator(model: "stories15M.bin", tokenizer: "tokenizer.bin")
            let story = try generator.generate(TextRequest(prompt: "Once upon a time", seed: Seed(1))).text
            // end example
            #expect(try generator.generate(TextRequest(prompt: "Once upon a time", seed: Seed(1))).text == story)
            do {
                // example Sources/LoomText/Transformer/TransformerGenerator+Load.swift
                let loaded = try TransformerGenerator.load(
                    model: "stories15M.bin", tokenizer: nil,
                    wording: TransformerFileWording(model: "--model", tokenizer: "--tokenizer FILE"))
                let story = try loaded.generator.generate(TextRequest(prompt: "Once", seed: Seed(1))).text
                // end example
                #expect(loaded.file == nil)
                #expect(try generator.generate(TextRequest(prompt: "Once", seed: Seed(1))).text == story)
            }
        }
    }
}
