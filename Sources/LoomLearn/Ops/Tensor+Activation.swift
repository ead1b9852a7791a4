import Foundation

extension Tensor {
    /// `max(0, x)` element-wise.
    public func relu() -> Tensor { mapScalars { $0 > 0 ? $0 : 0 } }

    /// The Gaussian error linear unit, by the tanh approximation of Hendrycks and Gimpel (as in
    /// GPT-2): `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`. It differs from the exact
    /// `x·Φ(x)` by less than 0.001 everywhere.
    public func gelu() -> Tensor { mapScalars { Activation.gelu($0) } }

    /// The sigmoid-weighted linear unit (swish): `x·σ(x)`.
    public func silu() -> Tensor { mapScalars { $0 * Activation.sigmoid($0) } }

    /// The hyperbolic tangent element-wise.
    public func tanh() -> Tensor { mapScalars { Foundation.tanh($0) } }

    /// The logistic sigmoid `1 / (1 + e⁻ˣ)` element-wise, computed without overflow.
    public func sigmoid() -> Tensor { mapScalars { Activation.sigmoid($0) } }

    /// `eˣ` element-wise.
    public func exp() -> Tensor { mapScalars { Foundation.exp($0) } }

    /// The natural logarithm element-wise.
    public func log() -> Tensor { mapScalars { Foundation.log($0) } }

    /// The square root element-wise.
    public func squareRoot() -> Tensor { mapScalars { $0.squareRoot() } }
}

/// Scalar activation functions and their derivatives, shared by the forward and backward passes.
enum Activation {
    static let geluScale: Float = 0.797_884_560_802_865_4  // √(2/π)
    static let geluCubic: Float = 0.044_715

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    // 0.5·(1 + tanh(u)) equals σ(2u), so GELU is x·σ(2u) with one exp instead of a tanh,
    // which costs about three times as much.
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        x / (1 + Foundation.exp(-2 * geluScale * (x + geluCubic * x * x * x)))
    }

    @inline(__always)
    static func geluDerivative(_ x: Float) -> Float {
        let s = 1 / (1 + Foundation.exp(-2 * geluScale * (x + geluCubic * x * x * x)))
        let innerDerivative = geluScale * (1 + 3 * geluCubic * x * x)
        return s + 2 * x * s * (1 - s) * innerDerivative
    }

    @inline(__always)
    static func siluDerivative(_ x: Float) -> Float {
        let s = sigmoid(x)
        return s * (1 + x * (1 - s))
    }
}
