import LoomCore
import LoomLearn

/// The llama transformer as LoomLearn parameters, for training: the same arithmetic as
/// ``TransformerState`` (RMS norm, rotary pairs `(2i, 2i+1)`, causal attention, SwiGLU), but
/// over whole windows at once, `[batch·time, features]` matrices through BLAS.
///
/// Matrices are stored as inference stores them, `[out, in]` (`y = x · Wᵀ`), so the trained
/// values copy straight into a ``Transformer``.
final class LlamaTrainingModel {
    struct Layer {
        let attentionNorm, wq, wk, wv, wo, feedForwardNorm, w1, w2, w3: Parameter
    }

    let config: TransformerConfig
    let embedding: Parameter  // (vocab, dim)
    let layers: [Layer]
    let finalNorm: Parameter  // (dim)
    let classifier: Parameter?  // (vocab, dim), nil when shared with the embedding

    /// Fresh weights: normal with deviation 0.02 (residual output projections 0.02/√(2·layers),
    /// as GPT-2 does), norms 1. Each tensor draws from `seed.derive(its name)`.
    init(config: TransformerConfig, seed: Seed) {
        self.config = config
        let (d, h, kv) = (config.dim, config.hiddenDim, config.kvDim)
        let deviation: Float = 0.02
        let residual = deviation / Float(2 * config.layerCount).squareRoot()
        func matrix(_ name: String, _ rows: Int, _ columns: Int, _ std: Float) -> Parameter {
            Parameter(name: name, shape: [rows, columns], initializer: .normal(standardDeviation: std), seed: seed)
        }
        func norm(_ name: String) -> Parameter { Parameter(name: name, value: Tensor(repeating: 1, shape: [d])) }
        embedding = matrix("token_embd.weight", config.vocabularySize, d, deviation)
        layers = (0..<config.layerCount).map { l in
            Layer(
                attentionNorm: norm("blk.\(l).attn_norm.weight"),
                wq: matrix("blk.\(l).attn_q.weight", d, d, deviation),
                wk: matrix("blk.\(l).attn_k.weight", kv, d, deviation),
                wv: matrix("blk.\(l).attn_v.weight", kv, d, deviation),
                wo: matrix("blk.\(l).attn_output.weight", d, d, residual),
                feedForwardNorm: norm("blk.\(l).ffn_norm.weight"),
                w1: matrix("blk.\(l).ffn_gate.weight", h, d, deviation),
                w2: matrix("blk.\(l).ffn_down.weight", d, h, residual),
                w3: matrix("blk.\(l).ffn_up.weight", h, d, deviation))
        }
        finalNorm = norm("output_norm.weight")
        classifier = config.sharedClassifier ? nil : matrix("output.weight", config.vocabularySize, d, deviation)
    }

    /// Every parameter, in a fixed order.
    var parameters: [Parameter] {
        [embedding]
            + layers.flatMap {
                [$0.attentionNorm, $0.wq, $0.wk, $0.wv, $0.wo, $0.feedForwardNorm, $0.w1, $0.w2, $0.w3]
            } + [finalNorm] + (classifier.map { [$0] } ?? [])
    }

    /// The logits `[batch·time, vocab]` for `tokens` (`batch` windows of `time` tokens, row-major).
    ///
    /// With `dropout`, the embedding and each residual branch are dropped at that rate with
    /// masks drawn from the seed (training only; inference never drops).
    func logits(
        _ tokens: [Int], batch: Int, time: Int, on tape: Tape, dropout: (rate: Float, seed: Seed)? = nil
    ) -> Variable {
        let c = config
        let (n, d) = (batch * time, c.dim)
        func drop(_ x: Variable, _ label: Int) -> Variable {
            guard let dropout, dropout.rate > 0 else { return x }
            return x.dropout(rate: dropout.rate, seed: dropout.seed.derive(label, 0))
        }
        let table = tape.parameter(embedding)
        var x = drop(table.embedding(tokens), 0)  // (n, dim)
        for (l, layer) in layers.enumerated() {
            let h = x.rmsNorm(weight: tape.parameter(layer.attentionNorm), epsilon: c.normEpsilon)
            let q = h.matmul(tape.parameter(layer.wq), transposeB: true).reshaped([batch, time, d])
            let k = h.matmul(tape.parameter(layer.wk), transposeB: true).reshaped([batch, time, c.kvDim])
            let v = h.matmul(tape.parameter(layer.wv), transposeB: true).reshaped([batch, time, c.kvDim])
            let rq = q.rotary(headSize: c.headSize, theta: c.ropeTheta)
            let rk = k.rotary(headSize: c.headSize, theta: c.ropeTheta)
            let attended = rq.causalAttention(key: rk, value: v, heads: c.headCount).reshaped([n, d])
            x = x + drop(attended.matmul(tape.parameter(layer.wo), transposeB: true), 2 * l + 1)
            let g = x.rmsNorm(weight: tape.parameter(layer.feedForwardNorm), epsilon: c.normEpsilon)
            let gate = g.matmul(tape.parameter(layer.w1), transposeB: true).silu()
            let up = g.matmul(tape.parameter(layer.w3), transposeB: true)
            x = x + drop((gate * up).matmul(tape.parameter(layer.w2), transposeB: true), 2 * l + 2)
        }
        let out = x.rmsNorm(weight: tape.parameter(finalNorm), epsilon: c.normEpsilon)
        return out.matmul(classifier.map { tape.parameter($0) } ?? table, transposeB: true)
    }

    /// The mean next-token cross-entropy of `batch` windows: `inputs[i]` predicts `targets[i]`.
    func loss(
        inputs: [Int], targets: [Int], batch: Int, time: Int, on tape: Tape, dropout: (rate: Float, seed: Seed)? = nil
    ) -> Variable {
        logits(inputs, batch: batch, time: time, on: tape, dropout: dropout).crossEntropy(targets: targets)
    }

    /// The current weights as an inference model (copied into llama2.c's layout).
    func transformer() -> Transformer {
        let c = config
        let scratch = WeightStorage.copying(UnsafeRawBufferPointer(start: nil, count: 0))
        let layout = TransformerWeights.llama2cLayout(c, storage: scratch, start: 0, ropeTables: false)
        let w = layout.weights
        let (d, h, kv) = (c.dim, c.hiddenDim, c.kvDim)
        let storage = WeightStorage.allocate(byteCount: layout.end) { base in
            func copy(_ parameter: Parameter, to offset: Int) {
                parameter.value.withUnsafeBufferPointer { source in
                    (base + offset).assumingMemoryBound(to: Float.self).update(
                        from: source.baseAddress!, count: source.count)
                }
            }
            copy(embedding, to: w.tokenEmbedding)
            for (l, layer) in layers.enumerated() {
                copy(layer.attentionNorm, to: w.attentionNorm + l * d * 4)
                copy(layer.wq, to: w.wq + l * d * d * 4)
                copy(layer.wk, to: w.wk + l * kv * d * 4)
                copy(layer.wv, to: w.wv + l * kv * d * 4)
                copy(layer.wo, to: w.wo + l * d * d * 4)
                copy(layer.feedForwardNorm, to: w.feedForwardNorm + l * d * 4)
                copy(layer.w1, to: w.w1 + l * h * d * 4)
                copy(layer.w2, to: w.w2 + l * d * h * 4)
                copy(layer.w3, to: w.w3 + l * h * d * 4)
            }
            copy(finalNorm, to: w.finalNorm)
            if let classifier { copy(classifier, to: w.classifier) }
        }
        var weights = w
        weights.storage = storage
        return Transformer(config: c, weights: weights)
    }
}
