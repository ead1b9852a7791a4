extension Variable {
    /// The sum of every element, as a rank-0 value.
    public func sum() -> Variable {
        let shape = self.shape
        return unary(value.sum()) { Tensor(repeating: $0.scalar, shape: shape) }
    }

    /// The mean of every element, as a rank-0 value.
    public func mean() -> Variable {
        let shape = self.shape
        let scale = 1 / Float(Swift.max(1, value.count))
        return unary(value.mean()) { Tensor(repeating: $0.scalar * scale, shape: shape) }
    }

    /// Sums over `axes`; see ``Tensor/sum(alongAxes:keepingDimensions:)``.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let shape = self.shape
        let kept = keptShape(axes)
        return unary(value.sum(alongAxes: axes, keepingDimensions: keepingDimensions)) { gradient in
            Tensor(zeros: shape) + gradient.reshaped(kept)
        }
    }

    /// The mean over `axes`; see ``Tensor/mean(alongAxes:keepingDimensions:)``.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let shape = self.shape
        let kept = keptShape(axes)
        let scale = Float(Tensor.count(of: kept)) / Float(Swift.max(1, value.count))
        return unary(value.mean(alongAxes: axes, keepingDimensions: keepingDimensions)) { gradient in
            Tensor(zeros: shape) + gradient.reshaped(kept) * scale
        }
    }

    /// The maximum over `axes`; the gradient flows to the first maximal element of each group.
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let shape = self.shape
        let (values, positions) = value.maxWithPositions(alongAxes: axes, keepingDimensions: keepingDimensions)
        return unary(values) { gradient in
            var result = Tensor(zeros: shape)
            result.withUnsafeMutableBufferPointer { buffer in
                gradient.withUnsafeBufferPointer { g in
                    for (index, position) in positions.enumerated() { buffer[position] += g[index] }
                }
            }
            return result
        }
    }

    private func keptShape(_ axes: [Int]) -> [Int] {
        let reduced = value.normalized(axes)
        return shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
    }
}
