import Foundation
import LoomCore
import LoomLearn

/// The mutable buffers of one generation: activations and the key/value cache
/// (llama2.c's `RunState`). Allocated once; ``forward(token:position:)`` allocates nothing.
///
/// A state is not shared between threads; make one per concurrent generation. Copies of a
/// state share its buffers (they are one generation), so make a fresh state to start another.
public struct TransformerState {
    /// The model whose weights this state runs.
    public let model: Transformer
    /// Threads used for the matrix-vector products. Default: 1. The output is the same bytes
    /// on any count.
    public var threads: Int
    private let buffers: StateBuffers

    /// Fresh state for `model` with an empty cache.
    public init(_ model: Transformer, threads: Int = 1) {
        self.model = model
        self.threads = max(1, threads)
        self.buffers = StateBuffers(model.config)
    }

    /// Runs token `token` at `position` and returns the logits over the vocabulary.
    ///
    /// Positions must be fed in order from 0 (each call caches that position's keys and
    /// values). Throws `.invalidArgument` for a token outside the vocabulary or a position at or
    /// past the sequence length.
    public mutating func forward(token: Int, position: Int) throws -> [Float] {
        try forwardInPlace(token: token, position: position)
        return Array(UnsafeBufferPointer(start: buffers.logits, count: model.config.vocabularySize))
    }

    /// Runs the model like ``forward(token:position:)`` and hands the logits to `body` without
    /// copying them; they are valid until the next call.
    public mutating func forward<R>(
        token: Int, position: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) throws -> R {
        try forwardInPlace(token: token, position: position)
        return try body(UnsafeMutableBufferPointer(start: buffers.logits, count: model.config.vocabularySize))
    }

    private func forwardInPlace(token: Int, position: Int) throws {
        let c = model.config
        guard token >= 0, token < c.vocabularySize else {
            throw LoomError(.invalidArgument, "token \(token) is outside the vocabulary 0..<\(c.vocabularySize)")
        }
        guard position >= 0, position < c.sequenceLength else {
            throw LoomError(
                .invalidArgument, "position \(position) is outside the model's context 0..<\(c.sequenceLength)")
        }
        let w = model.weights
        let s = buffers
        let (dim, hidden, kvDim) = (c.dim, c.hiddenDim, c.kvDim)
        let x = s.x
        x.update(from: w.pointer(w.tokenEmbedding) + token * dim, count: dim)
        for layer in 0..<c.layerCount {
            rmsNorm(s.xb, x, w.pointer(w.attentionNorm, layer: layer, stride: dim), dim)
            let cacheOffset = layer * c.sequenceLength * kvDim + position * kvDim
            let key = s.keyCache + cacheOffset
            let value = s.valueCache + cacheOffset
            matvec(s.q, w.pointer(w.wq, layer: layer, stride: dim * dim), s.xb, dim, dim)
            matvec(key, w.pointer(w.wk, layer: layer, stride: kvDim * dim), s.xb, kvDim, dim)
            matvec(value, w.pointer(w.wv, layer: layer, stride: kvDim * dim), s.xb, kvDim, dim)
            rotate(s.q, dim, position)
            rotate(key, kvDim, position)
            attend(layer: layer, position: position)
            matvec(s.xb2, w.pointer(w.wo, layer: layer, stride: dim * dim), s.xb, dim, dim)
            for i in 0..<dim { x[i] += s.xb2[i] }
            rmsNorm(s.xb, x, w.pointer(w.feedForwardNorm, layer: layer, stride: dim), dim)
            matvec(s.hb, w.pointer(w.w1, layer: layer, stride: hidden * dim), s.xb, hidden, dim)
            matvec(s.hb2, w.pointer(w.w3, layer: layer, stride: hidden * dim), s.xb, hidden, dim)
            for i in 0..<hidden {
                let gate = s.hb[i]
                s.hb[i] = gate / (1 + exp(-gate)) * s.hb2[i]
            }
            matvec(s.xb, w.pointer(w.w2, layer: layer, stride: dim * hidden), s.hb, dim, hidden)
            for i in 0..<dim { x[i] += s.xb[i] }
        }
        rmsNorm(x, x, w.pointer(w.finalNorm), dim)
        matvec(s.logits, w.pointer(w.classifier), x, c.vocabularySize, dim)
    }

