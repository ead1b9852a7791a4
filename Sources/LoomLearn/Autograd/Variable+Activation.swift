import Foundation

extension Variable {
    /// `max(0, x)`; the gradient at 0 is taken as 0.
    public func relu() -> Variable {
        let x = value
        return unary(x.relu()) { $0.zipScalars(x) { g, x in x > 0 ? g : 0 } }
    }

    /// GELU by the tanh approximation; see ``Tensor/gelu()``.
    public func gelu() -> Variable {
        let x = value
        return unary(x.gelu()) { $0.zipScalars(x) { g, x in g * Activation.geluDerivative(x) } }
    }

    /// SiLU, `x·σ(x)`.
    public func silu() -> Variable {
        let x = value
        return unary(x.silu()) { $0.zipScalars(x) { g, x in g * Activation.siluDerivative(x) } }
    }

    /// The hyperbolic tangent.
    public func tanh() -> Variable {
        let y = value.tanh()
        return unary(y) { $0.zipScalars(y) { g, y in g * (1 - y * y) } }
    }

    /// The logistic sigmoid.
    public func sigmoid() -> Variable {
        let y = value.sigmoid()
        return unary(y) { $0.zipScalars(y) { g, y in g * y * (1 - y) } }
    }

    /// `eˣ`.
    public func exp() -> Variable {
        let y = value.exp()
        return unary(y) { $0 * y }
    }

    /// The natural logarithm.
    public func log() -> Variable {
        let x = value
        return unary(x.log()) { $0 / x }
    }

    /// The softmax over the last axis, optionally causal; see ``Tensor/softmax(causal:)``.
    public func softmax(causal: Bool = false) -> Variable {
        let y = value.softmax(causal: causal)
        return unary(y) { gradient in
            // dx = y ⊙ (g − Σ g⊙y) row by row; masked entries have y = 0 and get nothing.
            Variable.byRows(gradient, y) { g, p in
                var dot: Float = 0
                for j in g.indices { dot += g[j] * p[j] }
                for j in g.indices { g[j] = p[j] * (g[j] - dot) }
            }
        }
    }

    /// The log-softmax over the last axis.
    public func logSoftmax() -> Variable {
        let y = value.logSoftmax()
        return unary(y) { gradient in
            // dx = g − softmax · Σ g, row by row.
            Variable.byRows(gradient, y) { g, p in
                var total: Float = 0
                for j in g.indices { total += g[j] }
                for j in g.indices { g[j] -= Foundation.exp(p[j]) * total }
            }
        }
    }

    /// `gradient` with each row of its last axis rewritten in place by `update`, which also gets
    /// the same row of `output` (the forward result, of the same shape).
    private static func byRows(
        _ gradient: Tensor, _ output: Tensor,
        _ update: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>) -> Void
    ) -> Tensor {
        var result = gradient
        let columns = output.shape[output.rank - 1]
        guard columns > 0 else { return result }
        result.withUnsafeMutableBufferPointer { g in
            output.withUnsafeBufferPointer { p in
                for row in 0..<(g.count / columns) {
                    let rows = row * columns..<(row + 1) * columns
                    update(UnsafeMutableBufferPointer(rebasing: g[rows]), UnsafeBufferPointer(rebasing: p[rows]))
                }
            }
        }
        return result
    }
}
