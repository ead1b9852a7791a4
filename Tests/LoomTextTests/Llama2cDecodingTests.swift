import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The llama2.c-format path end to end: a checkpoint written here (odd widths, so every tail of
/// the float32 kernels runs), greedy decoding on one and two threads, and a float64 forward pass
/// written from llama2.c's `run.c` description as the reference.
@Suite("llama2.c checkpoints decoded greedily")
struct Llama2cDecodingTests {
    /// dim 200 (pairs of 8-float chunks and a lone chunk), hidden 300 (pairs, a lone chunk and a
    /// tail of 4), grouped-query attention, 256 tokens, a 40-position context, a classifier of its
    /// own (a shared one makes random weights repeat their input token): every product is large
    /// enough to be split between two threads.
    static let config = TransformerConfig(
        dim: 200, hiddenDim: 300, layerCount: 2, headCount: 10, kvHeadCount: 5, vocabularySize: 256,
        sequenceLength: 40, sharedClassifier: false)

    typealias Decoded = (tokens: [Int], logits: [[Float]])

    /// The checkpoint's floats after the header, in llama2.c's order, seeded.
    static func weights(_ c: TransformerConfig, seed: UInt64) -> [Float] {
        var random = Seed(seed).makeRandom()
        func uniform(_ count: Int, _ bound: Float) -> [Float] {
            (0..<count).map { _ in (random.nextFloat() * 2 - 1) * bound }
        }
        func norms(_ count: Int) -> [Float] { (0..<count).map { _ in 0.8 + 0.4 * random.nextFloat() } }
        let (d, h, l, kv) = (c.dim, c.hiddenDim, c.layerCount, c.kvDim)
        var floats = uniform(c.vocabularySize * d, 1)
        floats += norms(l * d)
        floats += uniform(l * d * d, 1 / Float(d).squareRoot())
        floats += uniform(2 * l * kv * d, 1 / Float(d).squareRoot())
        floats += uniform(l * d * d, 1 / Float(d).squareRoot())
        floats += norms(l * d)
        floats += uniform(l * h * d, 1 / Float(d).squareRoot())
        floats += uniform(l * d * h, 1 / Float(h).squareRoot())
        floats += uniform(l * h * d, 1 / Float(d).squareRoot())
        floats += norms(d)
        // The two unused RoPE tables llama2.c files still carry.
        floats += [Float](repeating: 0, count: c.sequenceLength * c.headSize)
        if !c.sharedClassifier { floats += uniform(c.vocabularySize * d, 1 / Float(d).squareRoot()) }
        return floats
    }

    /// A llama2.c checkpoint: the seven header integers (the vocabulary negative for a classifier
    /// of its own), then `weights`.
    static func checkpoint(_ c: TransformerConfig, _ weights: [Float]) -> [UInt8] {
        let vocabulary = c.sharedClassifier ? c.vocabularySize : -c.vocabularySize
        let header = [c.dim, c.hiddenDim, c.layerCount, c.headCount, c.kvHeadCount, vocabulary, c.sequenceLength]
        var bytes: [UInt8] = []
        for field in header { withUnsafeBytes(of: Int32(field).littleEndian) { bytes += $0 } }
        for value in weights { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// Greedy decoding from token 1 for `steps` positions: the tokens chosen and every step's logits.
    static func decode(_ model: Transformer, threads: Int, kvCache: KVCacheType, steps: Int) throws -> Decoded {
        var state = TransformerState(model, threads: threads, kvCache: kvCache)
        var (token, tokens, logits) = (1, [Int](), [[Float]]())
        for position in 0..<steps {
            let row = try state.forward(token: token, position: position)
            token = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            tokens.append(token)
            logits.append(row)
        }
        return (tokens, logits)
    }

    @Test("greedy tokens and logits are the same bits on one and two threads, for either cache")
    func threadsAgree() throws {
        let c = Self.config
        let model = try Transformer.llama2c(bytes: Self.checkpoint(c, Self.weights(c, seed: 24)), name: "odd.bin")
        for cache in [KVCacheType.f16, .f32] {
            let one = try Self.decode(model, threads: 1, kvCache: cache, steps: c.sequenceLength)
            let two = try Self.decode(model, threads: 2, kvCache: cache, steps: c.sequenceLength)
            #expect(one.tokens == two.tokens, "\(cache)")
            #expect(one.logits.map { $0.map(\.bitPattern) } == two.logits.map { $0.map(\.bitPattern) }, "\(cache)")
            // Not a constant stream: the test would pass on a model that ignores its input otherwise.
            #expect(Set(one.tokens).count >= 5, "\(cache): \(one.tokens)")
        }
    }

    @Test("greedy tokens equal a float64 forward pass, and every logit is within 1e-4 of it", arguments: [24, 25, 26])
    func matchesFloat64Reference(seed: Int) throws {
        let c = Self.config
        let weights = Self.weights(c, seed: UInt64(seed))
        let model = try Transformer.llama2c(bytes: Self.checkpoint(c, weights), name: "odd.bin")
        let loom = try Self.decode(model, threads: 2, kvCache: .f32, steps: c.sequenceLength)
        var reference = Float64Llama(config: c, weights: weights)
        var token = 1
        for position in 0..<c.sequenceLength {
            let logits = reference.forward(token: token, position: position)
            let largest = zip(logits, loom.logits[position]).map { abs($0 - Double($1)) }.max()!
            #expect(largest < 1e-4, "position \(position): logits differ by \(largest)")
            // The reference follows Loom's tokens, so one near-tie cannot derail the rest.
            let best = logits.indices.max { logits[$0] < logits[$1] }!
            let sorted = logits.sorted(by: >)
            if sorted[0] - sorted[1] > 1e-3 {
                #expect(best == loom.tokens[position], "position \(position)")
            }
            token = loom.tokens[position]
        }
    }

    @Test("the float32 kernels give every row the single dot product's bits, for every width 1 ... 80 and 301")
    func kernelsAgreeOnEveryWidth() {
        var random = Seed(77).makeRandom()
        for columns in Array(1...80) + [301] {
            let (rows, count) = (9, 6)
            let w = (0..<(rows * columns)).map { _ in random.nextFloat() * 2 - 1 }
            let x = (0..<(columns * count)).map { _ in random.nextFloat() * 2 - 1 }
            var out = [Float](repeating: .nan, count: rows * count)
            w.withUnsafeBytes { weights in
                x.withUnsafeBytes { activations in
                    let matrix = WeightMatrix(type: .f32, base: weights.baseAddress!, rows: rows, columns: columns)
                    out.withUnsafeMutableBufferPointer {
                        Kernels.multiply(
                            matrix, rows: 0..<rows, activations: activations.baseAddress!, activationBytes: columns * 4,
                            count: count, into: $0.baseAddress!, outStride: rows)
                    }
                    for t in 0..<count {
                        let single = UnsafeRawPointer(activations.baseAddress! + t * columns * 4)
                        for r in 0..<rows {
                            let dot = Kernels.dot(matrix, row: r, activation: single)
                            #expect(out[t * rows + r].bitPattern == dot.bitPattern, "n \(columns) row \(r) token \(t)")
                            var exact: Double = 0
                            for i in 0..<columns { exact += Double(w[r * columns + i]) * Double(x[t * columns + i]) }
                            #expect(abs(Double(dot) - exact) < 1e-5 * Double(columns), "n \(columns) row \(r)")
                        }
                    }
                }
            }
        }
    }
}

/// llama2.c's forward pass in float64: RMS norms, RoPE on adjacent pairs, grouped-query
/// attention, SwiGLU, a shared or separate classifier.
struct Float64Llama {
    let c: TransformerConfig
    let w: [Double]
    var keys: [Double], values: [Double]

    init(config: TransformerConfig, weights: [Float]) {
        c = config
        w = weights.map(Double.init)
        keys = [Double](repeating: 0, count: c.layerCount * c.sequenceLength * c.kvDim)
        values = keys
    }

    private func matmul(_ offset: Int, _ x: [Double], rows: Int) -> [Double] {
        (0..<rows).map { r in
            var sum = 0.0
            for (i, value) in x.enumerated() { sum += w[offset + r * x.count + i] * value }
            return sum
        }
    }

    private func rmsNorm(_ x: [Double], _ offset: Int) -> [Double] {
        let scale = 1 / (x.reduce(0) { $0 + $1 * $1 } / Double(x.count) + 1e-5).squareRoot()
        return x.indices.map { w[offset + $0] * x[$0] * scale }
    }

    private func rotate(_ v: inout [Double], position: Int) {
        let head = c.headSize
        for i in stride(from: 0, to: v.count, by: 2) {
            let angle = Double(position) / pow(10000, Double(i % head) / Double(head))
            let (a, b) = (v[i], v[i + 1])
            v[i] = a * cos(angle) - b * sin(angle)
            v[i + 1] = a * sin(angle) + b * cos(angle)
        }
    }

    mutating func forward(token: Int, position: Int) -> [Double] {
        let (d, h, l, kv, head, n) = (c.dim, c.hiddenDim, c.layerCount, c.kvDim, c.headSize, c.sequenceLength)
        let attentionNorm = c.vocabularySize * d
        let wq = attentionNorm + l * d
        let wk = wq + l * d * d
        let wv = wk + l * kv * d
        let wo = wv + l * kv * d
        let ffnNorm = wo + l * d * d
        let w1 = ffnNorm + l * d
        let w2 = w1 + l * h * d
        let w3 = w2 + l * d * h
        let finalNorm = w3 + l * h * d
        let classifier = c.sharedClassifier ? 0 : finalNorm + d + n * head
        var x = Array(w[(token * d)..<(token * d + d)])
        for layer in 0..<l {
            let xb = rmsNorm(x, attentionNorm + layer * d)
            var q = matmul(wq + layer * d * d, xb, rows: d)
            var k = matmul(wk + layer * kv * d, xb, rows: kv)
            let v = matmul(wv + layer * kv * d, xb, rows: kv)
            rotate(&q, position: position)
            rotate(&k, position: position)
            let cache = (layer * n + position) * kv
            for i in 0..<kv { (keys[cache + i], values[cache + i]) = (k[i], v[i]) }
            var attended = [Double](repeating: 0, count: d)
            for headIndex in 0..<c.headCount {
                let kvHead = headIndex / (c.headCount / c.kvHeadCount)
                let scores = (0...position).map { t in
                    (0..<head).reduce(0.0) { sum, i in
                        sum + q[headIndex * head + i] * keys[(layer * n + t) * kv + kvHead * head + i]
                    } / Double(head).squareRoot()
                }
                let largest = scores.max()!
                let exps = scores.map { exp($0 - largest) }
                let total = exps.reduce(0, +)
                for t in 0...position {
                    for i in 0..<head {
                        attended[headIndex * head + i] +=
                            exps[t] / total * values[(layer * n + t) * kv + kvHead * head + i]
                    }
                }
            }
            let out = matmul(wo + layer * d * d, attended, rows: d)
            for i in 0..<d { x[i] += out[i] }
            let xf = rmsNorm(x, ffnNorm + layer * d)
            let gate = matmul(w1 + layer * h * d, xf, rows: h)
            let up = matmul(w3 + layer * h * d, xf, rows: h)
            let hidden = (0..<h).map { gate[$0] / (1 + exp(-gate[$0])) * up[$0] }
            let down = matmul(w2 + layer * d * h, hidden, rows: d)
            for i in 0..<d { x[i] += down[i] }
        }
        return matmul(classifier, rmsNorm(x, finalNorm), rows: c.vocabularySize)
    }
}
