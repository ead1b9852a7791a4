import Foundation
import LoomCore
import LoomLearn

/// A BERT encoder (post-norm transformer layers) that turns batches of token sequences into
/// pooled sentence vectors.
///
/// One forward pass packs every sequence of a batch into one `[tokens, hidden]` matrix, so
/// each linear layer is a single product over all tokens of all sentences (the fast path, on
/// OpenBLAS through ``Tensor/matmul(_:transposeA:transposeB:)``), and no padding is ever
/// computed. Attention runs per sequence, each token attending to the tokens of its own
/// sentence only, which is exactly what the attention mask does for a padded batch.
///
/// Per layer: `x = LayerNorm(x + Attention(x))`, `x = LayerNorm(x + W₂·GELU(W₁·x))`, with the
/// erf form of GELU, as BERT uses.
struct BertEncoder: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// The pooled (and, when configured, L2-normalised) vectors of `sequences`:
    /// `[sequences.count, hidden]`. Every sequence must be non-empty, within the model's
    /// positions, and its ids within the vocabulary.
    func embed(_ sequences: [[Int]]) -> Tensor {
        let h = configuration.hiddenSize
        guard !sequences.isEmpty else { return Tensor(zeros: [0, h]) }
        let hidden = encode(sequences)
        let pooled = hidden.withUnsafeBufferPointer { x in
            Self.pool(x.baseAddress!, lengths: sequences.map(\.count), configuration: configuration)
        }
        return Tensor(shape: [sequences.count, h], scalars: pooled)
    }

    /// Pools token vectors (`x`: one row of `hidden` floats per token, sequences one after another)
    /// into one vector per sequence as `configuration` says, L2-normalised when it says so.
    static func pool(_ x: UnsafePointer<Float>, lengths: [Int], configuration: BertConfiguration) -> [Float] {
        let h = configuration.hiddenSize
        var pooled = [Float](repeating: 0, count: lengths.count * h)
        var offset = 0
        for (s, length) in lengths.enumerated() {
            let out = s * h
            switch configuration.pooling {
            case .mean:
                for t in 0..<length {
                    let row = (offset + t) * h
                    for j in 0..<h { pooled[out + j] += x[row + j] }
                }
                let scale = 1 / Float(length)
                for j in 0..<h { pooled[out + j] *= scale }
            case .cls:
                for j in 0..<h { pooled[out + j] = x[offset * h + j] }
            }
            if configuration.normalizes {
                var norm: Float = 0
                for j in 0..<h { norm += pooled[out + j] * pooled[out + j] }
                // sentence-transformers divides by max(‖v‖, 1e-12).
                let scale = 1 / Swift.max(norm.squareRoot(), 1e-12)
                for j in 0..<h { pooled[out + j] *= scale }
            }
            offset += length
        }
        return pooled
    }

    /// The last layer's token vectors, `[total tokens, hidden]`, sequences one after another.
    func encode(_ sequences: [[Int]]) -> Tensor {
        let c = configuration
        var ids: [Int] = []
        var positions: [Int] = []
        for sequence in sequences {
            precondition(!sequence.isEmpty && sequence.count <= c.maxPositions, "sequence length \(sequence.count)")
            ids += sequence
            positions += 0..<sequence.count
        }
        let w = weights
        let typeZero = w.typeEmbeddings.slice(0..<1, alongAxis: 0).reshaped([c.hiddenSize])
        var x = w.wordEmbeddings.embedding(ids) + w.positionEmbeddings.embedding(positions) + typeZero
        x = x.layerNorm(weight: w.embeddingNormWeight, bias: w.embeddingNormBias, epsilon: c.layerNormEpsilon)
        let lengths = sequences.map(\.count)
        for layer in w.layers {
            let qkv = x.matmul(layer.qkvWeight, transposeB: true) + layer.qkvBias
            let context = attention(qkv, lengths: lengths)
            let attended = context.matmul(layer.outputWeight, transposeB: true) + layer.outputBias
            x = (x + attended).layerNorm(
                weight: layer.attentionNormWeight, bias: layer.attentionNormBias, epsilon: c.layerNormEpsilon)
            let up = Self.gelu(x.matmul(layer.upWeight, transposeB: true) + layer.upBias)
            let down = up.matmul(layer.downWeight, transposeB: true) + layer.downBias
            x = (x + down).layerNorm(
                weight: layer.outputNormWeight, bias: layer.outputNormBias, epsilon: c.layerNormEpsilon)
        }
        return x
    }

    /// Scaled dot-product attention of every sequence over its own tokens. `qkv` is
    /// `[tokens, 3·hidden]` (queries, keys, values side by side); the result is `[tokens, hidden]`.
    func attention(_ qkv: Tensor, lengths: [Int]) -> Tensor {
        let c = configuration
        let (heads, size) = (c.headCount, c.headSize)
        let scale = 1 / Float(size).squareRoot()
        var contexts: [Tensor] = []
        contexts.reserveCapacity(lengths.count)
        var offset = 0
        for length in lengths {
            // [L, 3·hidden] → [3, heads, L, size]
            let split = qkv.slice(offset..<(offset + length), alongAxis: 0)
                .reshaped([length, 3, heads, size]).permuted([1, 2, 0, 3])
            let q = split.slice(0..<1, alongAxis: 0).reshaped([heads, length, size])
            let k = split.slice(1..<2, alongAxis: 0).reshaped([heads, length, size])
            let v = split.slice(2..<3, alongAxis: 0).reshaped([heads, length, size])
            let probabilities = (q.matmul(k, transposeB: true) * scale).softmax()
            let context = probabilities.matmul(v)  // [heads, L, size]
            contexts.append(context.permuted([1, 0, 2]).reshaped([length, heads * size]))
            offset += length
        }
        return contexts.count == 1 ? contexts[0] : Tensor.concatenate(contexts, alongAxis: 0)
    }

    /// GELU in BERT's exact form, `x·½(1 + erf(x/√2))`.
    static func gelu(_ x: Tensor) -> Tensor {
        x.mapScalars { 0.5 * $0 * (1 + Foundation.erf($0 * 0.707_106_77)) }
    }
}
