extension Tensor {
    /// Rows of a `[vocabulary, features]` table gathered by index: the result has shape
    /// `indexShape + [features]`, where `indexShape` (default `[indices.count]`) arranges the
    /// indices, such as `[batch, time]` for token sequences. Every index must lie in
    /// `0..<vocabulary`.
    public func embedding(_ indices: [Int], shape indexShape: [Int]? = nil) -> Tensor {
        precondition(rank == 2, "an embedding table has rank 2, found \(shape)")
        let indexShape = indexShape ?? [indices.count]
        precondition(Tensor.count(of: indexShape) == indices.count, "\(indices.count) indices for shape \(indexShape)")
        let (vocabulary, features) = (shape[0], shape[1])
        var result = Tensor(zeros: indexShape + [features])
        withUnsafeBufferPointer { table in
            result.withUnsafeMutableBufferPointer { output in
                for (position, index) in indices.enumerated() {
                    precondition(index >= 0 && index < vocabulary, "index \(index) outside 0..<\(vocabulary)")
                    let source = table.baseAddress! + index * features
                    let destination = output.baseAddress! + position * features
                    destination.update(from: source, count: features)
                }
            }
        }
        return result
    }
}

extension Variable {
    /// Rows of this `[vocabulary, features]` table gathered by index; the gradient is added
    /// back into the rows used (once per use). See ``Tensor/embedding(_:shape:)``.
    public func embedding(_ indices: [Int], shape indexShape: [Int]? = nil) -> Variable {
        let tableShape = shape
        return unary(value.embedding(indices, shape: indexShape)) { gradient in
            var result = Tensor(zeros: tableShape)
            let features = tableShape[1]
            result.withUnsafeMutableBufferPointer { table in
                gradient.withUnsafeBufferPointer { g in
                    for (position, index) in indices.enumerated() {
                        for j in 0..<features { table[index * features + j] += g[position * features + j] }
                    }
                }
            }
            return result
        }
    }
}
