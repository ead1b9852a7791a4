import LoomCore
import Testing

@testable import LoomLearn

@Suite("Tape bookkeeping")
struct TapeTests {
    @Test func gradientsAccumulateUntilZeroed() {
        let p = Parameter(name: "p", value: Tensor([1, 2]))
        for _ in 0..<2 {
            let tape = Tape()
            let x = tape.parameter(p)
            // p used twice on one tape: d/dp Σ(p·p + 3p) = 2p + 3.
            tape.backward(from: (x * x + x * 3).sum())
        }
        #expect(p.gradient.scalars == [10, 14])
        p.zeroGradient()
        #expect(p.gradient.scalars == [0, 0])
    }

    @Test func constantsGetNoGradientAndCostNoBackwardSteps() {
        let tape = Tape()
        let c = tape.constant(Tensor([1, 2]))
        let v = tape.variable(Tensor([3, 4]))
        let product = (c * c).sum()
        #expect(tape.nodes[product.id].backward == nil)
        tape.backward(from: (c * v).sum())
        #expect(tape.gradient(of: c) == nil)
        #expect(tape.gradient(of: v)?.scalars == [1, 2])
    }

    @Test func inferenceTapesComputeTheSameValuesWithoutRecording() {
        let model = Linear(name: "l", inputSize: 3, outputSize: 2, seed: Seed(1))
        let input = Tensor.randomNormal(shape: [4, 3], seed: Seed(2))
        let training = Tape()
        let inference = Tape(recording: false)
        let a = model(training.constant(input)).gelu()
        let b = model(inference.constant(input)).gelu()
        #expect(a.value == b.value)
        #expect(inference.nodes.allSatisfy { $0.backward == nil && !$0.requiresGradient })
    }

    @Test func convolutionLayersTrainAnAutoencoder() {
        // 1×8×8 stripes → 8×4×4 → 1×8×8: a strided convolution and a transposed convolution
        // must learn to reproduce the images.
        let seed = Seed(21)
        let down = Conv2D(name: "down", inChannels: 1, outChannels: 8, kernel: 3, stride: 2, padding: 1, seed: seed)
        let up = ConvTranspose2D(
            name: "up", inChannels: 8, outChannels: 1, kernel: 3, stride: 2, padding: 1, outputPadding: 1, seed: seed)
        let images = Tensor(shape: [4, 1, 8, 8]) { index in
            let (image, y, x) = (index / 64, index / 8 % 8, index % 8)
            return Float(image % 2 == 0 ? (x + image) % 2 : (y + image / 2) % 2)
        }
        let optimizer = AdamW(parameters: down.parameters + up.parameters)
        optimizer.learningRate = 0.01
        var losses: [Float] = []
        for _ in 0..<120 {
            let tape = Tape()
            let loss = up(down(tape.constant(images)).gelu()).meanSquaredError(images)
            tape.backward(from: loss)
            optimizer.step()
            losses.append(loss.value.scalar)
        }
        #expect(losses[0] > 0.2)
        #expect(losses[119] < 0.05, "losses \(losses.enumerated().filter { $0.offset % 10 == 0 }.map(\.element))")
    }
}

@Suite("Causal attention")
struct AttentionTests {
    @Test func laterPositionsNeverChangeEarlierOutputs() {
        let layer = CausalSelfAttention(name: "attention", features: 8, heads: 2, seed: Seed(4))
        let input = Tensor.randomNormal(shape: [2, 5, 8], seed: Seed(5))
        var changed = input
        changed.withUnsafeMutableBufferPointer { buffer in
            // Overwrite position 3 and 4 of every sequence.
            for sequence in 0..<2 {
                for index in (sequence * 40 + 24)..<(sequence * 40 + 40) { buffer[index] = 9 }
            }
        }
        let tape = Tape(recording: false)
        let before = layer(tape.constant(input)).value
        let after = layer(tape.constant(changed)).value
        for sequence in 0..<2 {
            let early = (sequence * 40)..<(sequence * 40 + 24)
            let late = (sequence * 40 + 24)..<(sequence * 40 + 40)
            #expect(Array(before.scalars[early]) == Array(after.scalars[early]))
            #expect(Array(before.scalars[late]) != Array(after.scalars[late]))
        }
    }

    @Test func cachedKeysGiveTheSameLastRowAsTheFullSequence() {
        // Decoding one token at a time with the keys and values of the whole prefix must match
        // the last row of attention over the full sequence.
        let q = Tensor.randomNormal(shape: [1, 6, 8], seed: Seed(1))
        let k = Tensor.randomNormal(shape: [1, 6, 8], seed: Seed(2))
        let v = Tensor.randomNormal(shape: [1, 6, 8], seed: Seed(3))
        let tape = Tape(recording: false)
        let full = tape.constant(q).causalAttention(key: tape.constant(k), value: tape.constant(v), heads: 2)
        let last = tape.constant(q.slice(5..<6, alongAxis: 1))
            .causalAttention(key: tape.constant(k), value: tape.constant(v), heads: 2)
        let expected = full.value.slice(5..<6, alongAxis: 1)
        #expect(zip(last.value.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}

@Suite("Tape lifetime")
struct TapeLifetimeTests {
    /// Backward steps capture tensors and indices, never variables, so a tape and everything
    /// on it are freed when the last reference goes, whatever operations were recorded.
    @Test func everyOperationLeavesNoReferenceCycle() {
        for test in GradientCheckTests.cases {
            weak var weakTape: Tape?
            do {
                let tape = Tape()
                weakTape = tape
                let inputs = GradientCheck.inputs(for: test).map { tape.variable($0) }
                let output = test.body(inputs)
                tape.backward(from: output.sum())
            }
            #expect(weakTape == nil, "\(test.name) keeps its tape alive")
        }
    }
}
