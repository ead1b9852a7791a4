import Foundation
import Loom
import Testing

/// The ```swift examples of LoomText's `///` comments on GGUF files, training, sessions,
/// sampling and chat, each verbatim between `// example SOURCE-FILE` and `// end example`: the
/// training examples train small models on the isles' corpus (and the GGUF examples read what
/// they wrote); the chat examples run when `Scripts/fetch-models` has fetched SmolLM2 (CI has).
@Suite(.serialized) struct DocExampleTransformerTests {
    static let corpus = try? AtomicFile.readText(Repository.path("Worlds/isles/corpus.txt"))

    /// The most likely token.
    static func greedy(_ logits: UnsafeMutableBufferPointer<Float>) -> Int? {
        logits.indices.max { logits[$0] < logits[$1] }
    }

    @Test func trainExportLoadAndSample() throws {
        let corpus = try #require(Self.corpus)
        // example Sources/LoomText/Transformer/Training/TransformerTrainingOptions.swift
        var options = TransformerTrainingOptions()
        options.dim = 32
        options.layers = 2
        options.context = 32
        options.steps = 50  // a first look in seconds; the defaults train a useful model
        let result = try TransformerTrainer(texts: [corpus], options: options).train()
        // end example
        #expect(result.model.config.dim == 32 && result.model.config.layerCount == 2)

        options.steps = 20
        try SnippetFolder.run(files: ["corpus.txt": corpus]) {
            var steps: [Int] = []
            do {
                // example Sources/LoomText/Transformer/Training/TransformerTrainer.swift
                let trainer = try TransformerTrainer(
                    texts: [try String(contentsOfFile: "corpus.txt", encoding: .utf8)], options: options)
                let result = try trainer.train { print($0.step, $0.loss) }
                try result.model.exportGGUF(to: "model.gguf", tokenizer: result.tokenizer, name: "prose")
                // end example
                _ = try trainer.train { steps.append($0.step) }
            }
            #expect(steps.last == 20)

            // example Sources/LoomText/Transformer/GGUFFile.swift
            let file = try GGUFFile.load(from: "model.gguf")
            print(file.metadata["general.architecture"]?.string ?? "?")
            let model = try file.transformer()
            // end example
            #expect(file.metadata["general.architecture"]?.string == "llama")
            #expect(model.config.dim == 32)
            let tokenizer = try file.tokenizer()

            // example Sources/LoomCore/Text/WordConstraint.swift
            var generator = try TransformerGenerator(model: model, tokenizer: tokenizer)
            generator.wordConstraint = WordConstraint(words: ["the", "tide", "turned"])
            // end example
            let text = try generator.generate(TextRequest(prompt: "The", seed: Seed(2), maxTokens: 12)).text
            let words = text.lowercased().split { !$0.isLetter }
            #expect(words.allSatisfy { ["the", "tide", "turned"].contains($0) }, "\(text)")

            let ids = tokenizer.encode("The tide")
            var streamed: [Int] = []
            do {
                let greedy = Self.greedy
                // example Sources/LoomText/Transformer/TransformerSession.swift
                let session = TransformerSession(model)
                let tokens = try session.generate(prompt: ids, maxTokens: 32) { logits, _ in
                    greedy(logits)
                } onToken: { token in
                    print(token)
                    return true  // false cancels
                }
                // end example
                #expect(tokens.count == min(32, model.config.sequenceLength - ids.count))
                let again = try session.generate(prompt: ids, maxTokens: 32) { logits, _ in
                    greedy(logits)
                } onToken: {
                    streamed.append($0)
                    return streamed.count < 5
                }
                #expect(again == Array(tokens.prefix(5)) && streamed == again)
            }

            var state = TransformerState(model)
            var logits: [Float] = []
            for (position, token) in ids.enumerated() { logits = try state.forward(token: token, position: position) }
            let tokens = ids
            // example Sources/LoomText/Transformer/TokenSampler.swift
            var sampler = TokenSampler(seed: Seed(7), temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05)
            let token = logits.withUnsafeMutableBufferPointer { sampler.sample($0, history: tokens[...]) }
            // end example
            var again = TokenSampler(seed: Seed(7), temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05)
            #expect(logits.withUnsafeMutableBufferPointer { again.sample($0, history: tokens[...]) } == token)
            #expect((0..<model.config.vocabularySize).contains(token))
        }
    }

    @Test func writeAGGUFFile() throws {
        let dim = 8
        let norm = (0..<dim).map { Float($0) / 8 }
        try SnippetFolder.run {
            // example Sources/LoomText/Transformer/GGUFWriter.swift
            var writer = GGUFWriter()
            writer.set("general.architecture", .string("llama"))
            try writer.addTensor("output_norm.weight", values: norm, dimensions: [dim], type: .f32)
            try writer.write(to: "model.gguf")
            // end example
            let file = try GGUFFile.load(from: "model.gguf")
            #expect(file.metadata["general.architecture"]?.string == "llama")
            #expect(file.tensors.map(\.name) == ["output_norm.weight"])
        }
    }

    @Test(
        .enabled(
            if: TextSnippetTests.smolLM2 != nil,
            "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func chatWithSmolLM2() throws {
        let file = try GGUFFile.load(from: try #require(TextSnippetTests.smolLM2))
        let generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.textTokenizer())
        // example Sources/LoomText/Chat/TransformerGenerator+Chat.swift
        let template = try ChatTemplate.forModel(file)
        let reply = try generator.chat(
            [.user("Name three colours.")], template: template,
            request: TextRequest(prompt: "", seed: Seed(1), maxTokens: 64, stop: TextStop(atSentenceEnd: false)))
        // end example
        #expect((1...64).contains(reply.tokenCount) && !reply.text.isEmpty)
        try SnippetFolder.run {
            // example Sources/LoomText/Writing/ChatWriter.swift
            let writer = try ChatWriter(model: "Models/SmolLM2-135M-Instruct.Q4_1.gguf")
            let prompt = writer.prompt(
                [.system("You narrate a sea story."), .user("Describe the tide.")],
                replyPrefix: "The tide")
            let sample = try writer.sample(prompt: prompt, seed: Seed(3), maxTokens: 40, stop: .sentenceEnd)
            // end example
            #expect(prompt.hasSuffix("<|im_start|>assistant\nThe tide"))
            #expect((1...40).contains(sample.tokenCount))
            let again = try writer.sample(prompt: prompt, seed: Seed(3), maxTokens: 40, stop: .sentenceEnd)
            #expect(again.text == sample.text)
        }
    }
}
