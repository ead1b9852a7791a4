extension Variable {
    /// Layer normalisation over the last axis with an optional learnable weight and bias
    /// (`[features]`); see ``Tensor/layerNorm(weight:bias:epsilon:)``.
    public func layerNorm(weight: Variable? = nil, bias: Variable? = nil, epsilon: Float = 1e-5) -> Variable {
        normalization(weight: weight, bias: bias, epsilon: epsilon, centering: true)
    }

    /// RMS normalisation over the last axis with an optional learnable weight (`[features]`);
    /// see ``Tensor/rmsNorm(weight:epsilon:)``.
    public func rmsNorm(weight: Variable? = nil, epsilon: Float = 1e-5) -> Variable {
        normalization(weight: weight, bias: nil, epsilon: epsilon, centering: false)
    }

    private func normalization(weight: Variable?, bias: Variable?, epsilon: Float, centering: Bool) -> Variable {
        let parts = value.normalized(weight: weight?.value, bias: bias?.value, epsilon: epsilon, centering: centering)
        let xHat = parts.normalized
        let inverse = parts.inverseDeviations
        let weightValue = weight?.value
        let (ix, iw, ib) = (id, weight?.id, bias?.id)
        let inputs = [self] + [weight, bias].compactMap { $0 }
        return tape.record(parts.output, inputs: inputs) { gradient, tape in
            let features = xHat.shape[xHat.rank - 1]
            if let iw, tape.needsGradient(iw) {
                tape.accumulate((gradient * xHat).summed(toShape: [features]), into: iw)
            }
            if let ib, tape.needsGradient(ib) {
                tape.accumulate(gradient.summed(toShape: [features]), into: ib)
            }
            guard tape.needsGradient(ix) else { return }
            // With d = g·w: dx = (d − mean(d) − x̂·mean(d·x̂)) / σ for layer norm, and
            // dx = (d − x̂·mean(d·x̂)) / σ for RMS norm (no centring term).
            var dx = weightValue.map { gradient * $0 } ?? gradient
            let count = Float(features)
            dx.withUnsafeMutableBufferPointer { d in
                xHat.withUnsafeBufferPointer { h in
                    for row in 0..<inverse.count {
                        let base = row * features
                        var meanD: Float = 0
                        var meanDH: Float = 0
                        for j in 0..<features {
                            meanD += d[base + j]
                            meanDH += d[base + j] * h[base + j]
                        }
                        meanD = centering ? meanD / count : 0
                        meanDH /= count
                        for j in 0..<features {
                            d[base + j] = (d[base + j] - meanD - h[base + j] * meanDH) * inverse[row]
                        }
                    }
                }
            }
            tape.accumulate(dx, into: ix)
        }
    }
}
