import CLoomKernels
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

    /// Fresh state for `model` with an empty cache. `kvCache`: how keys and values are cached
    /// (default `.f16`, as llama.cpp's default; `.f32` keeps them exactly, at twice the memory).
    public init(_ model: Transformer, threads: Int = 1, kvCache: KVCacheType = .f16) {
        self.model = model
        self.threads = max(1, threads)
        self.buffers = StateBuffers(model, batch: Self.batchCapacity, cache: kvCache)
    }

    /// How this state caches keys and values.
    public var kvCache: KVCacheType { buffers.cacheType }

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
        try checkFinite(buffers.logits, position: position + tokens.count - 1)
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
                try checkFinite(all + t * vocabulary, position: position + start + t)
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

    /// Throws when a logit is NaN or infinite (a broken or overflowing model), naming the file.
    private func checkFinite(_ logits: UnsafePointer<Float>, position: Int) throws {
        let index = loom_first_nonfinite(logits, Int64(model.config.vocabularySize))
        guard index >= 0 else { return }
        throw LoomError(
            .runtime,
            "\(model.source): the logit of token \(index) at position \(position) is \(logits[Int(index)]), not a finite "
                + "number: the model's weights are broken or its activations overflow")
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
            let (keys, values) = (s.newKeys, s.newValues)
            s.newInput()
            multiply(
                [(layer.wq, s.q, layer.qBias), (layer.wk, keys, layer.kBias), (layer.wv, values, layer.vBias)], s.xb,
                count: n)
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
                withUnsafeTemporaryAllocation(of: Float.self, capacity: s.headSize) { table in
                    let turns = table.baseAddress!
                    angles(position + row, into: turns)
                    rotate(q, qDim, by: turns)
                    rotate(k, kvDim, by: turns)
                }
            }
            s.store(layer: l, at: position, count: n)
            s.attend(layer: l, at: position, count: n, heads: c.headCount, kvHeads: c.kvHeadCount, threads: threads)
            s.newInput()
            multiply(layer.wo, s.attentionOut, count: n, into: s.xb2, bias: nil)
            for i in 0..<(n * dim) { s.x[i] += s.xb2[i] }
            for row in 0..<n { rmsNorm(s.xb + row * dim, s.x + row * dim, layer.feedForwardNorm, dim) }
            s.newInput()
            multiply([(layer.gate, s.hb, nil), (layer.up, s.hb2, nil)], s.xb, count: n)
            swiGLU(s.hb, s.hb2, rows: n, width: hidden)
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
    /// the pool's threads.
    private func multiply(
        _ matrix: WeightMatrix, _ input: UnsafeMutablePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>?
    ) {
        multiply([(matrix, out, bias)], input, count: count)
    }

    /// Several products of one input (a layer's query, key and value), handed to the pool's
    /// threads as one job. The array literal at each call site stays on the stack.
    private func multiply(
        _ products: [(matrix: WeightMatrix, out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?)],
        _ input: UnsafeMutablePointer<Float>, count: Int
    ) {
        withUnsafeTemporaryAllocation(of: loom_product.self, capacity: products.count) { calls in
            for (i, product) in products.enumerated() {
                let matrix = product.matrix
                let (activations, rowBytes) = buffers.convert(input, count: count, columns: matrix.columns, for: matrix)
                calls[i] = loom_product(
                    type: Int32(matrix.type.rawValue), n: Int64(matrix.columns), weights: matrix.base,
                    row_bytes: matrix.rowBytes, rows: Int64(matrix.rows), activations: activations,
                    activation_bytes: rowBytes, out: product.out, out_stride: Int64(matrix.rows))
            }
            loom_pool_matmul_many(
                buffers.pool(threads: threads), calls.baseAddress, Int32(products.count), Int64(count))
        }
        for product in products {
            guard let bias = product.bias else { continue }
            let rows = product.matrix.rows
            for row in 0..<count {
                for i in 0..<rows { product.out[row * rows + i] += bias[i] }
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

    /// `gate[i] = silu(gate[i]) · up[i]` over `rows` rows of `width` values, in the model's
    /// reference arithmetic (llama.cpp's runs row by row).
    private func swiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, rows: Int, width: Int) {
        guard case .ggml = model.tensors.arithmetic else {
            for i in 0..<(rows * width) { gate[i] = gate[i] / (1 + exp(-gate[i])) * up[i] }
            return
        }
        for row in 0..<rows { loom_swiglu(gate + row * width, up + row * width, Int64(width), gate + row * width) }
    }

    /// The cosine and sine of each pair's angle at `position`: `turns[2i]` and `turns[2i + 1]`
    /// (`headSize` values), computed as the model's reference implementation does.
    private func angles(_ position: Int, into turns: UnsafeMutablePointer<Float>) {
        let half = buffers.headSize / 2
        switch model.tensors.arithmetic {
        case .llama2c:
            let frequencies = buffers.frequencies
            for pair in 0..<half {
                let angle = Float(position) * frequencies[pair]
                (turns[2 * pair], turns[2 * pair + 1]) = (cos(angle), sin(angle))
            }
        case .ggml(let rotation):
            var theta = Float(position)
            for pair in 0..<half {
                let angle = rotation.scale * (theta / (rotation.factors?[pair] ?? 1))
                (turns[2 * pair], turns[2 * pair + 1]) = (cos(angle), sin(angle))
                theta *= rotation.thetaScale
            }
        }
    }

    /// Rotary embedding of each head of `vector` (`n` values) by the angles `turns` holds
    /// (``angles(_:into:)``): adjacent pairs `(2i, 2i+1)` (llama) or halves `(i, i + head/2)`
    /// (Qwen). ggml rounds `(a cos − b sin, a sin + b cos)` as `fma(a, cos, −(b sin))` and
    /// `fma(a, sin, b cos)` (its gcc build contracts them so; checked against ggml_rope_ext).
    private func rotate(_ vector: UnsafeMutablePointer<Float>, _ n: Int, by turns: UnsafePointer<Float>) {
        let headSize = buffers.headSize
        let half = headSize / 2
        let adjacent = model.tensors.rotary == .adjacent
        let fused: Bool
        if case .ggml = model.tensors.arithmetic { fused = true } else { fused = false }
        for pair in 0..<half {
            let (cosine, sine) = (turns[2 * pair], turns[2 * pair + 1])
            for head in stride(from: 0, to: n, by: headSize) {
                let (i, j) = adjacent ? (head + 2 * pair, head + 2 * pair + 1) : (head + pair, head + pair + half)
                let (a, b) = (vector[i], vector[j])
                if fused {
                    vector[i] = (-(b * sine)).addingProduct(a, cosine)
                    vector[j] = (b * cosine).addingProduct(a, sine)
                } else {
                    vector[i] = a * cosine - b * sine
                    vector[j] = a * sine + b * cosine
                }
            }
        }
    }
}
