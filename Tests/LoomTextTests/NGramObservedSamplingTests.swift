import Foundation
import LoomCore
import Testing

@testable import LoomText

/// ``NGramSampling/observedContinuations`` on the isles corpus (about 20,000 words).
@Suite struct NGramObservedSamplingTests {
    static let corpusPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Worlds/isles-text/corpus.txt").path

    static let corpus = Result { try AtomicFile.readText(corpusPath) }
    static let model = Result { try NGramModel.train(text: try corpus.get(), order: 3) }

    /// Every bigram and trigram of the corpus, with `<s>` before and `</s>` after each sentence.
    static let corpusNGrams = Result { () throws -> (bigrams: Set<[String]>, trigrams: Set<[String]>) in
        var bigrams = Set<[String]>(), trigrams = Set<[String]>()
        for sentence in WordTokenizer.sentences(in: try corpus.get()) {
            let padded = ["<s>"] + sentence + ["</s>"]
            for i in 1..<padded.count {
                bigrams.insert(Array(padded[(i - 1)...i]))
                if i >= 2 { trigrams.insert(Array(padded[(i - 2)...i])) }
            }
        }
        return (bigrams, trigrams)
    }

    /// The tokens of one generated sentence, `</s>` last, read from the stream.
    func sentence(seed: UInt64, temperature: Double = 1, topK: Int = 0) throws -> [String] {
        var stream = try NGramGenerator(try Self.model.get()).makeStream(
            for: TextRequest(seed: Seed(seed), temperature: temperature, topK: topK))
        var tokens: [String] = []
        while tokens.count < 200, let token = try stream.next() {
            if token.endsSentence { return tokens + ["</s>"] }
            tokens.append(token.text.trimmingCharacters(in: .whitespaces))
        }
        return tokens
    }

    @Test func generatedSentencesAreMadeOfCorpusNGrams() throws {
        let (bigrams, trigrams) = try Self.corpusNGrams.get()
        for seed in 0..<40 {
            for (temperature, topK) in [(1.0, 0), (0.7, 0), (1.5, 5)] {
                let tokens = try sentence(seed: UInt64(seed), temperature: temperature, topK: topK)
                #expect(tokens.last == "</s>" && tokens.count >= 2, "seed \(seed): \(tokens)")
                let padded = ["<s>"] + tokens
                for i in 1..<padded.count {
                    let bigram = Array(padded[(i - 1)...i])
                    #expect(bigrams.contains(bigram), "seed \(seed): \(bigram) not in the corpus")
                    // Every corpus bigram is a context with continuations, so each trigram must
                    // have been seen too.
                    if i >= 2 {
                        let trigram = Array(padded[(i - 2)...i])
                        #expect(trigrams.contains(trigram), "seed \(seed): \(trigram) not in the corpus")
                    }
                }
            }
        }
    }

    @Test func goldenSamplesForFixedSeeds() throws {
        let generator = NGramGenerator(try Self.model.get())
        let lines = try (1...3).map { seed in
            try generator.generate(TextRequest(seed: Seed(UInt64(seed)), maxTokens: 60)).text
        }
        #expect(lines.joined(separator: "\n") == Self.golden)
    }

    static let golden = """
        Its beam is so bright that the water turned from green to blue to a fine grey drizzle, and a woman with a sound like breathing.
        The coffee of Emberfell is the best of them and beat at them with hot broth and dry and quiet, but a cloth around the harbour, and they long to be out on the sea for the first time in a storm is coming.
        When the tide comes in from the rocks when the weather, about the size of their own colour and cut off the southern lagoons, spices and salt, and be able to say at any moment whether the water, and that it is a tall building of yellow stone with a dog and a door opened,
        """

    @Test func sameSeedSameTextDifferentSeedsDiffer() throws {
        let generator = NGramGenerator(try Self.model.get())
        let texts = try (0..<12).map { seed in
            try generator.generate(TextRequest(seed: Seed(UInt64(seed)), maxTokens: 40, temperature: 0.8, topK: 20))
                .text
        }
        let again = try (0..<12).map { seed in
            try generator.generate(TextRequest(seed: Seed(UInt64(seed)), maxTokens: 40, temperature: 0.8, topK: 20))
                .text
        }
        #expect(texts == again)
        #expect(Set(texts).count >= 8)
    }

    @Test func topOneFollowsTheLikeliestObservedContinuation() throws {
        let model = try NGramModel.train(text: "The cat sat. The cat sat. The cat ran. The dog ran.", order: 3)
        let text = try NGramGenerator(model).generate(TextRequest(prompt: "The cat", seed: Seed(3), topK: 1)).text
        #expect(text == "sat.")
    }

    @Test func interpolatedModeIsUnchangedAndDistributionStillSumsToOne() throws {
        let model = try Self.model.get()
        let sum = model.distribution(after: ["The", "reef"]).reduce(0, +)
        #expect(abs(sum - 1) < 1e-9)
        let request = TextRequest(seed: Seed(5), maxTokens: 30)
        let interpolated = try NGramGenerator(model, sampling: .interpolated).generate(request).text
        let stream = NGramTokenStream(model: model, request: request, sampling: .interpolated)
        var any: any TextTokenStream = stream
        #expect(try TextResult.collect(from: &any, request: request).text == interpolated)
    }
}
