import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite struct NGramModelTests {
    @Test func tokenizerSplitsWordsMarksAndSentences() {
        let text = """
            "Don't go," said old Maud. The salt-marsh road... was it safe?! Nobody knew
            the way (not even the reeve).

            A new paragraph\u{2014}with a dash \u{201C}and quotes\u{201D} ends here
            """
        let sentences = WordTokenizer.sentences(in: text)
        #expect(
            sentences == [
                ["\"", "Don't", "go", ",", "\"", "said", "old", "Maud", "."],
                ["The", "salt-marsh", "road", "..."],
                ["was", "it", "safe", "?", "!"],
                ["Nobody", "knew", "the", "way", "(", "not", "even", "the", "reeve", ")", "."],
                [
                    "A", "new", "paragraph", "\u{2014}", "with", "a", "dash", "\u{201C}", "and", "quotes", "\u{201D}",
                    "ends", "here",
                ],
            ])
    }

    @Test func detokenizerJoinsPunctuation() {
        let tokens = ["\"", "Don't", "go", ",", "\"", "said", "Maud", "(", "quietly", ")", "."]
        #expect(Detokenizer.join(tokens) == "\"Don't go,\" said Maud (quietly).")
        #expect(
            Detokenizer.join(["Wait", "\u{2014}", "what", "?", "\u{201C}", "Now", "\u{201D}"])
                == "Wait\u{2014}what? \u{201C}Now\u{201D}")
    }

    @Test(arguments: [2, 3, 4, 5])
    func distributionSumsToOneForSampledContexts(order: Int) throws {
        let model = try NGramModel.train(text: try Fixtures.prose, order: order)
        let sentences = WordTokenizer.sentences(in: try Fixtures.prose)
        var random = Seed(UInt64(order)).makeRandom()
        for _ in 0..<12 {
            let chosen = random.element(of: sentences)
            let sentence = try #require(chosen)
            let length = random.nextInt(in: 0...min(sentence.count, order + 1))
            var context = Array(sentence.prefix(length))
            if random.nextBool(probability: 0.2) { context.append("unseen-word") }
            let distribution = model.distribution(after: context)
            let sum = distribution.reduce(0, +)
            #expect(abs(sum - 1) < 1e-9, "context \(context) sums to \(sum)")
            #expect(distribution[Int(Vocabulary.sentenceStart)] == 0)
            #expect(distribution.allSatisfy { $0 >= 0 })
        }
    }

    @Test func tinyCorpusFallsBackToDefinedDiscounts() throws {
        let model = try NGramModel.train(text: "A cat sat. A cat ran.", order: 4)
        for n in 1...4 {
            let discounts = model.discounts(order: n)
            #expect(discounts.allSatisfy { $0 > 0 && $0.isFinite })
        }
        let sum = model.distribution(after: ["A", "cat"]).reduce(0, +)
        #expect(abs(sum - 1) < 1e-9)
        #expect(model.probability(of: "sat", after: ["A", "cat"]) > model.probability(of: "A", after: ["A", "cat"]))
    }

    @Test func discountEstimatesFollowChenAndGoodman() {
        // n1 = 4, n2 = 2, n3 = 1, n4 = 1: Y = 0.5, D1 = 0.5, D2 = 1.25, D3+ = 1.
        let counts: [UInt32] = [1, 1, 1, 1, 2, 2, 3, 4, 9]
        #expect(KneserNeyTables.estimateDiscounts(counts) == [0.5, 1.25, 1.0])
        #expect(KneserNeyTables.estimateDiscounts([1, 1, 2]) == [0.5, 0.5, 0.5])
        #expect(KneserNeyTables.estimateDiscounts([5, 6]) == [0.5, 1.0, 1.5])
    }

    @Test func heldOutPerplexityImprovesWithOrder() throws {
        let training = try Fixtures.grammarCorpus(count: 1500)
        let heldOut = try Fixtures.grammarCorpus(count: 150, first: 100_000)
        let bigram = try NGramModel.train(text: training, order: 2)
        let trigram = try NGramModel.train(text: training, order: 3)
        let fourgram = try NGramModel.train(text: training, order: 4)
        let unigramPerplexity = fourgram.perplexity(of: heldOut, order: 1)
        let bigramPerplexity = bigram.perplexity(of: heldOut)
        let trigramPerplexity = trigram.perplexity(of: heldOut)
        let fourgramPerplexity = fourgram.perplexity(of: heldOut)
        #expect(bigramPerplexity < unigramPerplexity)
        #expect(trigramPerplexity < bigramPerplexity)
        #expect(fourgramPerplexity < bigramPerplexity)
        #expect(fourgram.perplexity(of: heldOut, order: 2) > fourgramPerplexity)
        #expect(fourgramPerplexity > 1)
    }

    @Test func statisticsDescribeTheCorpus() throws {
        let model = try NGramModel.train(text: "The owl sang. The owl slept!", order: 3)
        #expect(model.sentenceCount == 2)
        #expect(model.tokenCount == 10)  // 8 tokens and two </s>
        #expect(model.vocabulary.tokens == ["<s>", "</s>", "<unk>", "The", "owl", "sang", ".", "slept", "!"])
        #expect(model.ngramCount(order: 1) == 9)
        // <s> The, The owl, owl sang, sang ., . </s>, owl slept, slept !, ! </s>
        #expect(model.ngramCount(order: 2) == 8)
        #expect(model.ngramCount(order: 3) == 7)
    }

    @Test func corpusFilesMayStartWithAByteOrderMark() throws {
        let folder = try Fixtures.temporaryFolder()
        try Data([0xEF, 0xBB, 0xBF] + Array("Owls hoot. Owls sleep.".utf8)).write(
            to: URL(fileURLWithPath: folder + "/c.txt"))
        let model = try NGramModel.train(corpusAt: folder + "/c.txt", order: 2)
        #expect(model.vocabulary.tokens == ["<s>", "</s>", "<unk>", "Owls", "hoot", ".", "sleep"])
        try Data([0x4F, 0xFF, 0x20]).write(to: URL(fileURLWithPath: folder + "/bad.txt"))
        #expect(throws: LoomError.self) { try NGramModel.train(corpusAt: folder + "/bad.txt") }
    }

    @Test func trainingRejectsBadInput() {
        #expect(throws: LoomError.self) { try NGramModel.train(text: "words", order: 6) }
        #expect(throws: LoomError.self) { try NGramModel.train(text: "  \n ", order: 3) }
        #expect(throws: LoomError.self) { try NGramModel.train(corpusAt: "/nonexistent/corpus.txt") }
    }
}
