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
}
