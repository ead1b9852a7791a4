import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The downloaded models the engine tests run, when present.
enum EngineModels {
    static let smolLM2Name = "SmolLM2-135M-Instruct.Q4_1.gguf"
    static let smolLM2 = ModelSearchPath().find(smolLM2Name)
    static let absent: Comment = "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"

    static func greedy(_ logits: [Float]) -> Int {
        logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
    }
}

@Suite("SmolLM2 on the quantised engine", .enabled(if: EngineModels.smolLM2 != nil, EngineModels.absent))
struct SmolLM2EngineTests {
    static let prompt = [
        1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712, 8182, 2,
    ]

    @Test("the weights stay in the mapped file: Q4_1 matrices, a Q8_0 embedding shared with the classifier")
    func mapped() throws {
        let model = try Transformer.load(from: EngineModels.smolLM2!)
        #expect(model.weights == nil)
        #expect(model.tensors.layers.count == 30)
        #expect(model.tensors.layers[0].wq.type == .q4_1)
        #expect(model.tensors.embedding.type == .q8_0)
        #expect(model.tensors.classifier.base == model.tensors.embedding.base)
        let storage = model.tensors.storage
        #expect(model.tensors.layers[29].down.base >= storage.base)
        #expect(model.tensors.layers[29].down.base < storage.base + storage.count)
    }

    @Test("a batched prompt gives the same bits as feeding it token by token, on 1, 2 or 3 threads")
    func batchedAndThreaded() throws {
        let model = try Transformer.load(from: EngineModels.smolLM2!)
        var one = TransformerState(model)
        var sequential: [Float] = []
        for (position, token) in Self.prompt.enumerated() {
            sequential = try one.forward(token: token, position: position)
        }
        for threads in [1, 2, 3] {
            var state = TransformerState(model, threads: threads)
            let batched = try state.forward(tokens: Self.prompt, startingAt: 0)
            #expect(batched.map(\.bitPattern) == sequential.map(\.bitPattern), "threads \(threads)")
        }
        #expect(EngineModels.greedy(sequential) != 0)
    }
}
