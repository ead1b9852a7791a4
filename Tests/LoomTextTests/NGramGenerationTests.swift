import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite struct NGramGenerationTests {
    /// Hand-written prose plus 800 grammar passages: enough repetition for confident contexts.
    static let model = Result {
        try NGramModel.train(text: try Fixtures.prose + "\n\n" + Fixtures.grammarCorpus(count: 800), order: 3)
    }

    func generate(_ request: TextRequest) throws -> TextResult {
        try NGramGenerator(try Self.model.get(), sampling: .interpolated).generate(request)
    }

    @Test func goldenSamplesForFixedSeeds() throws {
        let lines = try (1...4).map { seed in
            try generate(TextRequest(seed: Seed(UInt64(seed)), maxTokens: 40)).text
        }
        #expect(lines.joined(separator: "\n") == Self.golden)
    }

    static let golden = """
        A tinker rowed along Greyfen with a heron." whistled the miller's daughter.
        The gooses of Hollow Ford with a borrowed boat.
        A tinker kept an iron key.
        The otters of the fens?"
        """

    @Test func sameSeedSameTextAndSeedsDiffer() throws {
        let texts = try (0..<20).map { try generate(TextRequest(seed: Seed(UInt64($0)), maxTokens: 30)).text }
        let again = try (0..<20).map { try generate(TextRequest(seed: Seed(UInt64($0)), maxTokens: 30)).text }
        #expect(texts == again)
        #expect(Set(texts).count > 12)
        #expect(texts.allSatisfy { !$0.isEmpty })
    }

    @Test func promptConditionsTheContinuation() throws {
        // In the corpus "Have you seen" is always followed by "a" or "an".
        var followers: [String: Int] = [:]
        for seed in 0..<40 {
            let result = try generate(TextRequest(prompt: "\"Have you seen", seed: Seed(UInt64(seed)), maxTokens: 1))
            followers[result.text, default: 0] += 1
        }
        #expect(followers["a", default: 0] + followers["an", default: 0] >= 36, "\(followers)")
        #expect(followers["a", default: 0] >= 10)
        // A finished prompt starts a new sentence.
        let fresh = try generate(TextRequest(prompt: "They crossed the marsh.", seed: Seed(3), maxTokens: 20))
        #expect(fresh.text.first?.isUppercase == true || fresh.text.first == "\"")
    }

    @Test func stopsAtSentenceEndsLimitsAndStopStrings() throws {
        let sentence = try generate(TextRequest(seed: Seed(11), maxTokens: 200))
        #expect(sentence.finish == .sentenceEnd)
        let long = try generate(
            TextRequest(seed: Seed(11), maxTokens: 60, stop: TextStop(atSentenceEnd: false)))
        #expect(long.finish == .length)
        #expect(long.tokenCount == 60)
        #expect(long.text.count > sentence.text.count)
        let cut = try generate(
            TextRequest(seed: Seed(11), maxTokens: 200, stop: TextStop(atSentenceEnd: false, strings: [" the "])))
        #expect(cut.finish == .stopString)
        #expect(!cut.text.contains(" the "))
        #expect(throws: LoomError.self) { try generate(TextRequest(seed: Seed(1), maxTokens: 0)) }
        #expect(throws: LoomError.self) { try generate(TextRequest(seed: Seed(1), temperature: 0)) }
    }

    @Test func topOneIsGreedyAndTemperatureShapesTheText() throws {
        let greedy = try (0..<6).map { try generate(TextRequest(seed: Seed(UInt64($0)), maxTokens: 12, topK: 1)).text }
        #expect(Set(greedy).count == 1)
        let cold = try (0..<10).map {
            try generate(TextRequest(seed: Seed(UInt64($0)), maxTokens: 12, temperature: 0.05)).text
        }
        #expect(Set(cold).count < 8)
        let warm = try (0..<10).map {
            try generate(TextRequest(seed: Seed(UInt64($0)), maxTokens: 12, temperature: 1.5, topK: 20)).text
        }
        #expect(Set(warm).count >= 6)
    }

    @Test func streamYieldsTheSameTokensAsGenerate() throws {
        let request = TextRequest(seed: Seed(5), maxTokens: 25, stop: TextStop(atSentenceEnd: false))
        var stream = try NGramGenerator(try Self.model.get(), sampling: .interpolated).makeStream(for: request)
        var text = ""
        for _ in 0..<25 { text += try stream.next()?.text ?? "" }
        #expect(text.trimmingCharacters(in: .whitespaces) == (try generate(request).text))
    }

    @Test func guardResamplesThenFallsBack() throws {
        let generator = NGramGenerator(try Self.model.get(), sampling: .interpolated)
        let request = TextRequest(seed: Seed(2), maxTokens: 40, stop: TextStop(atSentenceEnd: false))
        let plain = try generator.generate(request)
        let words = plain.text.split(whereSeparator: { !$0.isLetter }).map(String.init)
        let banned = try #require(words.first)
        let guarded = TextGuard(generator, banned: WordList([banned.uppercased()]), fallback: "Silence.")
        let result = try guarded.generate(request)
        #expect(WordList([banned]).firstMatch(in: result.text) == nil)
        let strict = TextGuard(
            generator, banned: WordList(["the", "a", "and", "."]), fallback: "  Silence.  ", maxAttempts: 3)
        let fallback = try strict.generate(request)
        #expect(fallback == TextResult(text: "Silence.", tokenCount: 1, finish: .fallback))
        let clean = TextGuard(generator, banned: WordList(["zebra"]), fallback: "-")
        #expect(try clean.generate(request) == plain)
    }

    @Test func wordListMatchesWholeWordsIgnoringCase() {
        let list = WordList(lines: "# banned\nRat\n\n  gold \n")
        #expect(list.words == ["rat", "gold"])
        #expect(list.firstMatch(in: "The pirate's Gold.") == "gold")
        #expect(list.firstMatch(in: "A rat's tail") == "rat")
        #expect(list.firstMatch(in: "pirates and golden rats") == nil)
        #expect(list.firstMatch(in: "the rat\u{2019}s gold") == "rat")
        let phrases = WordList(["Dark  Lord", "ash"])
        #expect(phrases.words == ["dark lord", "ash"])
        #expect(phrases.firstMatch(in: "Hail the dark, lord's men") == "dark lord")
        #expect(phrases.firstMatch(in: "a dark cellar, the Lord of ASH") == "ash")
        #expect(phrases.firstMatch(in: "darkest lord") == nil)
    }
}
