import Foundation
import Loom
import Testing

/// The ```swift blocks of LoomLearn's article, verbatim between their markers, run on a tiny
/// network trained for a few steps.
@Suite struct LearnSnippetTests {
    /// The network the article's training step names: `Linear → GELU → Linear`.
    struct Classifier: Module {
        let hidden: Linear
        let output: Linear

        init(seed: Seed) {
            hidden = Linear(name: "hidden", inputSize: 2, outputSize: 16, seed: seed)
            output = Linear(name: "output", inputSize: 16, outputSize: 2, seed: seed)
        }

        var parameters: [Parameter] { hidden.parameters + output.parameters }

        func callAsFunction(_ x: Variable) -> Variable { output(hidden(x).gelu()) }
    }

    /// 64 points of [-1, 1]², labelled 1 inside the circle of radius 0.6.
    static func circle(seed: Seed) -> (batch: Tensor, labels: [Int]) {
        var random = seed.makeRandom()
        var scalars: [Float] = []
        var labels: [Int] = []
        for _ in 0..<64 {
            let x = Float(random.nextDouble() * 2 - 1), y = Float(random.nextDouble() * 2 - 1)
            scalars += [x, y]
            labels.append(x * x + y * y < 0.36 ? 1 : 0)
        }
        return (Tensor(shape: [64, 2], scalars: scalars), labels)
    }

    /// One step of the article's loop; returns the loss before the step.
    static func trainingStep(model: Classifier, optimizer: AdamW, batch: Tensor, labels: [Int]) -> Float {
        // snippet LoomLearn.md
        let tape = Tape()
        let x = tape.constant(batch)  // [batch, 2]
        let logits = model(x)  // Linear → GELU → Linear
        let loss = logits.crossEntropy(targets: labels)
        tape.backward(from: loss)  // gradients into each Parameter
        clipGradientNorm(model.parameters, maxNorm: 1)
        optimizer.step()  // AdamW, then gradients are zeroed
        // end snippet
        return loss.value.scalar
    }

    @Test func theTrainingStepLearns() {
        let (batch, labels) = Self.circle(seed: Seed(7))
        let model = Classifier(seed: Seed(2024))
        var configuration = AdamW.Configuration()
        configuration.learningRate = 0.03
        let optimizer = AdamW(parameters: model.parameters, configuration: configuration)
        let losses = (0..<60).map { _ in
            Self.trainingStep(model: model, optimizer: optimizer, batch: batch, labels: labels)
        }
        // Two balanced-ish classes start near ln 2; sixty steps learn much of the circle.
        #expect(abs(losses[0] - 0.69) < 0.1)
        #expect(losses[59] < losses[0] * 0.75, "losses \(losses)")
        #expect(model.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
        #expect(optimizer.stepCount == 60)
    }

    @Test func theBlockIsAModule() {
        // snippet LoomLearn.md
        struct Block: Module {
            let norm: RMSNorm
            let attention: CausalSelfAttention

            init(name: String, features: Int, heads: Int, seed: Seed) {
                norm = RMSNorm(name: "\(name).norm", features: features)
                attention = CausalSelfAttention(name: "\(name).attention", features: features, heads: heads, seed: seed)
            }

            var parameters: [Parameter] { norm.parameters + attention.parameters }

            func callAsFunction(_ x: Variable) -> Variable { x + attention(norm(x)) }
        }
        // end snippet
        let block = Block(name: "blocks.0", features: 8, heads: 2, seed: Seed(1))
        #expect(
            block.parameters.map(\.name) == [
                "blocks.0.norm.weight", "blocks.0.attention.qkv.weight", "blocks.0.attention.qkv.bias",
                "blocks.0.attention.output.weight", "blocks.0.attention.output.bias",
            ])
        #expect(block.parameterCount == 8 + (8 * 24 + 24) + (8 * 8 + 8))
        let tape = Tape()
        var random = Seed(3).makeRandom()
        let input = Tensor(shape: [1, 5, 8], scalars: (0..<40).map { _ in Float(random.nextDouble()) })
        let output = block(tape.constant(input))
        #expect(output.shape == [1, 5, 8])
        // Causal: the first position sees only itself, so changing the last leaves it alone.
        var changed = input.scalars
        for i in 32..<40 { changed[i] += 1 }
        let again = block(Tape().constant(Tensor(shape: [1, 5, 8], scalars: changed)))
        #expect(Array(again.value.scalars[0..<8]) == Array(output.value.scalars[0..<8]))
    }
}
