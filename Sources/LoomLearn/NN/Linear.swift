import LoomCore

/// A fully connected layer: `y = x·Wᵀ + b` over the last axis.
///
/// The weight is `[outputSize, inputSize]` (PyTorch's layout, so checkpoints line up with
/// Python tools) and named `"<name>.weight"`; the bias is `[outputSize]`, `"<name>.bias"`.
public struct Linear: Module {
    /// `[outputSize, inputSize]`.
    public let weight: Parameter
    /// `[outputSize]`, or `nil` for a layer without bias.
    public let bias: Parameter?

    /// A layer with weights drawn by `initializer` (default: Kaiming uniform over the inputs)
    /// and a zero bias.
    public init(
        name: String, inputSize: Int, outputSize: Int, bias: Bool = true, initializer: Initializer? = nil, seed: Seed
    ) {
        weight = Parameter(
            name: "\(name).weight", shape: [outputSize, inputSize],
            initializer: initializer ?? .kaimingUniform(fanIn: inputSize), seed: seed)
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outputSize], initializer: .zeros, seed: seed) : nil
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Applies the layer to `[…, inputSize]`, giving `[…, outputSize]`. The leading axes are
    /// folded into one matrix product.
    public func callAsFunction(_ input: Variable) -> Variable {
        let tape = input.tape
        let inputSize = weight.value.shape[1]
        precondition(
            input.shape.last == inputSize, "Linear \(weight.name) expects […, \(inputSize)], found \(input.shape)")
        let leading = Array(input.shape.dropLast())
        var output = input.reshaped([-1, inputSize]).matmul(tape.parameter(weight), transposeB: true)
        if let bias { output = output + tape.parameter(bias) }
        return output.reshaped(leading + [weight.value.shape[0]])
    }
}
