import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite struct TextProtocolTests {
    static let grammar = Result {
        try Grammar(
            json:
                ###"{"origin": ["#who# #did# #what#."], "who": ["Ivo", "Mira"], "did": ["found", "lost"], "what": ["a key", "the oar", "gold"]}"###
        )
    }

    @Test func grammarGeneratorExpandsFlattensAndHonoursLimits() throws {
        let generator = GrammarGenerator(try Self.grammar.get())
        let whole = try generator.generate(TextRequest(seed: Seed(4)))
        #expect(whole.finish == .endOfText)
        #expect(whole.text == (try Self.grammar.get().expand(seed: Seed(4))))
        #expect(whole.tokenCount == whole.text.split(separator: " ").count)
        let cut = try generator.generate(TextRequest(seed: Seed(4), maxTokens: 2))
        #expect(cut.finish == .length)
        #expect(cut.text == whole.text.split(separator: " ").prefix(2).joined(separator: " "))
        let prompted = try generator.generate(TextRequest(prompt: "Then #who# slept.", seed: Seed(1)))
        #expect(prompted.text == "Then Ivo slept." || prompted.text == "Then Mira slept.")
        let stopped = try generator.generate(
            TextRequest(prompt: "one two three four", seed: Seed(1), stop: TextStop(strings: ["three"])))
        #expect(stopped == TextResult(text: "one two", tokenCount: 3, finish: .stopString))
    }

    @Test func guardOverAGrammarResamplesDeterministically() throws {
        let guarded = TextGuard(
            GrammarGenerator(try Self.grammar.get()), banned: WordList(["gold"]), fallback: "Nothing.")
        var sawResample = false
        for seed in 0..<30 {
            let request = TextRequest(seed: Seed(UInt64(seed)))
            let result = try guarded.generate(request)
            #expect(!result.text.contains("gold"))
            #expect(result == (try guarded.generate(request)))
            if try Self.grammar.get().expand(seed: Seed(UInt64(seed))).contains("gold") { sawResample = true }
        }
        #expect(sawResample)
        var stream = try guarded.makeStream(for: TextRequest(seed: Seed(3)))
        var pieces: [String] = []
        while let token = try stream.next() { pieces.append(token.text) }
        #expect(pieces.joined() == (try guarded.generate(TextRequest(seed: Seed(3))).text))
    }

    /// Writes a banned word at the request's own seed and clean text at any other, taking
    /// temperature 0 as a transformer does.
    struct SeedWriter: TextGenerator {
        let banned: Seed
        func makeStream(for request: TextRequest) throws -> any TextTokenStream {
            try request.validateAllowingGreedy()
            return BufferedTokenStream(words: request.seed == banned ? "The gold shines." : "The oar floats.")
        }
        func generate(_ request: TextRequest) throws -> TextResult {
            var stream = try makeStream(for: request)
            return try TextResult.collect(from: &stream, request: request)
        }
    }

    @Test("a guard takes a greedy request and tries it once: a retry would write the same words")
    func guardTakesGreedyRequestsOnce() throws {
        let guarded = TextGuard(SeedWriter(banned: Seed(5)), banned: WordList(["gold"]), fallback: "Nothing.")
        let sampled = TextRequest(seed: Seed(5), temperature: 0.8)
        #expect(try guarded.generate(sampled).text == "The oar floats.")
        #expect(try guarded.firstAccepted(sampled)?.text == "The oar floats.")
        let greedy = TextRequest(seed: Seed(5), temperature: 0)
        #expect(try guarded.generate(greedy) == TextResult(text: "Nothing.", tokenCount: 1, finish: .fallback))
        #expect(try guarded.firstAccepted(greedy) == nil)
        #expect(try guarded.generate(TextRequest(seed: Seed(6), temperature: 0)).text == "The oar floats.")
        // A generator without greedy decoding still refuses temperature 0 through the guard.
        let grammar = TextGuard(GrammarGenerator(try Self.grammar.get()), banned: WordList(["gold"]), fallback: "-")
        #expect(throws: LoomError.self) { try grammar.generate(TextRequest(seed: Seed(1), temperature: 0)) }
        #expect(throws: LoomError.self) { try guarded.generate(TextRequest(seed: Seed(1), temperature: -1)) }
    }

    @Test func bufferedWordsKeepTheirSpacing() throws {
        var stream = BufferedTokenStream(words: "  a  b\nc ")
        var tokens: [String] = []
        while let token = try stream.next() { tokens.append(token.text) }
        #expect(tokens == ["  a", "  b", "\nc"])
    }

    @Test func jsonEscapesDecodeAndKeepColumns() throws {
        let grammar = try Grammar(json: ###"{"origin": ["caf\u00e9 \ud83e\udd89 #x#"], "x": ["\"quoted\""]}"###)
        #expect(try grammar.expand(seed: Seed(0)) == "café 🦉 \"quoted\"")
        do {
            _ = try Grammar(json: ###"{"origin": ["\u00e9\ud83e\udd89 #nope#"]}"###, file: "g.json")
            Issue.record("expected an unknown-symbol error")
        } catch let error as LoomError {
            #expect(error.description == "g.json:1:34: error: unknown symbol 'nope' in rule 'origin'")
        }
        #expect(throws: LoomError.self) { try Grammar(json: ###"{"origin": ["\ud83e"]}"###) }
        #expect(throws: LoomError.self) { try Grammar(json: ###"{"origin": ["\q"]}"###) }
        #expect(throws: LoomError.self) { try Grammar(json: ###"{"origin": ["a"]} extra"###) }
    }

    @Test func tokenizerKeepsNumbersAndUnicodeWords() {
        #expect(
            WordTokenizer.sentences(in: "It cost 3.50 crowns, or 1,000 eels. Straße naïve don\u{2019}t!")
                == [
                    ["It", "cost", "3.50", "crowns", ",", "or", "1,000", "eels", "."],
                    ["Straße", "naïve", "don\u{2019}t", "!"],
                ])
    }

    @Test func perplexityHandlesUnknownWords() throws {
        let model = try NGramModel.train(text: try Fixtures.prose, order: 3)
        let seen = model.perplexity(of: "The ferryman said nothing.")
        let unseen = model.perplexity(of: "Zebras juggle quantum pianos.")
        #expect(seen.isFinite && unseen.isFinite)
        #expect(seen < unseen)
        #expect(model.probability(of: "zebra", after: ["The"]) > 0)
    }
}
