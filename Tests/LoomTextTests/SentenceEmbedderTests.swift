import Foundation
import LoomCore
import LoomLearn
import Testing

@testable import LoomText

@Suite("Sentence embeddings (all-MiniLM-L6-v2) against the numpy reference")
struct SentenceEmbedderTests {
    @Test(
        "WordPiece ids equal the tokenizers package's on every reference sentence",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func tokenizerParity() throws {
        let embedder = try #require(EmbeddingFixtures.embedder)
        let sentences = try EmbeddingFixtures.sentences()
        #expect(sentences.count >= 300)
        for sentence in sentences {
            #expect(embedder.tokens(sentence.text) == sentence.ids, "\(sentence.text.debugDescription)")
        }
        #expect(sentences.contains { $0.ids.count == 256 }, "the fixture has sentences truncated at 256 tokens")
    }

    @Test(
        "float32: every component within 1e-4 of the reference and cosine ≥ 0.9999",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func embeddingParity() throws {
        let embedder = try #require(EmbeddingFixtures.exactEmbedder)
        let sentences = try EmbeddingFixtures.sentences()
        let reference = try EmbeddingFixtures.embeddings()
        try #require(reference.count == sentences.count)
        let vectors = try embedder.embed(sentences.map(\.text))
        var worst: Float = 0
        for (index, (vector, expected)) in zip(vectors, reference).enumerated() {
            let difference = zip(vector, expected).map { abs($0 - $1) }.max() ?? 0
            worst = max(worst, difference)
            #expect(difference <= 1e-4, "sentence \(index) \(sentences[index].text.prefix(40).debugDescription)")
            #expect(TextEmbedding.cosine(vector, expected) >= 0.9999)
        }
        print("largest component difference from the reference: \(worst)")
    }

    @Test(
        "a text embeds the same alone, in a batch, and on 1 or 2 threads (within 1e-5)",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func batchAndThreadInvariance() throws {
        var embedder = try #require(EmbeddingFixtures.exactEmbedder)
        let texts = try EmbeddingFixtures.sentences().map(\.text).filter { $0.count > 40 }.prefix(24).map { $0 }
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        Compute.threadCount = 1
        let one = try embedder.embed(texts)
        Compute.threadCount = 2
        let two = try embedder.embed(texts)
        embedder.tokensPerPass = 64  // many small passes instead of one
        let alone = try texts.map { try embedder.embed($0) }
        for i in texts.indices {
            #expect(zip(one[i], two[i]).allSatisfy { abs($0 - $1) <= 1e-5 })
            #expect(zip(one[i], alone[i]).allSatisfy { abs($0 - $1) <= 1e-5 })
            let norm = one[i].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test(
        "similar requests score higher than unrelated ones",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func similarityOrdersMeaning() throws {
        let embedder = try #require(EmbeddingFixtures.embedder)
        let close = try embedder.similarity("I light the lamp and wait", "Light the lamp")
        let far = try embedder.similarity("I light the lamp and wait", "Sail to the eastern isle")
        #expect(close > 0.6)
        #expect(far < close - 0.3)
    }

    @Test("a missing model folder says how to fetch the model")
    func missingModel() throws {
        let empty = try Fixtures.temporaryFolder()
        let error = #expect(throws: LoomError.self) {
            try SentenceEmbedder.load(from: "all-MiniLM-L6-v2", searchPath: ModelSearchPath(folders: [empty]))
        }
        #expect(error?.message.contains("Scripts/fetch-models") == true)
        #expect(error?.message.contains(empty) == true)
    }

    @Test("a folder without model.safetensors names the missing file")
    func missingWeights() throws {
        let folder = try Fixtures.temporaryFolder()
        try #"{"hidden_size": 8, "num_attention_heads": 2, "vocab_size": 5}"#.write(
            toFile: folder + "/config.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: LoomError.self) { try SentenceEmbedder(folder: folder) }
        #expect(error?.message.contains("vocab.txt is missing") == true)
    }
}
