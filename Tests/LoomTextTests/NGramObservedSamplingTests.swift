import Foundation
import LoomCore
import Testing

@testable import LoomText

/// ``NGramSampling/observedContinuations`` on the isles corpus (about 20,000 words).
@Suite struct NGramObservedSamplingTests {
    static let corpusPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Worlds/isles/corpus.txt").path

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
        At last the captain of the quay with baskets.
        The dragons of Emberfell there are entries in the gallery and watches the tide line at first light to keep them in the cold, and the waves.
        There is a chain of still green pools, and that on the water in the isles say that the sea to watch.
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

@Suite struct NGramTemperatureTests {
    /// The fast tempered sampler draws from `P(w | h)^(1/T)` renormalised over the whole
    /// vocabulary: the frequencies of many draws match the exact distribution.
    @Test func temperedInterpolatedSamplingMatchesTheExactDistribution() throws {
        let model = try NGramObservedSamplingTests.model.get()
        let context = ["The", "people"]
        let exponent = 1 / 0.7
        var exact = model.distribution(after: context).map { pow($0, exponent) }
        for id in [Vocabulary.sentenceStart, Vocabulary.unknown] { exact[Int(id)] = 0 }
        let sum = exact.reduce(0, +)
        exact = exact.map { $0 / sum }
        var sampler = KneserNeySampler(vocabularySize: model.vocabulary.count, tempersWithSums: true)
        var state = ContextState(order: model.order)
        state.nodes = model.core.contexts(after: model.ids(of: context))
        var random = Seed(4).makeRandom()
        let draws = 40_000
        var counts = [Int](repeating: 0, count: model.vocabulary.count)
        for _ in 0..<draws {
            let token = sampler.sample(
                model.core, state: state, random: &random, temperature: 0.7, topK: 0, allowEnd: true)
            counts[Int(token)] += 1
        }
        #expect(counts[Int(Vocabulary.unknown)] == 0 && counts[Int(Vocabulary.sentenceStart)] == 0)
        for id in 0..<exact.count where exact[id] > 0.01 || counts[id] > draws / 100 {
            let observed = Double(counts[id]) / Double(draws)
            let tolerance = 4 * (exact[id] * (1 - exact[id]) / Double(draws)).squareRoot() + 1e-3
            #expect(
                abs(observed - exact[id]) < tolerance, "\(model.vocabulary[UInt32(id)]): \(observed) vs \(exact[id])")
        }
        // The unigram tail (tokens never seen after the context) is drawn too.
        let tail = (0..<exact.count).filter { exact[$0] < 0.001 }.reduce(0) { $0 + counts[$1] }
        #expect(tail > 0)
    }
}

/// The fast rejection path draws from the same distribution as the candidate loop: the KN
/// probabilities of the usable continuations of the longest context, renormalised.
@Suite struct NGramRejectionSamplingTests {
    @Test(arguments: [[String](), ["The"], ["The", "tide"]])
    func rejectionDrawsFollowTheRestrictedDistribution(history: [String]) throws {
        let model = try NGramObservedSamplingTests.model.get()
        let core = model.core
        var state = ContextState(order: core.order)
        for word in history { state.advance(model.vocabulary.id(of: word), model: core) }
        let (n, range) = try #require(KneserNeySampler.usableContinuations(core, state: state, allowEnd: true))
        var expected: [UInt32: Double] = [:]
        for index in range {
            let token = core.tables.words[n - 2][index]
            guard KneserNeySampler.isUsable(token, allowEnd: true) else { continue }
            expected[token] = core.probability(token, contexts: state.nodes, order: n)
        }
        let total = expected.values.reduce(0, +)
        var sampler = KneserNeySampler(vocabularySize: model.vocabulary.count)
        var random = Seed(UInt64(history.count)).makeRandom()
        let draws = 20_000
        var observed: [UInt32: Int] = [:]
        for _ in 0..<draws {
            let token = try #require(
                sampler.sampleByRejection(core, state: state, among: range, order: n, random: &random, allowEnd: true))
            observed[token, default: 0] += 1
        }
        #expect(Set(observed.keys).isSubset(of: Set(expected.keys)))
        for (token, weight) in expected {
            let p = weight / total
            let mean = p * Double(draws)
            let sigma = (Double(draws) * p * (1 - p)).squareRoot()
            let count = Double(observed[token] ?? 0)
            #expect(abs(count - mean) <= 5 * sigma + 1, "token \(token): \(count) draws, expected \(mean)")
        }
    }
}
