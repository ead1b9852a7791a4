import Foundation
import LoomCore
import LoomLearn
import Testing

@testable import LoomText

/// CLoomKernels' int8 × int16 products against an exact integer reference, and the float steps
/// of the int8 encoder against Foundation's math.
@Suite("int8 kernels")
struct Int8KernelTests {
    static func random(_ count: Int, seed: UInt64, range: Float = 1) -> [Float] {
        var random = Seed(seed).makeRandom()
        return (0..<count).map { _ in (random.nextFloat() * 2 - 1) * range }
    }

    @Test("quantised weights round each row to 127 steps of max|row|")
    func weightQuantization() {
        let w: [Float] = [0.5, -1, 0.25, 0, 0, 0, 0, 0, 2, 1, -2, 0.01]
        let q = Int8Kernels.quantizeWeights(w, rows: 3, columns: 4)
        #expect(q.values == [64, -127, 32, 0, 0, 0, 0, 0, 127, 64, -127, 1])
        #expect(q.scales == [1 / 127, 0, 2 / 127])
    }

    @Test(
        "every family's product equals the exact integer sum times the scales",
        arguments: [
            (rows: 37, columns: 384, count: 5), (rows: 8, columns: 1536, count: 2), (rows: 5, columns: 23, count: 3),
        ])
    func productIsExact(rows: Int, columns: Int, count: Int) {
        let weights = Int8Kernels.quantizeWeights(Self.random(rows * columns, seed: 1), rows: rows, columns: columns)
        let activations = Int8Kernels.quantizeActivations(
            Self.random(count * columns, seed: 2, range: 30), rows: count, columns: columns)
        let bias = Self.random(rows, seed: 3)
        var expected: [Float] = []
        for t in 0..<count {
            for r in 0..<rows {
                var sum = 0
                for k in 0..<columns {
                    sum += Int(weights.values[r * columns + k]) * Int(activations.values[t * columns + k])
                }
                expected.append(Float(sum) * (weights.scales[r] * activations.scales[t]) + bias[r])
            }
        }
        for family in Int8Kernels.Family.allCases {
            let out = Int8Kernels.matmul(
                family, weights: weights, bias: bias, activations: activations, columns: columns)
            #expect(out == expected, "\(Int8Kernels.name(family))")
        }
    }

    @Test("the activation range keeps the largest possible sum inside int32", arguments: [384, 1536, 4096])
    func noOverflowAtTheLimit(columns: Int) {
        let limit = Int8Kernels.activationLimit(columns: columns)
        #expect(127 * columns * limit <= Int(Int32.max))
        // Every weight 127 and every activation at the limit: the largest sum there is.
        let weights = (values: [Int8](repeating: 127, count: 4 * columns), scales: [Float](repeating: 1, count: 4))
        let activations = (
            values: [Int16](repeating: Int16(limit), count: 2 * columns), scales: [Float](repeating: 1, count: 2)
        )
        for family in Int8Kernels.Family.allCases {
            let out = Int8Kernels.matmul(family, weights: weights, activations: activations, columns: columns)
            #expect(out.allSatisfy { $0 == Float(127 * columns * limit) }, "\(Int8Kernels.name(family))")
        }
    }

    @Test("activations keep their largest value exactly and the rest within half a step")
    func activationQuantization() {
        let x = Self.random(2 * 1536, seed: 4, range: 8)
        let q = Int8Kernels.quantizeActivations(x, rows: 2, columns: 1536)
        let limit = Float(Int8Kernels.activationLimit(columns: 1536))
        for t in 0..<2 {
            let row = x[(t * 1536)..<((t + 1) * 1536)]
            #expect(q.scales[t] == row.map(abs).max()! / limit)
            for k in 0..<1536 {
                #expect(abs(Float(q.values[t * 1536 + k]) * q.scales[t] - x[t * 1536 + k]) <= q.scales[t] * 0.501)
            }
        }
    }

