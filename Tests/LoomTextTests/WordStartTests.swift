import Foundation
import LoomCore
import Testing

@testable import LoomText

/// A prompt that ends inside a word is continued with a new word or a mark, since Loom joins
/// a continuation to its prompt with a space.
@Suite struct WordStartTests {
    /// The text of the first token sampled after `prompt`, for each seed.
    func firstPieces(startsNewWord: Bool, prompt: String) throws -> [String] {
        let generator = try TransformerGenerator(
            model: TransformerFixtures.model("tiny-gqa"), tokenizer: TransformerFixtures.tokenizer(),
            sampling: TransformerSampling(startsNewWord: startsNewWord))
        return try (0..<40).map { seed in
            let request = TextRequest(prompt: prompt, seed: Seed(UInt64(seed)), maxTokens: 1, temperature: 1.5)
            var stream = try generator.makeStream(for: request)
            _ = try stream.next()
            let ids = try #require((stream as? TransformerTokenStream)?.tokenIDs)
            let promptCount = generator.tokenizer.encode(prompt, bos: true, eos: false).count
            // A stream that ended at once (EOS) wrote nothing, which opens no word wrongly.
            guard ids.count > promptCount else { return "" }
            return String(decoding: generator.tokenizer.decode(ids[promptCount], after: nil), as: UTF8.self)
        }
    }

    static func opensWord(_ piece: String) -> Bool {
        guard let first = piece.unicodeScalars.first else { return true }
        return " \n\t.,;:!?)]}'\"-".unicodeScalars.contains(first)
    }

    @Test func aPromptEndingInAWordGetsANewWord() throws {
        let constrained = try firstPieces(startsNewWord: true, prompt: "the cat")
        #expect(constrained.allSatisfy(Self.opensWord), "\(constrained)")
        // Without the rule this random model often glues letters onto "cat".
        let free = try firstPieces(startsNewWord: false, prompt: "the cat")
        #expect(!free.allSatisfy(Self.opensWord), "\(free)")
    }

    @Test func aPromptEndingInASpaceIsLeftAlone() throws {
        #expect(
            try firstPieces(startsNewWord: true, prompt: "the cat ")
                == firstPieces(startsNewWord: false, prompt: "the cat "))
    }

    @Test func settingsDecodeWithDefaults() throws {
        let decoded = try JSONDecoder().decode(TransformerSampling.self, from: Data(#"{"topP": 0.9}"#.utf8))
        #expect(decoded == TransformerSampling(topP: 0.9))
        // Off unless asked for: a brought model's continuation is its own; worlds turn it on.
        #expect(!decoded.startsNewWord)
    }
}
