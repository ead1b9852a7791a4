extension Tensor {
    /// The axes reordered: axis `i` of the result is axis `permutation[i]` of `self`.
    ///
    /// `x.permuted([0, 2, 1, 3])` turns `[batch, time, heads, size]` into
    /// `[batch, heads, time, size]`. The values are copied into the new row-major order.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(
            permutation.sorted() == Array(0..<rank), "\(permutation) is not a permutation of the axes of \(shape)")
        if permutation == Array(0..<rank) { return self }
        let outShape = permutation.map { shape[$0] }
        let ownStrides = strides
        let sourceStrides = permutation.map { ownStrides[$0] }
        guard count > 0 else { return Tensor(zeros: outShape) }
        let inner = outShape[outShape.count - 1]
        let step = sourceStrides[sourceStrides.count - 1]
        return Tensor(shape: outShape) { output in
            withUnsafeBufferPointer { input in
                Broadcast.forEachRow(of: outShape, stridesA: sourceStrides, stridesB: sourceStrides) { row, offset, _ in
                    let source = input.baseAddress! + offset
                    let destination = output.baseAddress! + row * inner
                    for j in 0..<inner { destination[j] = source[j * step] }
                }
            }
        }
    }

    /// The last two axes swapped (a batch of matrices transposed).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed needs rank ≥ 2, found \(shape)")
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return permuted(permutation)
    }

    /// Tensors joined along `axis`; every other axis must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        let axis = axis < 0 ? axis + first.rank : axis
        precondition(axis >= 0 && axis < first.rank, "axis out of range for \(first.shape)")
        for tensor in tensors {
            precondition(
                tensor.rank == first.rank
                    && (0..<first.rank).allSatisfy { $0 == axis || tensor.shape[$0] == first.shape[$0] },
                "cannot concatenate \(tensor.shape) with \(first.shape) along axis \(axis)")
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = Tensor.count(of: Array(first.shape.prefix(axis)))
        let innerOf = { (tensor: Tensor) in Tensor.count(of: Array(tensor.shape.suffix(from: axis))) }
        var scalars: [Float] = []
        scalars.reserveCapacity(Tensor.count(of: outShape))
        for index in 0..<outer {
            for tensor in tensors {
                let size = innerOf(tensor)
                scalars.append(contentsOf: tensor.scalars[(index * size)..<((index + 1) * size)])
            }
        }
        return Tensor(shape: outShape, scalars: scalars)
    }

    /// The part of `self` whose index along `axis` lies in `range`.
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> Tensor {
        let axis = axis < 0 ? axis + rank : axis
        precondition(axis >= 0 && axis < rank, "axis out of range for \(shape)")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "\(range) out of range for \(shape)")
        var outShape = shape
        outShape[axis] = range.count
        let outer = Tensor.count(of: Array(shape.prefix(axis)))
        let after = Tensor.count(of: Array(shape.suffix(from: axis + 1)))
        var scalars: [Float] = []
        scalars.reserveCapacity(Tensor.count(of: outShape))
        for index in 0..<outer {
            let start = (index * shape[axis] + range.lowerBound) * after
            scalars.append(contentsOf: self.scalars[start..<(start + range.count * after)])
        }
        return Tensor(shape: outShape, scalars: scalars)
    }

    /// A tensor of `shape` (equal to `self` except along `axis`) that is zero except for
    /// `self` placed at `range` along `axis`: the gradient of ``slice(_:alongAxis:)``.
    func padded(into shape: [Int], at range: Range<Int>, alongAxis axis: Int) -> Tensor {
        var result = [Float](repeating: 0, count: Tensor.count(of: shape))
        let outer = Tensor.count(of: Array(shape.prefix(axis)))
        let after = Tensor.count(of: Array(shape.suffix(from: axis + 1)))
        let size = range.count * after
        for index in 0..<outer {
            let start = (index * shape[axis] + range.lowerBound) * after
            for j in 0..<size { result[start + j] = scalars[index * size + j] }
        }
        return Tensor(shape: shape, scalars: result)
    }
}
