import LoomCore
import Testing

@testable import LoomLearn

/// One operation under test: input shapes, how to draw inputs, and the computation.
struct GradientCase: CustomTestStringConvertible, Sendable {
    enum Inputs: Sendable {
        /// Uniform in -1..<1.
        case signed
        /// Uniform in 0.5..<1.5 (for log and division).
        case positive
        /// |x| ≥ 0.1, away from kinks such as ReLU's.
        case awayFromZero
    }

    var name: String
    var shapes: [[Int]]
    var inputs: Inputs = .signed
    var body: @Sendable ([Variable]) -> Variable

    var testDescription: String { name }
}

/// Compares reverse-mode gradients with central finite differences of
/// `L = Σ output · R` for fixed random weights `R`.
enum GradientCheck {
    static let epsilon: Float = 5e-3

    static func inputs(for test: GradientCase) -> [Tensor] {
        test.shapes.enumerated().map { index, shape in
            let seed = Seed(text: test.name).derive("input \(index)")
            switch test.inputs {
            case .signed: return Tensor.randomUniform(shape: shape, in: -1..<1, seed: seed)
            case .positive: return Tensor.randomUniform(shape: shape, in: 0.5..<1.5, seed: seed)
            case .awayFromZero:
                return Tensor.randomUniform(shape: shape, in: -1..<1, seed: seed).mapScalars {
                    $0 < 0 ? $0 - 0.1 : $0 + 0.1
                }
            }
        }
    }

    /// The largest disagreement, relative to `max(1, |numeric|)`, over every input element.
    static func worstError(_ test: GradientCase) -> (error: Float, detail: String) {
        let values = inputs(for: test)
        let tape = Tape()
        let variables = values.map { tape.variable($0) }
        let output = test.body(variables)
        let weights = Tensor.randomNormal(shape: output.shape, seed: Seed(text: test.name).derive("weights"))
        tape.backward(from: output, seed: weights)
        let loss = { (inputs: [Tensor]) -> Double in
            let tape = Tape(recording: false)
            let out = test.body(inputs.map { tape.variable($0) }).value
            var total: Double = 0
            for i in 0..<out.count { total += Double(out.scalars[i]) * Double(weights.scalars[i]) }
            return total
        }
        var worst: Float = 0
        var detail = "no elements"
        for (index, value) in values.enumerated() {
            let analytic = tape.gradient(of: variables[index]) ?? Tensor(zeros: value.shape)
            for element in 0..<value.count {
                var plus = values
                var minus = values
                plus[index].withUnsafeMutableBufferPointer { $0[element] += epsilon }
                minus[index].withUnsafeMutableBufferPointer { $0[element] -= epsilon }
                let numeric = Float((loss(plus) - loss(minus)) / Double(2 * epsilon))
                let error = abs(analytic.scalars[element] - numeric) / max(1, abs(numeric))
                if error >= worst {
                    worst = error
                    detail =
                        "input \(index) element \(element): analytic \(analytic.scalars[element]), numeric \(numeric)"
                }
            }
        }
        return (worst, detail)
    }
}

@Suite("Gradients agree with finite differences")
struct GradientCheckTests {
    static let cases: [GradientCase] = arithmeticCases + shapeCases + activationCases + layerCases

