import LoomCore

/// Where each weight tensor lives inside a ``WeightStorage``: llama2.c's `TransformerWeights`.
///
/// Every offset is in bytes; per-layer tensors are stored layer after layer, each with the
/// shape given beside it (rows × columns, row-major, `W · x` takes `columns` inputs).
struct TransformerWeights: @unchecked Sendable {
    var storage: WeightStorage
    var tokenEmbedding = 0  // (vocab, dim)
    var attentionNorm = 0  // (layer, dim)
    var wq = 0  // (layer, dim, dim)
    var wk = 0  // (layer, kvDim, dim)
    var wv = 0  // (layer, kvDim, dim)
    var wo = 0  // (layer, dim, dim)
    var feedForwardNorm = 0  // (layer, dim)
    var w1 = 0  // (layer, hidden, dim)
    var w2 = 0  // (layer, dim, hidden)
    var w3 = 0  // (layer, hidden, dim)
    var finalNorm = 0  // (dim)
    var classifier = 0  // (vocab, dim); equals tokenEmbedding when shared

    init(storage: WeightStorage) { self.storage = storage }

    /// Offsets for llama2.c's legacy layout, starting at `start`; returns the offsets and the
    /// byte just past the last tensor the file must hold.
    static func llama2cLayout(
        _ config: TransformerConfig, storage: WeightStorage, start: Int, ropeTables: Bool = true
    ) -> (weights: TransformerWeights, end: Int) {
        var weights = TransformerWeights(storage: storage)
        var cursor = start
        func take(_ floats: Int) -> Int {
            defer { cursor += floats * 4 }
            return cursor
        }
        let (d, h, l, kv) = (config.dim, config.hiddenDim, config.layerCount, config.kvDim)
        weights.tokenEmbedding = take(config.vocabularySize * d)
        weights.attentionNorm = take(l * d)
        weights.wq = take(l * d * d)
        weights.wk = take(l * d * kv)
        weights.wv = take(l * d * kv)
        weights.wo = take(l * d * d)
        weights.feedForwardNorm = take(l * d)
        weights.w1 = take(l * d * h)
        weights.w2 = take(l * h * d)
        weights.w3 = take(l * d * h)
        weights.finalNorm = take(d)
        // llama2.c files still carry the old precomputed RoPE tables (freq_cis_real, freq_cis_imag).
        if ropeTables {
            _ = take(config.sequenceLength * config.headSize / 2)
            _ = take(config.sequenceLength * config.headSize / 2)
        }
        weights.classifier = config.sharedClassifier ? weights.tokenEmbedding : take(config.vocabularySize * d)
        return (weights, cursor)
    }

    func pointer(_ offset: Int, layer: Int = 0, stride: Int = 0) -> UnsafePointer<Float> {
        storage.floats(at: offset + layer * stride * 4)
    }
}
