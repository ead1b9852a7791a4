extension Tensor {
    /// Layer normalisation over the last axis: each row is shifted to mean 0 and scaled to
    /// variance 1 (`(x − μ) / √(σ² + epsilon)`), then multiplied by `weight` and shifted by
    /// `bias` (both `[features]`, optional).
    public func layerNorm(weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
        normalized(weight: weight, bias: bias, epsilon: epsilon, centering: true).output
    }

    /// Root-mean-square normalisation over the last axis: `x / √(mean(x²) + epsilon) · weight`.
    public func rmsNorm(weight: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
        normalized(weight: weight, bias: nil, epsilon: epsilon, centering: false).output
    }

    /// The normalised rows before the weight (`x̂`), the output, and each row's `1/σ`.
    func normalized(
        weight: Tensor?, bias: Tensor?, epsilon: Float, centering: Bool
    )
        -> (normalized: Tensor, output: Tensor, inverseDeviations: [Float])
    {
        precondition(rank >= 1, "normalisation needs rank ≥ 1")
        let features = shape[rank - 1]
        if let weight { precondition(weight.shape == [features], "weight \(weight.shape) for \(features) features") }
        if let bias { precondition(bias.shape == [features], "bias \(bias.shape) for \(features) features") }
        let rows = features == 0 ? 0 : count / features
        var normalized = self
        var inverse = [Float](repeating: 0, count: rows)
        normalized.withUnsafeMutableBufferPointer { x in
            for row in 0..<rows {
                let p = x.baseAddress! + row * features
                var mean: Float = 0
                if centering {
                    for j in 0..<features { mean += p[j] }
                    mean /= Float(features)
                }
                var variance: Float = 0
                for j in 0..<features {
                    p[j] -= mean
                    variance += p[j] * p[j]
                }
                let scale = 1 / (variance / Float(features) + epsilon).squareRoot()
                for j in 0..<features { p[j] *= scale }
                inverse[row] = scale
            }
        }
        var output = normalized
        if let weight { output = output * weight }
        if let bias { output = output + bias }
        return (normalized, output, inverse)
    }
}
