import Foundation
import LoomCore
import Testing

@testable import LoomText

/// SmolLM2-135M-Instruct Q4_1 on Loom against llama.cpp (0.3.36's vendored tree, CPU, one
/// thread, float32 key/value cache, flash attention off: the arithmetic closest to Loom's).
///
/// `Fixtures/Transformer/smollm2-llama-cpp.json` holds, for four prompts given as token ids,
/// llama.cpp's greedy continuation of 64 tokens (made one token at a time) and its top-20
/// teacher-forced logits (with ids) at every position of prompt + continuation.
///
/// Logit tolerance: 1.6 on logits that reach ±25 (measured largest: 1.06 before, 1.47 since the
/// matrix products, rotation and SiLU follow ggml's order bit for bit while this float32 cache's
/// attention still sums in Loom's own order, not ggml's non-flash one; the half-precision cache's
/// attention is ggml's, and `HalfCacheParityTests` holds exact tokens). Both engines
/// quantise the activations to 8 bits per block of 32 with half-precision scales, but sum in
/// different orders; one activation that rounds the other way moves by a whole quantum (1/127
/// of its block's largest value), and such differences grow through 30 layers (changing only
/// Loom's own summation order moved the largest difference between 0.94 and 1.06). llama.cpp's
/// own two paths differ as much: its teacher-forced logits move by up to 0.25 against its
/// one-at-a-time ones at the greedy token, and its default half-precision cache moves logits by
/// up to 0.9 against its float32 cache on these very prompts. A real mistake (a wrong rotary
/// pair, scale or norm) moves logits by several units.
///
/// Greedy tokens: where llama.cpp's best token leads the second by at least 0.25 (the spread
/// of its own two paths), Loom must pick it. Closer calls go either way in llama.cpp itself
/// (its batched and one-at-a-time paths pick differently on most prompts within 64 tokens), so
/// the exact 64-token check runs on the prompts whose every step is a clear call: two of the
/// four, including a chat prompt.
@Suite("Parity with llama.cpp", .enabled(if: EngineModels.smolLM2 != nil, EngineModels.absent))
struct LlamaCppParityTests {
    struct Case: Decodable {
        var prompt: [Int]
        var continuation: [Int]
        var top: [[[Double]]]
    }

    static let tolerance: Float = 1.6

    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Transformer/smollm2-llama-cpp.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    /// The largest difference between `logits` and llama.cpp's top 20 at one position.
    static func difference(_ logits: [Float], _ top: [[Double]]) -> Float {
        top.map { abs(logits[Int($0[0])] - Float($0[1])) }.max() ?? 0
    }

    /// How far llama.cpp's own paths disagree: closer greedy calls are a coin toss.
    static let clearMargin = 0.25

    @Test("the logits agree at every position; greedy decoding gives llama.cpp's tokens at every clear call")
    func parity() throws {
        let model = try Transformer.load(from: EngineModels.smolLM2!)
        var exactPrompts = 0
        for (index, reference) in try Self.cases().enumerated() {
            var state = TransformerState(model, threads: 2, kvCache: .f32)
            let promptLogits = try state.logitsForEach(tokens: reference.prompt, startingAt: 0)
            var largest = zip(promptLogits, reference.top).map { Self.difference($0, $1) }.max() ?? 0
            var logits = promptLogits.last!
            var generated: [Int] = []
            var allClear = true
            for (step, expected) in reference.continuation.enumerated() {
                let top = reference.top[reference.prompt.count - 1 + step]
                let choice = EngineModels.greedy(logits)
                generated.append(choice)
                if top[0][1] - top[1][1] >= Self.clearMargin {
                    #expect(choice == expected, "prompt \(index) step \(step)")
                } else {
                    allClear = false
                }
                if step == reference.continuation.count - 1 { break }
                // Feed llama.cpp's token, so every position stays comparable even after a close
                // call went the other way; while none does, this is plain greedy decoding.
                let position = reference.prompt.count + step
                logits = try state.forward(token: expected, position: position)
                largest = max(largest, Self.difference(logits, reference.top[position]))
            }
            if allClear {
                exactPrompts += 1
                #expect(generated == reference.continuation, "prompt \(index)")
            }
            #expect(largest <= Self.tolerance, "prompt \(index): largest logit difference \(largest)")
        }
        #expect(exactPrompts == 2)
    }
}
