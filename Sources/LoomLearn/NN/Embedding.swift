import LoomCore

/// A lookup table of learned vectors, one per token or tile id: `"<name>.weight"`,
/// `[count, features]`.
public struct Embedding: Module {
    /// `[count, features]`.
    public let weight: Parameter

    /// A table drawn by `initializer` (default: normal with standard deviation 0.02, as in GPT-2).
    public init(
        name: String, count: Int, features: Int, initializer: Initializer = .normal(standardDeviation: 0.02), seed: Seed
    ) {
        weight = Parameter(name: "\(name).weight", shape: [count, features], initializer: initializer, seed: seed)
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight] }

    /// The rows for `indices`, shaped `shape + [features]` (default shape `[indices.count]`).
    public func callAsFunction(_ indices: [Int], shape: [Int]? = nil, on tape: Tape) -> Variable {
        tape.parameter(weight).embedding(indices, shape: shape)
    }
}
