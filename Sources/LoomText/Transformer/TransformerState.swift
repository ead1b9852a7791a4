import Foundation
import LoomCore

/// The mutable buffers of one generation: activations and the key/value cache
/// (llama2.c's `RunState`). Allocated once; a forward pass allocates nothing.
///
/// Prompts run in batches (``forward(tokens:startingAt:)``: each weight matrix is read once
/// for up to 64 tokens), generation one token at a time. The matrices are multiplied in place
/// in their stored type (quantised or not), with the activations converted per block as the
/// kernels read them.
///
/// A state is not shared between threads; make one per concurrent generation. Copies of a
/// state share its buffers (they are one generation), so make a fresh state to start another.
public struct TransformerState {
    /// The model whose weights this state runs.
    public let model: Transformer
    /// Threads used for the matrix products. Default: 1. The output is the same bytes on any
    /// count: output rows are split between threads, and each row is computed the same way.
    public var threads: Int
    let buffers: StateBuffers

    /// Tokens a batch holds; longer prompts run in several batches.
    static let batchCapacity = 64

    /// Fresh state for `model` with an empty cache.
    public init(_ model: Transformer, threads: Int = 1) {
        self.model = model
        self.threads = max(1, threads)
        self.buffers = StateBuffers(model, batch: Self.batchCapacity)
    }

    /// Runs token `token` at `position` and returns the logits over the vocabulary.
    ///
    /// Positions must be fed in order from 0 (each call caches that position's keys and
    /// values). Throws `.invalidArgument` for a token outside the vocabulary or a position at or
    /// past the sequence length.
    public mutating func forward(token: Int, position: Int) throws -> [Float] {
        try forward(tokens: [token], startingAt: position)
    }

    /// Runs the model like ``forward(token:position:)`` and hands the logits to `body` without
    /// copying them; they are valid until the next call.
    public mutating func forward<R>(
        token: Int, position: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) throws -> R {
        try forward(tokens: [token], startingAt: position, body)
    }

    /// Runs `tokens` at positions `position ..< position + tokens.count` (in batches) and
    /// returns the logits after the last one.
    ///
    /// The cache must hold positions `0 ..< position`; the new tokens' keys and values are
    /// cached. Throws `.invalidArgument` for an empty list, a token outside the vocabulary, or
    /// positions past the sequence length.
    public mutating func forward(tokens: [Int], startingAt position: Int) throws -> [Float] {
        try forward(tokens: tokens, startingAt: position) { Array($0) }
    }

    /// Runs `tokens` like ``forward(tokens:startingAt:)`` and hands the last logits to `body`
    /// without copying them; they are valid until the next call.
    public mutating func forward<R>(
        tokens: [Int], startingAt position: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) throws -> R {
        try check(tokens, position)
        var start = 0
        while start < tokens.count {
            let count = min(Self.batchCapacity, tokens.count - start)
            let isLast = start + count == tokens.count
            run(tokens[start..<(start + count)], at: position + start, logits: isLast ? .last : .none)
            start += count
        }
        return try body(UnsafeMutableBufferPointer(start: buffers.logits, count: model.config.vocabularySize))
    }

    /// The logits after every one of `tokens` (teacher forcing), one array per token.
    public mutating func logitsForEach(tokens: [Int], startingAt position: Int) throws -> [[Float]] {
        try check(tokens, position)
        var result: [[Float]] = []
        let vocabulary = model.config.vocabularySize
        var start = 0
        while start < tokens.count {
            let count = min(Self.batchCapacity, tokens.count - start)
            run(tokens[start..<(start + count)], at: position + start, logits: .all)
            let all = buffers.allLogits()
            for t in 0..<count {
                result.append(Array(UnsafeBufferPointer(start: all + t * vocabulary, count: vocabulary)))
            }
            start += count
        }
        return result
    }

