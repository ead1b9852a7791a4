import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The sampler against hand-made logits: llama.cpp's steps, in llama.cpp's order.
@Suite struct TokenSamplerTests {
    /// How often each token is drawn in `draws` samples of `logits`.
    static func frequencies(_ sampler: inout TokenSampler, _ logits: [Float], draws: Int = 4000) -> [Double] {
        var counts = [Int](repeating: 0, count: logits.count)
        for _ in 0..<draws {
            var copy = logits
            counts[copy.withUnsafeMutableBufferPointer { sampler.sample($0) }] += 1
        }
        return counts.map { Double($0) / Double(draws) }
    }

    /// Logits whose softmax is `probabilities`.
    static func logits(_ probabilities: [Double]) -> [Float] { probabilities.map { Float(log($0)) } }

    @Test("temperature 0 is argmax, the lowest id on ties")
    func greedy() {
        var sampler = TokenSampler(seed: Seed(1), temperature: 0)
        var logits: [Float] = [0, 3, 1, 3]
        #expect(logits.withUnsafeMutableBufferPointer { sampler.sample($0) } == 1)
    }

    @Test("the penalty divides positive logits and multiplies negative ones, over the last N tokens only")
    func penalty() {
        var sampler = TokenSampler(seed: Seed(1), temperature: 0, repetitionPenalty: 2, repetitionWindow: 2)
        var logits: [Float] = [2, -1, 1.5, 4]
        // Token 3 is outside the window of 2; tokens 0 and 1 (seen twice) are penalised once.
        let token = logits.withUnsafeMutableBufferPointer { sampler.sample($0, history: [3, 0, 1, 0][...].suffix(3)) }
        #expect(token == 3)
        #expect(logits == [1, -2, 1.5, 4])
    }

    @Test("top-k 1 is greedy at any temperature")
    func topK() {
        var sampler = TokenSampler(seed: Seed(2), temperature: 5, topK: 1)
        #expect(Self.frequencies(&sampler, [0.1, 0.5, 0.2], draws: 200) == [0, 1, 0])
    }

    @Test("top-p keeps the smallest set reaching p, judged before temperature")
    func topP() {
        let logits = Self.logits([0.5, 0.3, 0.2])
        var half = TokenSampler(seed: Seed(3), temperature: 100, topP: 0.5)
        #expect(Self.frequencies(&half, logits, draws: 300) == [1, 0, 0])
        var most = TokenSampler(seed: Seed(4), temperature: 1, topP: 0.75)
        let drawn = Self.frequencies(&most, logits)
        #expect(drawn[2] == 0)
        #expect(abs(drawn[0] - 0.625) < 0.03, "\(drawn)")
    }

    @Test("min-p drops tokens less likely than p times the likeliest")
    func minP() {
        let logits = Self.logits([0.5, 0.3, 0.2])
        var loose = TokenSampler(seed: Seed(5), temperature: 1, minP: 0.5)
        let drawn = Self.frequencies(&loose, logits)
        #expect(drawn[2] == 0 && abs(drawn[0] - 0.625) < 0.03, "\(drawn)")
        var tight = TokenSampler(seed: Seed(6), temperature: 1, minP: 0.7)
        #expect(Self.frequencies(&tight, logits, draws: 300) == [1, 0, 0])
    }

    @Test("temperature reshapes what is left: p(1) = 3/4 at T 1, 9/10 at T 1/2")
    func temperature() {
        var plain = TokenSampler(seed: Seed(42))
        #expect(abs(Self.frequencies(&plain, [0, Float(log(3.0))])[1] - 0.75) < 0.03)
        var sharp = TokenSampler(seed: Seed(42), temperature: 0.5, topK: 2)
        #expect(abs(Self.frequencies(&sharp, [0, Float(log(3.0)), -50])[1] - 0.9) < 0.02)
    }

    @Test("the same seed draws the same tokens; another seed other ones")
    func seeded() {
        func run(_ seed: UInt64) -> [Int] {
            var sampler = TokenSampler(seed: Seed(seed), temperature: 0.9, topK: 40, topP: 0.95, minP: 0.05)
            return (0..<64).map { step in
                var logits = (0..<100).map { Float(($0 * 37 + step * 11) % 23) / 4 }
                return logits.withUnsafeMutableBufferPointer { sampler.sample($0) }
            }
        }
        #expect(run(7) == run(7))
        #expect(run(7) != run(8))
    }

    @Test("settings decode with missing keys defaulted, and are checked")
    func settings() throws {
        let decoded = try JSONDecoder().decode(TransformerSampling.self, from: Data(#"{"minP": 0.05}"#.utf8))
        #expect(decoded == TransformerSampling(minP: 0.05))
        #expect(!decoded.startsNewWord && !decoded.parsesSpecialTokens && decoded.topP == 1)
        #expect(throws: LoomError.self) { try TransformerSampling(minP: 1.5).validate() }
        let encoded = try JSONEncoder().encode(TransformerSampling(topP: 0.9, startsNewWord: true))
        #expect(try JSONDecoder().decode(TransformerSampling.self, from: encoded).startsNewWord)
    }
}
