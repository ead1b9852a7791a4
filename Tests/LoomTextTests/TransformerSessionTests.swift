import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("Transformer sessions: the cache kept across calls")
struct TransformerSessionTests {
    static func greedy(_ logits: UnsafeMutableBufferPointer<Float>, _ history: [Int]) -> Int? {
        EngineModels.greedy(Array(logits))
    }

    @Test("a shared prefix is computed once; the logits are the same bits as from a cold cache")
    func prefixReuse() throws {
        let model = try TransformerFixtures.model("tiny-gqa")
        let facts = [1, 20, 31, 45, 7, 9, 60, 2, 33, 18, 71, 4]
        let first = facts + [5, 6, 7]
        let second = facts + [8, 9]
        let warm = TransformerSession(model)
        _ = try warm.logits(after: first) { _ in () }
        #expect(warm.lastComputedCount == first.count)
        let reused = try warm.logits(after: second) { Array($0) }
        #expect(warm.lastComputedCount == 2)
        #expect(warm.cached == second)
        let cold = try TransformerSession(model).logits(after: second) { Array($0) }
        #expect(reused.map(\.bitPattern) == cold.map(\.bitPattern))
        // The same prompt again recomputes only its last token, for its logits.
        let again = try warm.logits(after: second) { Array($0) }
        #expect(warm.lastComputedCount == 1)
        #expect(again.map(\.bitPattern) == cold.map(\.bitPattern))
    }

    @Test("streaming generation calls back each token and stops when told")
    func streamingAndCancellation() throws {
        let session = TransformerSession(try TransformerFixtures.model("tiny-gqa"))
        var seen: [Int] = []
        let all = try session.generate(prompt: [1, 20, 31], maxTokens: 10, sample: Self.greedy) { token in
            seen.append(token)
            return true
        }
        #expect(all.count == 10)
        #expect(seen == all)
        var cancelled: [Int] = []
        let some = try session.generate(prompt: [1, 20, 31], maxTokens: 10, sample: Self.greedy) { token in
            cancelled.append(token)
            return cancelled.count < 3
        }
        #expect(some == Array(all.prefix(3)))
        // The second call found the prompt (and more) in the cache.
        #expect(session.cached.starts(with: [1, 20, 31] + all.prefix(2)))
    }

    @Test("a generator's text for a request does not depend on what its cache held before")
    func coldAndWarmGenerators() throws {
        let request = TextRequest(
            prompt: "the cat sat on the mat and the dog", seed: Seed(3), maxTokens: 12,
            stop: TextStop(atSentenceEnd: false),
            temperature: 0.8, topK: 5)
        var other = request
        other.prompt = "the cat sat on the mat and the bird"
        let warm = try TransformerGeneratorTests.generator()
        _ = try warm.generate(other)
        _ = try warm.generate(request)
        let warmResult = try warm.generate(request)
        let coldResult = try TransformerGeneratorTests.generator().generate(request)
        #expect(warmResult == coldResult)
        #expect(warmResult.tokenCount > 0)
    }

    @Test(
        "SmolLM2: a story prompt after a cached prefix computes only its new tokens, with the same result",
        .enabled(if: EngineModels.smolLM2 != nil, EngineModels.absent))
    func smolLM2Prefix() throws {
        let model = try Transformer.load(from: EngineModels.smolLM2!)
        let facts = LlamaCppParityTestsPrompts.facts
        let session = TransformerSession(model, threads: 2)
        _ = try session.logits(after: facts + [504, 3426]) { _ in () }
        let warm = try session.logits(after: facts + [504, 1109]) { Array($0) }
        #expect(session.lastComputedCount == 1)
        let cold = try TransformerSession(model).logits(after: facts + [504, 1109]) { Array($0) }
        #expect(warm.map(\.bitPattern) == cold.map(\.bitPattern))
    }
}

/// Token ids of a world-facts prompt (from the parity fixture's chat prompt).
enum LlamaCppParityTestsPrompts {
    static let facts = [1, 9690, 198, 2683, 359, 253, 5356, 5646, 30, 2, 198, 1, 4093, 198, 16607, 1341, 28001, 30]
}
