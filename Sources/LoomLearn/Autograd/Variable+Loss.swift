import Foundation

extension Variable {
    /// The mean cross-entropy of these logits against integer targets; see
    /// ``Tensor/crossEntropy(targets:ignoreIndex:)``.
    public func crossEntropy(targets: [Int], ignoreIndex: Int? = nil) -> Variable {
        let (loss, logProbabilities, counted) = value.crossEntropyParts(targets: targets, ignoreIndex: ignoreIndex)
        return unary(Tensor(loss)) { gradient in
            // d loss / d logits = (softmax − one-hot) / counted on counted rows, 0 elsewhere.
            let scale = counted > 0 ? gradient.scalar / Float(counted) : 0
            var result = logProbabilities
            let classes = result.shape[result.rank - 1]
            result.withUnsafeMutableBufferPointer { p in
                for (row, target) in targets.enumerated() {
                    let base = row * classes
                    if target == ignoreIndex {
                        for j in 0..<classes { p[base + j] = 0 }
                        continue
                    }
                    for j in 0..<classes { p[base + j] = Foundation.exp(p[base + j]) * scale }
                    p[base + target] -= scale
                }
            }
            return result
        }
    }

    /// The mean squared difference from `target` (same shape).
    public func meanSquaredError(_ target: Tensor) -> Variable {
        precondition(target.shape == shape, "meanSquaredError of \(shape) against \(target.shape)")
        let difference = value - target
        let scale = 2 / Float(Swift.max(1, difference.count))
        return unary((difference * difference).mean()) { difference * ($0.scalar * scale) }
    }
}