    private func check(_ tokens: [Int], _ position: Int) throws {
        let c = model.config
        guard !tokens.isEmpty else { throw LoomError(.invalidArgument, "no tokens to run") }
        for token in tokens where token < 0 || token >= c.vocabularySize {
            throw LoomError(.invalidArgument, "token \(token) is outside the vocabulary 0..<\(c.vocabularySize)")
        }
        guard position >= 0, position + tokens.count <= c.sequenceLength else {
            let last = position + tokens.count - 1
            throw LoomError(
                .invalidArgument,
                "position \(position < 0 ? position : last) is outside the model's context 0..<\(c.sequenceLength)")
        }
    }

    enum LogitRows { case none, last, all }

    /// One batch of at most ``batchCapacity`` tokens through every layer.
    private func run(_ tokens: ArraySlice<Int>, at position: Int, logits: LogitRows) {
        let c = model.config
        let t = model.tensors
        let s = buffers
        let n = tokens.count
        let (dim, hidden) = (c.dim, c.hiddenDim)
        let (qDim, kvDim) = (s.queryDim, s.kvDim)
        for (row, token) in tokens.enumerated() { t.embedding.decodeRow(token, into: s.x + row * dim) }
        for (l, layer) in t.layers.enumerated() {
            for row in 0..<n { rmsNorm(s.xb + row * dim, s.x + row * dim, layer.attentionNorm, dim) }
            let keys = s.keyCache + (l * s.context + position) * kvDim
            let values = s.valueCache + (l * s.context + position) * kvDim
            s.newInput()
            multiply(layer.wq, s.xb, count: n, into: s.q, bias: layer.qBias)
            multiply(layer.wk, s.xb, count: n, into: keys, bias: layer.kBias)
            multiply(layer.wv, s.xb, count: n, into: values, bias: layer.vBias)
            for row in 0..<n {
                let q = s.q + row * qDim
                let k = keys + row * kvDim
                if let qNorm = layer.qNorm, let kNorm = layer.kNorm {
                    for head in 0..<c.headCount {
                        rmsNorm(q + head * s.headSize, q + head * s.headSize, qNorm, s.headSize)
                    }
                    for head in 0..<c.kvHeadCount {
                        rmsNorm(k + head * s.headSize, k + head * s.headSize, kNorm, s.headSize)
                    }
                }
                rotate(q, qDim, position + row)
                rotate(k, kvDim, position + row)
            }
            for row in 0..<n { attend(layer: l, row: row, position: position + row) }
            s.newInput()
            multiply(layer.wo, s.attentionOut, count: n, into: s.xb2, bias: nil)
            for i in 0..<(n * dim) { s.x[i] += s.xb2[i] }
            for row in 0..<n { rmsNorm(s.xb + row * dim, s.x + row * dim, layer.feedForwardNorm, dim) }
            s.newInput()
            multiply(layer.gate, s.xb, count: n, into: s.hb, bias: nil)
            multiply(layer.up, s.xb, count: n, into: s.hb2, bias: nil)
            for i in 0..<(n * hidden) {
                let gate = s.hb[i]
                s.hb[i] = gate / (1 + exp(-gate)) * s.hb2[i]
            }
            s.newInput()
            multiply(layer.down, s.hb, count: n, into: s.xb, bias: nil)
            for i in 0..<(n * dim) { s.x[i] += s.xb[i] }
        }
        switch logits {
        case .none: break
        case .last:
            let last = s.x + (n - 1) * dim
            rmsNorm(last, last, t.finalNorm, dim)
            s.newInput()
            multiply(t.classifier, last, count: 1, into: s.logits, bias: nil)
        case .all:
            for row in 0..<n { rmsNorm(s.x + row * dim, s.x + row * dim, t.finalNorm, dim) }
            s.newInput()
            multiply(t.classifier, s.x, count: n, into: s.allLogits(), bias: nil)
        }
    }

