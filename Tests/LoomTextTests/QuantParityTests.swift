import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Q5_0 and the k-quants (Q4_K, Q5_K, Q6_K) against llama.cpp: a one-layer random-weight llama
/// 256 wide (`Scripts/make-random-gguf.py quants`) that llama.cpp's llama-quantize turned into
/// those types, one type per matrix (`Scripts/quant-fixtures`), with llama.cpp's greedy tokens
/// and top-10 teacher-forced logits for two prompts (one thread, float32 cache, flash attention
/// off), as `ArchitectureParityTests` does for the architectures.
///
/// Tolerance: see ``tolerance``. Greedy tokens must agree wherever llama.cpp's lead exceeds twice
/// the tolerance.
@Suite("Q5_0 and k-quants against llama.cpp")
struct QuantParityTests {
    /// 0.02 on logits up to ±16.5 (measured largest: 0.0032, the same on the batched and the
    /// one-token paths, on 1 and 2 threads). Both engines quantise the activations to 8 bits the
    /// same way (blocks of 256 with a float scale for the k-quants, blocks of 32 with a
    /// half-precision one for Q5_0) but add the blocks' products in different orders of float
    /// rounding, so thousandths remain; one layer gives them little depth to grow through. A
    /// wrong scale, minimum, sub-block order or high bit changes whole weights, and so logits by
    /// far more.
    static let tolerance: Float = 0.02

    static let model = ArchitectureParityTests.path("random-quants.gguf")

    @Test("every matrix has the type llama-quantize was asked for")
    func types() throws {
        let model = try Transformer.load(from: Self.model)
        let layer = model.tensors.layers[0]
        #expect(model.tensors.embedding.type == .q6_K && model.tensors.classifier.type == .q5_0)
        #expect([layer.wq.type, layer.wk.type, layer.wv.type, layer.wo.type] == [.q4_K, .q5_K, .q6_K, .q5_0])
        #expect([layer.gate.type, layer.up.type, layer.down.type] == [.q5_K, .q4_K, .q6_K])
    }

    @Test("batched prompts: logits and greedy tokens agree", arguments: [1, 2])
    func batched(threads: Int) throws {
        let model = try Transformer.load(from: Self.model)
        let cases = try ArchitectureParityTests.cases("quants")
        let clearCalls = try ArchitectureParityTests.expectTeacherForced(
            model, cases, threads: threads, tolerance: Self.tolerance)
        // Most of the 128 greedy steps are clear calls, so the check above is not vacuous.
        #expect(clearCalls >= 100)
    }

    @Test("one token at a time: logits agree at every step of llama.cpp's continuation", arguments: [1, 2])
    func stepwise(threads: Int) throws {
        let model = try Transformer.load(from: Self.model)
        for (index, reference) in try ArchitectureParityTests.cases("quants").enumerated() {
            var state = TransformerState(model, threads: threads, kvCache: .f32)
            var logits = try state.forward(tokens: reference.prompt, startingAt: 0)
            for (step, token) in reference.continuation.enumerated() {
                let position = reference.prompt.count - 1 + step
                let difference = LlamaCppParityTests.difference(logits, reference.top[position])
                #expect(difference <= Self.tolerance, "prompt \(index) step \(step): \(difference)")
                if step + 1 < reference.continuation.count {
                    logits = try state.forward(token: token, position: position + 1)
                }
            }
        }
    }
}
