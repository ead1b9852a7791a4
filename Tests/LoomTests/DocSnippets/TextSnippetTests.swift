import Foundation
import Loom
import Testing

/// The ```swift blocks of LoomText's model articles, verbatim between their markers: the
/// downloaded models' blocks run when `Scripts/fetch-models` has fetched them (CI has), the
/// llama2.c block on the tiny checkpoint of LoomText's test fixtures.
@Suite(.serialized) struct TextSnippetTests {
    static let models = ModelSearchPath(first: [Repository.path("Models")])
    static let smolLM2 = models.find("SmolLM2-135M-Instruct.Q4_1.gguf")
    static let miniLM = models.find("all-MiniLM-L6-v2")

    @Test(.enabled(if: smolLM2 != nil, "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func realModelChats() throws {
        try SnippetFolder.run {
            // snippet RealModels.md
            let file = try GGUFFile.load(from: try ModelSearchPath().locate("SmolLM2-135M-Instruct.Q4_1.gguf"))
            let generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.textTokenizer())
            let request = TextRequest(
                prompt: "", seed: Seed(1), maxTokens: 64, stop: TextStop(atSentenceEnd: false), temperature: 0)
            let reply = try generator.chat(
                [.system("You are a terse narrator."), .user("Describe the crypt.")],
                template: try ChatTemplate.forModel(file), request: request)
            // end snippet
            #expect((1...64).contains(reply.tokenCount))
            #expect(reply.text.count > 20, "reply: \(reply.text)")
            #expect(!reply.text.contains("<|im_"), "the chat template's markers are not part of the reply")
        }
    }

    @Test(.enabled(if: miniLM != nil, "Models/all-MiniLM-L6-v2 is absent; run Scripts/fetch-models"))
    func sentenceEmbeddingsScore() throws {
        try SnippetFolder.run {
            // snippet SentenceEmbeddings.md
            let embedder = try SentenceEmbedder.load(from: "all-MiniLM-L6-v2")
            let vectors = try embedder.embed(["light the lamp", "I light the lamp and wait"])
            let score = TextEmbedding.cosine(vectors[0], vectors[1])  // about 0.78
            // end snippet
            #expect(vectors.count == 2 && vectors.allSatisfy { $0.count == 384 })
            #expect(abs(score - 0.78) < 0.01, "score \(score)")
        }
    }

    @Test func llama2cCheckpointGenerates() throws {
        let fixtures = Repository.path("Tests/LoomTextTests/Fixtures/Transformer")
        var printed: [String] = []
        func print(_ text: String) { printed.append(text) }
        try SnippetFolder.run {
            // The article's file names, holding the tiny random-weight llama2.c checkpoint and
            // tokenizer of LoomText's fixtures (stories15M.bin itself is 58 MB and not shipped).
            try FileManager.default.copyItem(atPath: fixtures + "/tiny-gqa.bin", toPath: "stories15M.bin")
            try FileManager.default.copyItem(atPath: fixtures + "/tiny-tokenizer.bin", toPath: "tokenizer.bin")
            // snippet RunningTransformers.md
            let generator = try TransformerGenerator(model: "stories15M.bin", tokenizer: "tokenizer.bin")
            var request = TextRequest(prompt: "Once upon a time", seed: Seed(7), maxTokens: 200)
            request.stop = TextStop(atSentenceEnd: false)
            request.temperature = 0.8
            print(try generator.generate(request).text)
            // end snippet
            let again = try generator.generate(request)
            #expect(printed == [again.text], "one seed, one text")
            #expect(again.tokenCount >= 1 && again.tokenCount <= 200)
            request.seed = Seed(8)
            #expect(try generator.generate(request).text != again.text)
        }
    }
}