    /// `out[row] = matrix · input[row] (+ bias)` for `count` rows, output rows split between
    /// threads.
    private func multiply(
        _ matrix: WeightMatrix, _ input: UnsafeMutablePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>?
    ) {
        let (activations, rowBytes) = buffers.convert(input, count: count, columns: matrix.columns, for: matrix)
        let target = KernelCall(matrix: matrix, activations: activations, rowBytes: rowBytes, count: count, out: out)
        // Small products cost more to hand to a thread than to do.
        if threads == 1 || matrix.rows * matrix.columns * count < 1 << 16 {
            target.run(0..<matrix.rows)
        } else {
            let chunk = ((matrix.rows + threads - 1) / threads + 15) / 16 * 16
            Parallel.forEachChunk(of: matrix.rows, chunkSize: chunk, threads: threads) { target.run($0) }
        }
        if let bias {
            for row in 0..<count {
                for i in 0..<matrix.rows { out[row * matrix.rows + i] += bias[i] }
            }
        }
    }

    private func rmsNorm(
        _ out: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ n: Int
    ) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(input[i] * input[i]) }
        let scale = 1 / (Float(sum / Double(n)) + model.config.normEpsilon).squareRoot()
        for i in 0..<n { out[i] = weight[i] * (scale * input[i]) }
    }

    /// Rotary embedding of each head of `vector` (`n` values) at `position`: adjacent pairs
    /// `(2i, 2i+1)` (llama) or halves `(i, i + head/2)` (Qwen), pair `i` turning by
    /// `position · frequencies[i]`.
    private func rotate(_ vector: UnsafeMutablePointer<Float>, _ n: Int, _ position: Int) {
        let headSize = buffers.headSize
        let half = headSize / 2
        let frequencies = buffers.frequencies
        let adjacent = model.tensors.rotary == .adjacent
        for pair in 0..<half {
            let angle = Float(position) * frequencies[pair]
            let (cosine, sine) = (cos(angle), sin(angle))
            for head in stride(from: 0, to: n, by: headSize) {
                let (i, j) = adjacent ? (head + 2 * pair, head + 2 * pair + 1) : (head + pair, head + pair + half)
                let (a, b) = (vector[i], vector[j])
                vector[i] = a * cosine - b * sine
                vector[j] = a * sine + b * cosine
            }
        }
    }

    /// Causal attention of every query head of batch row `row` over positions `0...position`,
    /// grouped-query: query head `h` reads key/value head `h / (headCount / kvHeadCount)`.
    private func attend(layer: Int, row: Int, position: Int) {
        let c = model.config
        let s = buffers
        let (headSize, kvDim) = (s.headSize, s.kvDim)
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headSize).squareRoot()
        let keys = s.keyCache + layer * s.context * kvDim
        let values = s.valueCache + layer * s.context * kvDim
        for head in 0..<c.headCount {
            let q = s.q + row * s.queryDim + head * headSize
            let scores = s.scores
            let kvHead = (head / group) * headSize
            var largest = -Float.infinity
            for t in 0...position {
                let k = keys + t * kvDim + kvHead
                var dot: Float = 0
                for i in 0..<headSize { dot += q[i] * k[i] }
                scores[t] = dot * scale
                largest = max(largest, scores[t])
            }
            var total: Float = 0
            for t in 0...position {
                scores[t] = exp(scores[t] - largest)
                total += scores[t]
            }
            let out = s.attentionOut + row * s.queryDim + head * headSize
            out.update(repeating: 0, count: headSize)
            for t in 0...position {
                let v = values + t * kvDim + kvHead
                let weight = scores[t] / total
                for i in 0..<headSize { out[i] += weight * v[i] }
            }
        }
    }
}

/// One matrix product handed to worker threads; each call writes only its own rows.
private struct KernelCall: @unchecked Sendable {
    let matrix: WeightMatrix
    let activations: UnsafeRawPointer
    let rowBytes: Int
    let count: Int
    let out: UnsafeMutablePointer<Float>

    func run(_ rows: Range<Int>) {
        Kernels.multiply(
            matrix, rows: rows, activations: activations, activationBytes: rowBytes, count: count, into: out,
            outStride: matrix.rows)
    }
}
