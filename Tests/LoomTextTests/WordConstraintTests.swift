import Foundation
import LoomCore
import Testing

@testable import LoomText

/// A transformer under a ``WordConstraint`` writes only allowed words.
@Suite struct WordConstraintTests {
    @Test func prefixesWordsAndMarks() {
        let words = WordConstraint(words: ["The", "tide", "turned", "tidal", "x1"])
        #expect(words.count == 4)
        #expect(words.continuation(of: "", with: " ti") == "ti")
        #expect(words.continuation(of: "ti", with: "de.") == "")
        #expect(words.continuation(of: "ti", with: "dy") == nil)
        #expect(words.continuation(of: "tid", with: " the") == nil, "'tid' is not a word")
        #expect(words.continuation(of: "", with: " The tide") == "tide")
        #expect(words.continuation(of: "", with: "\u{FFFD}") == nil)
        #expect(words.adding(["tidy"]).continuation(of: "ti", with: "dy") == "tidy")
    }

    @Test("a random model writes only the allowed words", arguments: [UInt64(1), 2, 3, 4, 5])
    func generationKeepsToTheWords(seed: UInt64) throws {
        var generator = try TransformerGenerator(
            model: TransformerFixtures.model("tiny-gqa"), tokenizer: TransformerFixtures.tokenizer())
        let allowed = ["the", "cat", "and", "hat", "a", "at", "an", "he", "that"]
        generator.wordConstraint = WordConstraint(words: allowed)
        let request = TextRequest(
            prompt: "the cat", seed: Seed(seed), maxTokens: 24, stop: TextStop(atSentenceEnd: false), temperature: 1.2)
        let text = try generator.generate(request).text
        let words = text.split { !$0.isLetter }.map { $0.lowercased() }
        #expect(!words.isEmpty)
        // The last word may be cut by the budget, so it need only start an allowed word.
        for word in words.dropLast() { #expect(allowed.contains(word), "\(text)") }
        if let last = words.last { #expect(allowed.contains { $0.hasPrefix(last) }, "\(text)") }
        generator.wordConstraint = nil
        let free = try generator.generate(request).text.split { !$0.isLetter }.map { $0.lowercased() }
        #expect(!free.allSatisfy(allowed.contains), "the constraint did something")
    }

    /// A caller holding only `any TextGenerator` (a story world's writer) constrains a
    /// transformer and asks whether a prompt fits, with no cast; a guard passes both on.
    @Test func writersAnswerThroughTheProtocol() throws {
        var generator = try TransformerGenerator(
            model: TransformerFixtures.model("tiny-gqa"), tokenizer: TransformerFixtures.tokenizer())
        let writer: any TextGenerator = generator
        let words = WordConstraint(words: ["the", "cat", "and", "hat", "a", "at", "an", "he", "that"])
        let request = TextRequest(
            prompt: "the cat", seed: Seed(3), maxTokens: 24, stop: TextStop(atSentenceEnd: false), temperature: 1.2)
        generator.wordConstraint = words
        let expected = try generator.generate(request)
        #expect(try writer.constrained(to: words).generate(request) == expected)
        let guarded: any TextGenerator = TextGuard(writer, banned: WordList(["dog"]), fallback: "-")
        #expect(try guarded.constrained(to: words).generate(request) == expected)

        let context = generator.model.config.sequenceLength
        let long = Array(repeating: "the cat", count: context).joined(separator: " ")
        #expect(writer.fits(prompt: "the cat", maxTokens: 4))
        #expect(!writer.fits(prompt: long, maxTokens: 4))
        #expect(!guarded.fits(prompt: long, maxTokens: 4))
        // Half the context is kept for the answer, however many tokens are asked for.
        #expect(writer.fits(prompt: "the cat", maxTokens: context * 10))
        let grammar: any TextGenerator = GrammarGenerator(try Grammar(json: #"{"origin": ["the cat"]}"#))
        #expect(grammar.fits(prompt: long, maxTokens: context))
        #expect(try grammar.constrained(to: words).generate(TextRequest(seed: Seed(1))).text == "the cat")
    }
}
