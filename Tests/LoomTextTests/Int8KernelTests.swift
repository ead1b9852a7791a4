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

    @Test(
        "the packed layout puts column pairs of 8 rows side by side, with zero padding",
        arguments: [(rows: 8, columns: 4), (rows: 11, columns: 5)])
    func packing(rows: Int, columns: Int) {
        let q = (0..<(rows * columns)).map { Int8(truncatingIfNeeded: $0 * 7 - 60) }
        let packed = Int8Kernels.pack(q, rows: rows, columns: columns)
        let pairs = (columns + 1) / 2
        #expect(packed.count == (rows + 7) / 8 * 8 * pairs * 2)
        for (index, value) in packed.enumerated() {
            let (group, rest) = index.quotientAndRemainder(dividingBy: pairs * 16)
            let (pair, lane) = rest.quotientAndRemainder(dividingBy: 16)
            let (r, k) = (group * 8 + lane / 2, pair * 2 + lane % 2)
            #expect(value == (r < rows && k < columns ? Int16(q[r * columns + k]) : 0), "index \(index)")
        }
    }

    @Test(
        "a fused GELU and a range of rows give the bits of the whole product followed by GELU, in every family",
        arguments: [(rows: 48, columns: 64, count: 7), (rows: 21, columns: 33, count: 2)])
    func fusedGeluAndRowRanges(rows: Int, columns: Int, count: Int) {
        let weights = Int8Kernels.quantizeWeights(Self.random(rows * columns, seed: 11), rows: rows, columns: columns)
        let activations = Int8Kernels.quantizeActivations(
            Self.random(count * columns, seed: 12, range: 4), rows: count, columns: columns)
        let bias = Self.random(rows, seed: 13)
        let whole = Int8Kernels.matmul(
            .scalar, weights: weights, bias: bias, activations: activations, columns: columns)
        let expected = Int8Kernels.gelu(whole, family: .scalar)
        for family in Int8Kernels.Family.allCases {
            let fused = Int8Kernels.matmul(
                family, weights: weights, bias: bias, activations: activations, columns: columns, gelu: true)
            #expect(fused == expected, "\(Int8Kernels.name(family))")
            // Rows from 8 on only: the first 8 columns of every output row stay 0.
            let part = Int8Kernels.matmul(
                family, weights: weights, bias: bias, activations: activations, columns: columns, rows: 8..<rows)
            for t in 0..<count {
                for r in 0..<rows {
                    #expect(part[t * rows + r] == (r < 8 ? 0 : whole[t * rows + r]), "\(Int8Kernels.name(family))")
                }
            }
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

    @Test(
        "short sequences take their own attention with the general form's bits, in every family",
        arguments: [(length: 1, size: 32), (length: 7, size: 32), (length: 16, size: 32), (length: 9, size: 24)])
    func shortAttention(length: Int, size: Int) {
        let heads = 3
        let qkv = Self.random(length * 3 * heads * size, seed: UInt64(20 + length), range: 3)
        let general = Int8Kernels.attention(qkv, length: length, heads: heads, size: size, general: true)
        for family in Int8Kernels.Family.allCases {
            #expect(
                Int8Kernels.attention(qkv, length: length, heads: heads, size: size, family: family) == general,
                "\(Int8Kernels.name(family))")
        }
        // Each context row is a convex combination of the value rows: within their range.
        for i in 0..<length {
            for d in 0..<(heads * size) {
                let values = (0..<length).map { qkv[$0 * 3 * heads * size + 2 * heads * size + d] }
                #expect(general[i * heads * size + d] >= values.min()! - 1e-5)
                #expect(general[i * heads * size + d] <= values.max()! + 1e-5)
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