    static let arithmeticCases: [GradientCase] = [
        GradientCase(name: "add broadcast row", shapes: [[3, 4], [4]]) { $0[0] + $0[1] },
        GradientCase(name: "subtract broadcast column", shapes: [[2, 3, 4], [3, 1]]) { $0[0] - $0[1] },
        GradientCase(name: "multiply broadcast", shapes: [[3, 4], [3, 1]]) { $0[0] * $0[1] },
        GradientCase(name: "multiply same shape", shapes: [[2, 5], [2, 5]]) { $0[0] * $0[1] },
        GradientCase(name: "divide broadcast", shapes: [[3, 4], [4]], inputs: .positive) { $0[0] / $0[1] },
        GradientCase(name: "scalar multiply and add", shapes: [[2, 3]]) { $0[0] * 2.5 + 1 },
        GradientCase(name: "scalar on the left, minus and divide", shapes: [[2, 3]]) { (3 * $0[0] - 1) / 4 },
        GradientCase(name: "negate", shapes: [[4]]) { -$0[0] },
        GradientCase(name: "matmul", shapes: [[3, 4], [4, 5]]) { $0[0].matmul($0[1]) },
        GradientCase(name: "matmul transposeA", shapes: [[4, 3], [4, 5]]) { $0[0].matmul($0[1], transposeA: true) },
        GradientCase(name: "matmul transposeB", shapes: [[3, 4], [5, 4]]) { $0[0].matmul($0[1], transposeB: true) },
        GradientCase(name: "matmul both transposed", shapes: [[4, 3], [5, 4]]) {
            $0[0].matmul($0[1], transposeA: true, transposeB: true)
        },
        GradientCase(name: "batched matmul", shapes: [[2, 3, 4], [2, 4, 2]]) { $0[0].matmul($0[1]) },
        GradientCase(name: "batched matmul transposeA", shapes: [[2, 4, 3], [2, 4, 2]]) {
            $0[0].matmul($0[1], transposeA: true)
        },
        GradientCase(name: "batched matmul shared right", shapes: [[2, 3, 4], [4, 2]]) { $0[0].matmul($0[1]) },
        GradientCase(name: "batched matmul shared right transposed", shapes: [[2, 3, 4], [2, 4]]) {
            $0[0].matmul($0[1], transposeB: true)
        },
        GradientCase(name: "batched matmul shared left", shapes: [[3, 4], [2, 4, 2]]) { $0[0].matmul($0[1]) },
        GradientCase(name: "sum", shapes: [[2, 3]]) { $0[0].sum() },
        GradientCase(name: "mean", shapes: [[2, 3]]) { $0[0].mean() },
        GradientCase(name: "sum axis keepdims", shapes: [[2, 3, 4]]) {
            $0[0].sum(alongAxes: [1], keepingDimensions: true)
        },
        GradientCase(name: "mean axes", shapes: [[2, 3, 4]]) { $0[0].mean(alongAxes: [0, 2]) },
        GradientCase(name: "max axis", shapes: [[3, 5]]) { $0[0].max(alongAxes: [1]) },
        GradientCase(name: "max axes keepdims", shapes: [[2, 3, 2]]) {
            $0[0].max(alongAxes: [0, 2], keepingDimensions: true)
        },
    ]

    static let shapeCases: [GradientCase] = [
        GradientCase(name: "reshape", shapes: [[2, 6]]) { $0[0].reshaped([3, -1]) * $0[0].reshaped([3, 4]) },
        GradientCase(name: "permute", shapes: [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) },
        GradientCase(name: "transpose", shapes: [[2, 3, 4]]) { $0[0].transposed() },
        GradientCase(name: "slice", shapes: [[3, 5]]) { $0[0].slice(1..<4, alongAxis: 1) },
        GradientCase(name: "concatenate", shapes: [[2, 3], [2, 2]]) {
            Variable.concatenate([$0[0], $0[1], $0[0]], alongAxis: 1)
        },
        GradientCase(name: "embedding with repeats", shapes: [[5, 3]]) {
            $0[0].embedding([4, 0, 4, 2], shape: [2, 2])
        },
    ]

