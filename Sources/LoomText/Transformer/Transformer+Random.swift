import LoomCore

extension Transformer {
    /// A model of shape `config` with seeded random weights: uniform in ±1/√(fan-in) for the
    /// matrices, 1 for the norms.
    ///
    /// Its text is noise, but it runs exactly as fast as a trained model of the same shape,
    /// so benchmarks and tests use it where no trained weights can be shipped. Throws `.format`
    /// when the shape is invalid.
    public static func random(_ config: TransformerConfig, seed: Seed) throws -> Transformer {
        try config.validate()
        let scratch = WeightStorage.copying(UnsafeRawBufferPointer(start: nil, count: 0))
        let layout = TransformerWeights.llama2cLayout(config, storage: scratch, start: 0, ropeTables: false)
        let w = layout.weights
        let (d, h, l, kv) = (config.dim, config.hiddenDim, config.layerCount, config.kvDim)
        let storage = WeightStorage.allocate(byteCount: layout.end) { base in
            // Each tensor draws from its own derived seed, so a shape change in one leaves the others alone.
            func fill(_ offset: Int, _ count: Int, _ label: String, fanIn: Int?) {
                let target = (base + offset).assumingMemoryBound(to: Float.self)
                guard let fanIn else {
                    target.update(repeating: 1, count: count)
                    return
                }
                var random = seed.derive(label).makeRandom()
                let bound = 1 / Float(fanIn).squareRoot()
                for i in 0..<count { target[i] = (random.nextFloat() * 2 - 1) * bound }
            }
            fill(w.tokenEmbedding, config.vocabularySize * d, "embedding", fanIn: 1)
            fill(w.attentionNorm, l * d, "attention norm", fanIn: nil)
            fill(w.wq, l * d * d, "wq", fanIn: d)
            fill(w.wk, l * kv * d, "wk", fanIn: d)
            fill(w.wv, l * kv * d, "wv", fanIn: d)
            fill(w.wo, l * d * d, "wo", fanIn: d)
            fill(w.feedForwardNorm, l * d, "feed-forward norm", fanIn: nil)
            fill(w.w1, l * h * d, "w1", fanIn: d)
            fill(w.w2, l * d * h, "w2", fanIn: h)
            fill(w.w3, l * h * d, "w3", fanIn: d)
            fill(w.finalNorm, d, "final norm", fanIn: nil)
            if !config.sharedClassifier { fill(w.classifier, config.vocabularySize * d, "classifier", fanIn: d) }
        }
        var weights = w
        weights.storage = storage
        return Transformer(config: config, weights: weights)
    }
}
