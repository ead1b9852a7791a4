import LoomCore

/// Layer normalisation over the last axis with a learned scale (`"<name>.weight"`, ones) and
/// shift (`"<name>.bias"`, zeros), both `[features]`.
public struct LayerNorm: Module {
    /// `[features]`, starts at 1.
    public let weight: Parameter
    /// `[features]`, starts at 0.
    public let bias: Parameter
    /// Added to the variance before the square root. Default 1e-5.
    public let epsilon: Float

    /// A layer for `features`-wide rows.
    public init(name: String, features: Int, epsilon: Float = 1e-5) {
        weight = Parameter(name: "\(name).weight", value: Tensor(repeating: 1, shape: [features]))
        bias = Parameter(name: "\(name).bias", value: Tensor(zeros: [features]))
        self.epsilon = epsilon
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight, bias] }

    /// Normalises each row of `[…, features]`.
    public func callAsFunction(_ input: Variable) -> Variable {
        input.layerNorm(weight: input.tape.parameter(weight), bias: input.tape.parameter(bias), epsilon: epsilon)
    }
}

/// RMS normalisation over the last axis with a learned scale (`"<name>.weight"`, ones,
/// `[features]`), as in LLaMA.
public struct RMSNorm: Module {
    /// `[features]`, starts at 1.
    public let weight: Parameter
    /// Added to the mean square before the square root. Default 1e-5.
    public let epsilon: Float

    /// A layer for `features`-wide rows.
    public init(name: String, features: Int, epsilon: Float = 1e-5) {
        weight = Parameter(name: "\(name).weight", value: Tensor(repeating: 1, shape: [features]))
        self.epsilon = epsilon
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight] }

    /// Normalises each row of `[…, features]`.
    public func callAsFunction(_ input: Variable) -> Variable {
        input.rmsNorm(weight: input.tape.parameter(weight), epsilon: epsilon)
    }
}

/// Inverted dropout as a layer; it has no parameters.
public struct Dropout: Module {
    /// The probability of zeroing an element, in `0..<1`.
    public let rate: Float

    /// A layer dropping elements with probability `rate`.
    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside 0..<1")
        self.rate = rate
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [] }

    /// Drops elements with a mask seeded by `seed` (derive one per step and layer while
    /// training); with `seed == nil` (inference) the input passes unchanged.
    public func callAsFunction(_ input: Variable, seed: Seed?) -> Variable {
        guard let seed else { return input }
        return input.dropout(rate: rate, seed: seed)
    }
}
