/// The four element-wise binary operations, chosen once per row rather than per element.
enum BinaryOperation {
    case add, subtract, multiply, divide
}

extension Tensor {
    /// `lhs + rhs` element-wise with NumPy-style broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.combined(with: rhs, .add) }
    /// `lhs − rhs` element-wise with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.combined(with: rhs, .subtract) }
    /// `lhs · rhs` element-wise with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.combined(with: rhs, .multiply) }
    /// `lhs / rhs` element-wise with broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.combined(with: rhs, .divide) }

    /// Every element times `scalar`.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapScalars { $0 * rhs } }
    /// Every element plus `scalar`.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapScalars { $0 + rhs } }
    /// A constant times every element.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }
    /// Every element minus a constant.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs + -rhs }
    /// Every element divided by a constant.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs * (1 / rhs) }
    /// Every element negated.
    public static prefix func - (operand: Tensor) -> Tensor { operand.mapScalars { -$0 } }

    /// Adds `other` (of the same shape) into this tensor in place.
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs.add(rhs, scaledBy: 1) }

    /// Adds `scale · other` into this tensor in place; the shapes must have equal counts.
    public mutating func add(_ other: Tensor, scaledBy scale: Float) {
        precondition(count == other.count, "cannot add \(other.shape) into \(shape)")
        other.withUnsafeBufferPointer { source in
            withUnsafeMutableBufferPointer { target in
                if scale == 1 {
                    for i in 0..<target.count { target[i] += source[i] }
                } else {
                    for i in 0..<target.count { target[i] += scale * source[i] }
                }
            }
        }
    }

    /// A tensor of the same shape with `body` applied to every element.
    @inline(__always)
    public func mapScalars(_ body: (Float) -> Float) -> Tensor {
        var result = self
        result.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<buffer.count { buffer[i] = body(buffer[i]) }
        }
        return result
    }

    /// A tensor of `shape` built from two tensors of the same shape, element by element.
    @inline(__always)
    func zipScalars(_ other: Tensor, _ body: (Float, Float) -> Float) -> Tensor {
        precondition(count == other.count, "shapes \(shape) and \(other.shape) differ")
        var result = self
        other.withUnsafeBufferPointer { b in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<r.count { r[i] = body(r[i], b[i]) }
            }
        }
        return result
    }

    func combined(with other: Tensor, _ operation: BinaryOperation) -> Tensor {
        let outShape = shape == other.shape ? shape : Broadcast.shape(shape, other.shape)
        guard Tensor.count(of: outShape) > 0 else { return Tensor(zeros: outShape) }
        let fullShape = outShape.isEmpty ? [1] : outShape
        let stridesA = Broadcast.strides(of: shape.isEmpty ? [1] : shape, broadcastTo: fullShape)
        let stridesB = Broadcast.strides(of: other.shape.isEmpty ? [1] : other.shape, broadcastTo: fullShape)
        let inner = fullShape[fullShape.count - 1]
        let stepA = stridesA[stridesA.count - 1]
        let stepB = stridesB[stridesB.count - 1]
        // Every row of the output is written once, so its storage starts uninitialised.
        return Tensor(shape: outShape) { c in
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    Broadcast.forEachRow(of: fullShape, stridesA: stridesA, stridesB: stridesB) {
                        row, offsetA, offsetB in
                        let pa = a.baseAddress! + offsetA
                        let pb = b.baseAddress! + offsetB
                        let pc = c.baseAddress! + row * inner
                        switch operation {
                        case .add: for j in 0..<inner { pc[j] = pa[j * stepA] + pb[j * stepB] }
                        case .subtract: for j in 0..<inner { pc[j] = pa[j * stepA] - pb[j * stepB] }
                        case .multiply: for j in 0..<inner { pc[j] = pa[j * stepA] * pb[j * stepB] }
                        case .divide: for j in 0..<inner { pc[j] = pa[j * stepA] / pb[j * stepB] }
                        }
                    }
                }
            }
        }
    }
}
