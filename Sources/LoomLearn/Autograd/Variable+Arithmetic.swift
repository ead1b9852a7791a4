extension Variable {
    /// `lhs + rhs` element-wise with broadcasting.
    public static func + (lhs: Variable, rhs: Variable) -> Variable { lhs.combined(with: rhs, .add) }
    /// `lhs − rhs` element-wise with broadcasting.
    public static func - (lhs: Variable, rhs: Variable) -> Variable { lhs.combined(with: rhs, .subtract) }
    /// `lhs · rhs` element-wise with broadcasting.
    public static func * (lhs: Variable, rhs: Variable) -> Variable { lhs.combined(with: rhs, .multiply) }
    /// `lhs / rhs` element-wise with broadcasting.
    public static func / (lhs: Variable, rhs: Variable) -> Variable { lhs.combined(with: rhs, .divide) }

    /// Every element times a constant.
    public static func * (lhs: Variable, rhs: Float) -> Variable {
        lhs.unary(lhs.value * rhs) { $0 * rhs }
    }

    /// Every element plus a constant.
    public static func + (lhs: Variable, rhs: Float) -> Variable {
        lhs.unary(lhs.value + rhs) { $0 }
    }

    /// A constant times every element.
    public static func * (lhs: Float, rhs: Variable) -> Variable { rhs * lhs }

    /// Every element minus a constant.
    public static func - (lhs: Variable, rhs: Float) -> Variable { lhs + -rhs }

    /// Every element divided by a constant.
    public static func / (lhs: Variable, rhs: Float) -> Variable { lhs * (1 / rhs) }

    /// Every element negated.
    public static prefix func - (operand: Variable) -> Variable {
        operand.unary(-operand.value) { -$0 }
    }

    private func combined(with other: Variable, _ operation: BinaryOperation) -> Variable {
        let a = value
        let b = other.value
        let result = a.combined(with: b, operation)
        let (ia, ib) = (id, other.id)
        return tape.record(result, inputs: [self, other]) { gradient, tape in
            let needA = tape.needsGradient(ia)
            let needB = tape.needsGradient(ib)
            switch operation {
            case .add:
                if needA { tape.accumulate(gradient.summed(toShape: a.shape), into: ia) }
                if needB { tape.accumulate(gradient.summed(toShape: b.shape), into: ib) }
            case .subtract:
                if needA { tape.accumulate(gradient.summed(toShape: a.shape), into: ia) }
                if needB { tape.accumulate((-gradient).summed(toShape: b.shape), into: ib) }
            case .multiply:
                if needA { tape.accumulate((gradient * b).summed(toShape: a.shape), into: ia) }
                if needB { tape.accumulate((gradient * a).summed(toShape: b.shape), into: ib) }
            case .divide:
                if needA { tape.accumulate((gradient / b).summed(toShape: a.shape), into: ia) }
                if needB { tape.accumulate((-(gradient * result) / b).summed(toShape: b.shape), into: ib) }
            }
        }
    }

    /// The matrix product of the last two axes; see ``Tensor/matmul(_:transposeA:transposeB:)``.
    public func matmul(_ other: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let a = value
        let b = other.value
        let result = a.matmul(b, transposeA: transposeA, transposeB: transposeB)
        let (ia, ib) = (id, other.id)
        let singleB = Tensor.count(of: Array(b.shape.dropLast(2))) == 1
        return tape.record(result, inputs: [self, other]) { g, tape in
            if tape.needsGradient(ia) {
                let ga: Tensor
                switch (transposeA, transposeB) {
                case (false, false): ga = g.matmul(b, transposeB: true)
                case (false, true): ga = g.matmul(b)
                case (true, false): ga = b.matmul(g, transposeB: true)
                case (true, true): ga = b.matmul(g, transposeA: true, transposeB: true)
                }
                tape.accumulate(Variable.batchReduced(ga, to: a.shape), into: ia)
            }
            if tape.needsGradient(ib) {
                let gb: Tensor
                switch (transposeA, transposeB) {
                case (false, false): gb = Variable.transposedProduct(a, g, summingBatch: singleB)
                case (false, true): gb = Variable.transposedProduct(g, a, summingBatch: singleB)
                case (true, false): gb = a.matmul(g)
                case (true, true): gb = g.matmul(a, transposeA: true, transposeB: true)
                }
                tape.accumulate(Variable.batchReduced(gb, to: b.shape), into: ib)
            }
        }
    }

    /// `leftᵀ · right` for every batch item; when `summingBatch`, the batch is folded into one
    /// product `[B·M, ·]ᵀ · [B·M, ·]`, which equals the sum over the batch of the items' products.
    private static func transposedProduct(_ left: Tensor, _ right: Tensor, summingBatch: Bool) -> Tensor {
        guard summingBatch && left.rank > 2 else { return left.matmul(right, transposeA: true) }
        let l = left.reshaped([-1, left.shape[left.rank - 1]])
        let r = right.reshaped([-1, right.shape[right.rank - 1]])
        return l.matmul(r, transposeA: true)
    }

    /// A batched gradient summed over the batch axes that the operand was broadcast across.
    private static func batchReduced(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        if gradient.count == Tensor.count(of: shape) { return gradient.reshaped(shape) }
        let rows = shape[shape.count - 2]
        let columns = shape[shape.count - 1]
        return gradient.reshaped([-1, rows, columns]).sum(alongAxes: [0]).reshaped(shape)
    }
}
