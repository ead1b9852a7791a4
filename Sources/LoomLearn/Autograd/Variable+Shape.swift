extension Variable {
    /// The same values with another shape; one dimension may be `-1`.
    public func reshaped(_ newShape: [Int]) -> Variable {
        let shape = self.shape
        return unary(value.reshaped(newShape)) { $0.reshaped(shape) }
    }

    /// The axes reordered; see ``Tensor/permuted(_:)``.
    public func permuted(_ permutation: [Int]) -> Variable {
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (axis, source) in permutation.enumerated() { inverse[source] = axis }
        return unary(value.permuted(permutation)) { $0.permuted(inverse) }
    }

    /// The last two axes swapped.
    public func transposed() -> Variable {
        var permutation = Array(0..<shape.count)
        permutation.swapAt(shape.count - 1, shape.count - 2)
        return permuted(permutation)
    }

    /// The part whose index along `axis` lies in `range`.
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        return unary(value.slice(range, alongAxis: axis)) { $0.padded(into: shape, at: range, alongAxis: axis) }
    }

    /// Variables of one tape joined along `axis`.
    public static func concatenate(_ variables: [Variable], alongAxis axis: Int) -> Variable {
        precondition(!variables.isEmpty, "concatenate needs at least one variable")
        let tape = variables[0].tape
        let values = variables.map(\.value)
        let axis = axis < 0 ? axis + values[0].rank : axis
        let ids = variables.map(\.id)
        return tape.record(Tensor.concatenate(values, alongAxis: axis), inputs: variables) { gradient, tape in
            var start = 0
            for (index, value) in values.enumerated() {
                let size = value.shape[axis]
                if tape.needsGradient(ids[index]) {
                    tape.accumulate(gradient.slice(start..<(start + size), alongAxis: axis), into: ids[index])
                }
                start += size
            }
        }
    }
}
