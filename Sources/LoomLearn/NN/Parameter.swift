import LoomCore

/// A learnable tensor with a stable name and a gradient buffer allocated once beside it.
///
/// The name (such as `"blocks.0.attention.output.weight"`) is the key under which checkpoints
/// store the value, and the label from which its initial values are seeded. A parameter is a
/// class so that a model, its optimizer and a tape all see the same storage.
public final class Parameter {
    /// The name under which checkpoints store this parameter.
    public let name: String
    /// The current value. Keep its shape: optimizers and checkpoints rely on it (no observer
    /// checks it, so that in-place updates never copy the storage).
    public var value: Tensor
    /// The gradient accumulated by ``Tape/backward(from:seed:)`` since the last
    /// ``zeroGradient()``; same shape as ``value``.
    public var gradient: Tensor

    /// A parameter with a given initial value and a zero gradient.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }

    /// A parameter of `shape` filled by `initializer` from `seed.derive(name)`, so every
    /// parameter of a model gets its own reproducible stream.
    public convenience init(name: String, shape: [Int], initializer: Initializer, seed: Seed) {
        self.init(name: name, value: initializer.tensor(shape: shape, seed: seed.derive(name)))
    }

    /// Sets the gradient to zero.
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The number of scalars.
    public var count: Int { value.count }
}