    @Test("the fast GELU is within 2e-7·(1 + |x|) of x·½(1 + erf(x/√2))")
    func gelu() {
        let x = Self.random(4000, seed: 5, range: 12) + [0, -0.0, 1e-8, -30, 30, 90, -90]
        let fast = Int8Kernels.gelu(x)
        for (value, approximation) in zip(x, fast) {
            let exact = 0.5 * Double(value) * (1 + erf(Double(value) / 2.squareRoot()))
            #expect(abs(Double(approximation) - exact) <= 2e-7 * (1 + abs(Double(value))), "gelu(\(value))")
        }
    }

    @Test("quantisation, GELU and attention give the same bits in every family's build")
    func floatStepsAgreeAcrossFamilies() {
        let x = Self.random(1000, seed: 6, range: 6)
        #expect(Int8Kernels.gelu(x, family: .scalar) == Int8Kernels.gelu(x, family: .best))
        let columnScales = Self.random(389, seed: 8, range: 2).map { abs($0) + 0.5 }
        let activations = Self.random(3 * 389, seed: 9, range: 40)
        let scalarQ = Int8Kernels.quantizeActivations(
            activations, rows: 3, columns: 389, columnScales: columnScales, family: .scalar)
        let bestQ = Int8Kernels.quantizeActivations(activations, rows: 3, columns: 389, columnScales: columnScales)
        #expect(scalarQ.values == bestQ.values && scalarQ.scales == bestQ.scales)
        let (length, heads, size) = (13, 3, 8)
        let qkv = Self.random(length * 3 * heads * size, seed: 7, range: 2)
        let scalar = Int8Kernels.attention(qkv, length: length, heads: heads, size: size, family: .scalar)
        #expect(scalar == Int8Kernels.attention(qkv, length: length, heads: heads, size: size, family: .best))
        // Against a plain Double reference: softmax(q·k/√size)·v per head.
        for i in 0..<length {
            for h in 0..<heads {
                var scores = (0..<length).map { j in
                    (0..<size).reduce(0.0) { sum, d in
                        sum + Double(qkv[i * 3 * heads * size + h * size + d])
                            * Double(qkv[j * 3 * heads * size + heads * size + h * size + d])
                    } / Double(size).squareRoot()
                }
                let largest = scores.max()!
                scores = scores.map { exp($0 - largest) }
                let total = scores.reduce(0, +)
                for d in 0..<size {
                    let expected = (0..<length).reduce(0.0) { sum, j in
                        sum + scores[j] / total * Double(qkv[j * 3 * heads * size + 2 * heads * size + h * size + d])
                    }
                    #expect(abs(Double(scalar[i * heads * size + h * size + d]) - expected) < 1e-5)
                }
            }
        }
    }

    @Test("a quantised linear layer with an outlier column stays within 1% of the float product")
    func linearLayer() throws {
        let (rows, columns, count) = (24, 64, 3)
        var w = Self.random(rows * columns, seed: 8, range: 0.1)
        for r in 0..<rows { w[r * columns + 5] *= 40 }  // one outlier column, as BERT's layers have
        let bias = Self.random(rows, seed: 9)
        let x = Self.random(count * columns, seed: 10, range: 3)
        let layer = QuantizedLinear(
            weight: Tensor(shape: [rows, columns], scalars: w), bias: Tensor(shape: [rows], scalars: bias))
        #expect(layer.columnScales[5] > 5 * layer.columnScales[4])
        var values = [Int16](repeating: 0, count: count * columns)
        var scales = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: count * rows)
        values.withUnsafeMutableBufferPointer { v in
            scales.withUnsafeMutableBufferPointer { s in
                layer.apply(
                    x, count: count, buffer: ActivationBuffer(values: v.baseAddress!, scales: s.baseAddress!),
                    into: &out, threads: 1)
            }
        }
        for t in 0..<count {
            let expected = (0..<rows).map { r in
                (0..<columns).reduce(Double(bias[r])) { $0 + Double(w[r * columns + $1]) * Double(x[t * columns + $1]) }
            }
            let norm = expected.map { $0 * $0 }.reduce(0, +).squareRoot()
            for r in 0..<rows { #expect(abs(Double(out[t * rows + r]) - expected[r]) <= 0.01 * norm) }
        }
    }
}
