import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Small random-weight models in the shapes of `qwen2` (biases on q, k and v; rotary halves),
/// `qwen3` (RMS norms on q and k; a head size of 32 where dim / heads is 16) and Llama 3
/// (`rope_freqs` dividing the rotation frequencies), written by `Scripts/make-random-gguf.py`
/// (Q8_0 matrices), against llama.cpp's logits for the same files (one thread, float32 cache,
/// flash attention off), kept as top-10 logits at every position of two prompts + 64 greedy
/// tokens.
///
/// Tolerance 0.15 on logits up to ±18 (measured largest: under 0.1 for qwen2 and Llama 3, 0.115
/// for qwen3, whose q/k norms rescale each head): with two layers the 8-bit activation rounding
/// has little depth to grow through, while a wrong rotary pairing, bias, norm or frequency moves
/// logits by whole units. Greedy tokens must agree wherever llama.cpp's lead exceeds twice the
/// tolerance.
@Suite("Architectures against llama.cpp")
struct ArchitectureParityTests {
    static let tolerance: Float = 0.15

    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/Architectures/\(name)"
        )
        .path
    }

    /// llama.cpp's cases for `random-<name>.gguf`.
    static func cases(_ name: String) throws -> [LlamaCppParityTests.Case] {
        let url = URL(fileURLWithPath: path("random-\(name).llama-cpp.json"))
        return try JSONDecoder().decode([LlamaCppParityTests.Case].self, from: Data(contentsOf: url))
    }

    /// Runs each case's prompt and continuation (but its last token) as one batch with a float32
    /// cache on `threads` threads and expects every position's logits within `tolerance` of
    /// llama.cpp's top ones, and llama.cpp's greedy token wherever its lead exceeds twice the
    /// tolerance. Returns how many such clear calls there were.
    static func expectTeacherForced(
        _ model: Transformer, _ cases: [LlamaCppParityTests.Case], threads: Int = 1, tolerance: Float
    ) throws -> Int {
        var clearCalls = 0
        for (index, reference) in cases.enumerated() {
            let sequence = reference.prompt + reference.continuation
            var state = TransformerState(model, threads: threads, kvCache: .f32)
            let logits = try state.logitsForEach(tokens: Array(sequence.dropLast()), startingAt: 0)
            for (position, top) in zip(logits.indices, reference.top) {
                let difference = LlamaCppParityTests.difference(logits[position], top)
                #expect(difference <= tolerance, "prompt \(index) position \(position): \(difference)")
                let step = position - (reference.prompt.count - 1)
                if step >= 0, top[0][1] - top[1][1] > 2 * Double(tolerance) {
                    clearCalls += 1
                    #expect(EngineModels.greedy(logits[position]) == reference.continuation[step])
                }
            }
        }
        return clearCalls
    }

    @Test("logits and greedy tokens agree", arguments: ["qwen2", "qwen3", "llama3"])
    func parity(architecture: String) throws {
        let model = try Transformer.load(from: Self.path("random-\(architecture).gguf"))
        let clearCalls = try Self.expectTeacherForced(model, Self.cases(architecture), tolerance: Self.tolerance)
        // Most of the 128 greedy steps are clear calls, so the check above is not vacuous.
        #expect(clearCalls >= 64)
    }

    @Test("the architecture decides the rotary pairing, the head size and the extra tensors")
    func shapes() throws {
        let qwen3 = try Transformer.load(from: Self.path("random-qwen3.gguf"))
        #expect(qwen3.tensors.headSize == 32 && qwen3.config.dim / qwen3.config.headCount == 16)
        #expect(qwen3.tensors.rotary == .halves)
        #expect(qwen3.tensors.layers[0].qNorm != nil && qwen3.tensors.layers[0].qBias == nil)
        let qwen2 = try Transformer.load(from: Self.path("random-qwen2.gguf"))
        #expect(qwen2.tensors.layers[1].vBias != nil && qwen2.tensors.rotary == .halves)
        let llama3 = try Transformer.load(from: Self.path("random-llama3.gguf"))
        #expect(llama3.tensors.rotary == .adjacent)
        // rope_freqs divides pair i's frequency by 1 … 8.
        let plain = TransformerTensors.frequencies(headSize: 16, theta: 500_000)
        #expect(abs(llama3.tensors.frequencies[7] - plain[7] / 8) <= 1e-9)
    }
}