    static let activationCases: [GradientCase] = [
        GradientCase(name: "relu", shapes: [[3, 4]], inputs: .awayFromZero) { $0[0].relu() },
        GradientCase(name: "gelu", shapes: [[3, 4]]) { ($0[0] * 3).gelu() },
        GradientCase(name: "silu", shapes: [[3, 4]]) { ($0[0] * 3).silu() },
        GradientCase(name: "tanh", shapes: [[3, 4]]) { $0[0].tanh() },
        GradientCase(name: "sigmoid", shapes: [[3, 4]]) { ($0[0] * 3).sigmoid() },
        GradientCase(name: "exp", shapes: [[3, 4]]) { $0[0].exp() },
        GradientCase(name: "log", shapes: [[3, 4]], inputs: .positive) { $0[0].log() },
        GradientCase(name: "softmax", shapes: [[3, 4]]) { ($0[0] * 2).softmax() },
        GradientCase(name: "causal softmax", shapes: [[2, 3, 3]]) { ($0[0] * 2).softmax(causal: true) },
        GradientCase(name: "causal softmax fewer queries", shapes: [[1, 2, 4]]) { $0[0].softmax(causal: true) },
        GradientCase(name: "log softmax", shapes: [[3, 4]]) { ($0[0] * 2).logSoftmax() },
        GradientCase(name: "cross entropy", shapes: [[4, 5]]) { ($0[0] * 2).crossEntropy(targets: [1, 0, 4, 2]) },
        GradientCase(name: "cross entropy ignore index", shapes: [[2, 2, 3]]) {
            $0[0].crossEntropy(targets: [2, -100, 0, 1], ignoreIndex: -100)
        },
        GradientCase(name: "mean squared error", shapes: [[3, 2]]) {
            $0[0].meanSquaredError(Tensor(shape: [3, 2], scalars: [0.5, -0.5, 0, 1, 0.25, -1]))
        },
        GradientCase(name: "dropout", shapes: [[4, 5]]) { $0[0].dropout(rate: 0.3, seed: Seed(9)) },
    ]

    static let layerCases: [GradientCase] = [
        GradientCase(name: "layer norm", shapes: [[3, 5], [5], [5]]) { $0[0].layerNorm(weight: $0[1], bias: $0[2]) },
        GradientCase(name: "layer norm plain", shapes: [[2, 2, 4]]) { $0[0].layerNorm() },
        GradientCase(name: "rms norm", shapes: [[3, 5], [5]]) { $0[0].rmsNorm(weight: $0[1]) },
        GradientCase(name: "conv2d padded", shapes: [[2, 2, 4, 4], [3, 2, 3, 3], [3]]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], stride: 1, padding: 1)
        },
        GradientCase(name: "conv2d strided", shapes: [[1, 2, 5, 5], [2, 2, 2, 2]]) {
            $0[0].conv2d(weight: $0[1], stride: 2)
        },
        GradientCase(name: "conv transposed", shapes: [[2, 2, 3, 3], [2, 3, 3, 3], [3]]) {
            $0[0].convTranspose2d(weight: $0[1], bias: $0[2], stride: 2, padding: 1, outputPadding: 1)
        },
        GradientCase(name: "conv2d rectangular kernel", shapes: [[1, 3, 5, 4], [2, 3, 3, 2], [2]]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], stride: 2, padding: 1)
        },
        GradientCase(name: "rank-4 matmul with shared right", shapes: [[2, 2, 3, 4], [4, 3]]) { $0[0].matmul($0[1]) },
        GradientCase(name: "three-head attention", shapes: [[1, 4, 6], [1, 4, 6], [1, 4, 6]]) {
            $0[0].causalAttention(key: $0[1], value: $0[2], heads: 3)
        },
        GradientCase(name: "causal self-attention", shapes: [[2, 3, 4], [2, 3, 4], [2, 3, 4]]) {
            $0[0].causalAttention(key: $0[1], value: $0[2], heads: 2)
        },
        GradientCase(name: "rotary two heads", shapes: [[2, 3, 8]]) { ($0[0] * 2).rotary(headSize: 4, theta: 3) },
        GradientCase(name: "rotary with offset", shapes: [[5, 6]]) { $0[0].rotary(headSize: 6, positionOffset: 7) },
        GradientCase(name: "causal attention over cached keys", shapes: [[1, 2, 4], [1, 4, 4], [1, 4, 4]]) {
            $0[0].causalAttention(key: $0[1], value: $0[2], heads: 1)
        },
    ]

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ test: GradientCase) {
        let (error, detail) = GradientCheck.worstError(test)
        #expect(error < 1e-2, "\(test.name): \(detail)")
    }
}

@Suite("The gradient check itself")
struct GradientCheckSelfTests {
    @Test func catchesAWrongGradient() {
        // x² with the gradient of x: the check must notice.
        let wrong = GradientCase(name: "wrong square", shapes: [[3]]) { inputs in
            inputs[0].unary(inputs[0].value * inputs[0].value) { $0 }
        }
        #expect(GradientCheck.worstError(wrong).error > 0.1)
    }
}
