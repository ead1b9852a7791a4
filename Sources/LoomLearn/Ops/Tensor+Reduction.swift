extension Tensor {
    /// The sum of every element, as a rank-0 tensor.
    public func sum() -> Tensor {
        var total: Float = 0
        withUnsafeBufferPointer { for value in $0 { total += value } }
        return Tensor(total)
    }

    /// Sums over the given axes (negative axes count from the end). With `keepingDimensions`
    /// the reduced axes stay as size 1, which keeps the result broadcastable against `self`.
    /// Elements are added in row-major order, so results are reproducible.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let reduced = normalized(axes)
        let kept = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let result = summed(toShape: kept)
        return keepingDimensions
            ? result : result.reshaped(kept.enumerated().filter { !reduced.contains($0.offset) }.map(\.element))
    }

    /// The mean over the given axes; see ``sum(alongAxes:keepingDimensions:)``.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let reduced = normalized(axes)
        let divisor = reduced.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(Swift.max(1, divisor)))
    }

    /// The mean of every element, as a rank-0 tensor.
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(1, count))) }

    /// The largest element over the given axes; ties go to the first in row-major order.
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let (values, _) = maxWithPositions(alongAxes: axes, keepingDimensions: keepingDimensions)
        return values
    }

    /// For each row (all axes but the last), the index of its largest element along the last
    /// axis; ties go to the first. Greedy decoding and accuracy use it.
    public func argmax() -> [Int] {
        precondition(rank >= 1, "argmax needs rank ≥ 1")
        let columns = shape[rank - 1]
        guard columns > 0 else { return [] }
        return withUnsafeBufferPointer { buffer in
            (0..<(buffer.count / columns)).map { row in
                var best = 0
                for j in 1..<columns where buffer[row * columns + j] > buffer[row * columns + best] { best = j }
                return best
            }
        }
    }

    /// The maxima over `axes` and, for each, the flat index in `self` of the element chosen.
    func maxWithPositions(alongAxes axes: [Int], keepingDimensions: Bool) -> (Tensor, [Int]) {
        let reduced = normalized(axes)
        let kept = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        var values = [Float](repeating: -.infinity, count: Tensor.count(of: kept))
        var positions = [Int](repeating: -1, count: values.count)
        let fullShape = shape.isEmpty ? [1] : shape
        let outStrides = Broadcast.strides(of: kept.isEmpty ? [1] : kept, broadcastTo: fullShape)
        let inner = fullShape[fullShape.count - 1]
        let step = outStrides[outStrides.count - 1]
        withUnsafeBufferPointer { input in
            Broadcast.forEachRow(of: fullShape, stridesA: outStrides, stridesB: outStrides) { row, offset, _ in
                for j in 0..<inner {
                    let value = input[row * inner + j]
                    let target = offset + j * step
                    if value > values[target] || positions[target] < 0 {
                        values[target] = value
                        positions[target] = row * inner + j
                    }
                }
            }
        }
        let outShape =
            keepingDimensions ? kept : kept.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        return (Tensor(shape: outShape, scalars: values), positions)
    }

    /// Sums a tensor down to a shape it was broadcast from (the gradient of broadcasting):
    /// axes of `target` that are 1, or missing on the left, are summed over.
    public func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        var result = [Float](repeating: 0, count: Tensor.count(of: target))
        guard count > 0 else { return Tensor(shape: target, scalars: result) }
        let fullShape = shape.isEmpty ? [1] : shape
        let outStrides = Broadcast.strides(of: target.isEmpty ? [1] : target, broadcastTo: fullShape)
        let inner = fullShape[fullShape.count - 1]
        let step = outStrides[outStrides.count - 1]
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                Broadcast.forEachRow(of: fullShape, stridesA: outStrides, stridesB: outStrides) { row, offset, _ in
                    let source = input.baseAddress! + row * inner
                    let destination = output.baseAddress! + offset
                    if step == 0 {
                        var total: Float = 0
                        for j in 0..<inner { total += source[j] }
                        destination[0] += total
                    } else {
                        for j in 0..<inner { destination[j] += source[j] }
                    }
                }
            }
        }
        return Tensor(shape: target, scalars: result)
    }

    /// Axes made non-negative and checked.
    func normalized(_ axes: [Int]) -> Set<Int> {
        Set(
            axes.map { axis in
                let resolved = axis < 0 ? axis + rank : axis
                precondition(resolved >= 0 && resolved < rank, "axis \(axis) out of range for shape \(shape)")
                return resolved
            })
    }
}
