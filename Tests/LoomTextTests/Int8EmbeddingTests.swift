import Foundation
import LoomCore
import LoomLearn
import Testing

@testable import LoomText

@Suite("Sentence embeddings in int8 against the float reference")
struct Int8EmbeddingTests {
    @Test(
        "every reference sentence within cosine 0.998 of the float64 reference, 0.9995 on average",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func closeToReference() throws {
        let embedder = try #require(EmbeddingFixtures.embedder)
        #expect(embedder.precision == .int8)
        let sentences = try EmbeddingFixtures.sentences()
        let reference = try EmbeddingFixtures.embeddings()
        let vectors = try embedder.embed(sentences.map(\.text))
        var worst: Float = 1
        var total: Double = 0
        for (index, (vector, expected)) in zip(vectors, reference).enumerated() {
            let cosine = TextEmbedding.cosine(vector, expected)
            worst = min(worst, cosine)
            total += Double(cosine)
            #expect(cosine >= 0.998, "sentence \(index) \(sentences[index].text.prefix(40).debugDescription)")
        }
        print("int8 cosine to the reference: lowest \(worst), mean \(total / Double(vectors.count))")
        #expect(total / Double(vectors.count) >= 0.9995)
    }

    @Test(
        "a text embeds to the same bits alone, in a batch, and on 1 or 2 threads",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func sameBitsEverywhere() throws {
        var embedder = try #require(EmbeddingFixtures.embedder)
        let texts = try EmbeddingFixtures.sentences().map(\.text).filter { $0.count > 20 }.prefix(24).map { $0 }
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        Compute.threadCount = 1
        let one = try embedder.embed(texts)
        Compute.threadCount = 2
        let two = try embedder.embed(texts)
        embedder.tokensPerPass = 64
        let alone = try texts.map { try embedder.embed($0) }
        #expect(one == two)
        #expect(one == alone)
    }

    @Test(
        "int8 and float32 rank the same option first for typed requests",
        .enabled(if: EmbeddingFixtures.modelFolder != nil, EmbeddingFixtures.absent))
    func precisionsAgreeOnChoices() throws {
        let fast = try #require(EmbeddingFixtures.embedder)
        var exact = fast
        exact.precision = .float32
        #expect(fast.identifier != exact.identifier)
        let options = ["Light the lamp", "Bar the door", "Climb the tower", "Ask about the ships", "Sleep by the fire"]
        let typed = ["I light the lantern", "lock the door!", "go up the stairs", "any boats out there?", "take a nap"]
        for embedder in [fast, exact] {
            let o = try embedder.embed(options)
            for (index, text) in typed.enumerated() {
                let v = try embedder.embed(text)
                let scores = o.map { TextEmbedding.cosine(v, $0) }
                #expect(scores.firstIndex(of: scores.max()!) == index, "\(embedder.precision) \(text)")
            }
        }
    }
}