    private func matvec(
        _ out: UnsafeMutablePointer<Float>, _ matrix: UnsafePointer<Float>, _ input: UnsafePointer<Float>,
        _ rows: Int, _ columns: Int
    ) {
        BLAS.matrixVectorProduct(matrix, rows: rows, columns: columns, x: input, into: out, threads: threads)
    }

    private func rmsNorm(
        _ out: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ n: Int
    ) {
        var sum: Float = 0
        for i in 0..<n { sum += input[i] * input[i] }
        let scale = 1 / (sum / Float(n) + model.config.normEpsilon).squareRoot()
        for i in 0..<n { out[i] = weight[i] * (scale * input[i]) }
    }

    /// Rotary embedding with llama2.c's convention: adjacent pairs (2i, 2i+1) of each head
    /// rotate by `position · θ^(-2i/headSize)`.
    private func rotate(_ vector: UnsafeMutablePointer<Float>, _ n: Int, _ position: Int) {
        let headSize = model.config.headSize
        let frequencies = buffers.frequencies
        for i in stride(from: 0, to: n, by: 2) {
            let angle = Float(position) * frequencies[(i % headSize) / 2]
            let (cosine, sine) = (cos(angle), sin(angle))
            let (a, b) = (vector[i], vector[i + 1])
            vector[i] = a * cosine - b * sine
            vector[i + 1] = a * sine + b * cosine
        }
    }

    /// Causal attention of every query head over positions `0...position`, grouped-query:
    /// query head `h` reads key/value head `h / (headCount / kvHeadCount)`.
    private func attend(layer: Int, position: Int) {
        let c = model.config
        let s = buffers
        let (headSize, kvDim) = (c.headSize, c.kvDim)
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headSize).squareRoot()
        let layerOffset = layer * c.sequenceLength * kvDim
        for head in 0..<c.headCount {
            let q = s.q + head * headSize
            let scores = s.attention + head * c.sequenceLength
            let kvHead = (head / group) * headSize
            var largest = -Float.infinity
            for t in 0...position {
                let k = s.keyCache + layerOffset + t * kvDim + kvHead
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
            let out = s.xb + head * headSize
            out.update(repeating: 0, count: headSize)
            for t in 0...position {
                let v = s.valueCache + layerOffset + t * kvDim + kvHead
                let weight = scores[t] / total
                for i in 0..<headSize { out[i] += weight * v[i] }
            }
        }
    }
}

/// The raw buffers of a ``TransformerState``, freed with it.
private final class StateBuffers {
    let x, xb, xb2, hb, hb2, q, attention, logits, keyCache, valueCache, frequencies: UnsafeMutablePointer<Float>
    private let all: [UnsafeMutablePointer<Float>]

    init(_ c: TransformerConfig) {
        func make(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        x = make(c.dim)
        xb = make(c.dim)
        xb2 = make(c.dim)
        hb = make(c.hiddenDim)
        hb2 = make(c.hiddenDim)
        q = make(c.dim)
        attention = make(c.headCount * c.sequenceLength)
        logits = make(c.vocabularySize)
        keyCache = make(c.layerCount * c.sequenceLength * c.kvDim)
        valueCache = make(c.layerCount * c.sequenceLength * c.kvDim)
        frequencies = make(c.headSize / 2)
        for i in 0..<(c.headSize / 2) {
            frequencies[i] = 1 / pow(c.ropeTheta, Float(2 * i) / Float(c.headSize))
        }
        all = [x, xb, xb2, hb, hb2, q, attention, logits, keyCache, valueCache, frequencies]
    }

    deinit { for pointer in all { pointer.deallocate() } }
}
