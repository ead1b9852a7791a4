import LoomCore

/// A 2D convolution layer over NCHW images; see ``Tensor/conv2d(weight:bias:stride:padding:)``.
/// Parameters: `"<name>.weight"` `[outChannels, inChannels, kernel, kernel]`, `"<name>.bias"`
/// `[outChannels]`.
public struct Conv2D: Module {
    /// `[outChannels, inChannels, kernel, kernel]`.
    public let weight: Parameter
    /// `[outChannels]`, or `nil`.
    public let bias: Parameter?
    /// Step between windows. Default 1.
    public let stride: Int
    /// Zeros added on every side. Default 0.
    public let padding: Int

    /// A layer with Kaiming-uniform weights (fan-in `inChannels·kernel²`) and a zero bias.
    public init(
        name: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, seed: Seed
    ) {
        weight = Parameter(
            name: "\(name).weight", shape: [outChannels, inChannels, kernel, kernel],
            initializer: .kaimingUniform(fanIn: inChannels * kernel * kernel), seed: seed)
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outChannels], initializer: .zeros, seed: seed) : nil
        self.stride = stride
        self.padding = padding
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Convolves `[batch, inChannels, height, width]`.
    public func callAsFunction(_ input: Variable) -> Variable {
        let tape = input.tape
        return input.conv2d(
            weight: tape.parameter(weight), bias: bias.map { tape.parameter($0) }, stride: stride, padding: padding)
    }
}

/// A 2D transposed convolution layer (learned upsampling); see
/// ``Tensor/convTranspose2d(weight:bias:stride:padding:outputPadding:)``. Parameters:
/// `"<name>.weight"` `[inChannels, outChannels, kernel, kernel]`, `"<name>.bias"` `[outChannels]`.
public struct ConvTranspose2D: Module {
    /// `[inChannels, outChannels, kernel, kernel]`.
    public let weight: Parameter
    /// `[outChannels]`, or `nil`.
    public let bias: Parameter?
    /// Upsampling factor. Default 1.
    public let stride: Int
    /// Rows and columns removed from every side of the output. Default 0.
    public let padding: Int
    /// Extra rows and columns on the bottom and right of the output, below `stride`. Default 0.
    public let outputPadding: Int

    /// A layer with Kaiming-uniform weights (fan-in `outChannels·kernel²`, as PyTorch
    /// computes it for this layout) and a zero bias.
    public init(
        name: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, bias: Bool = true, seed: Seed
    ) {
        weight = Parameter(
            name: "\(name).weight", shape: [inChannels, outChannels, kernel, kernel],
            initializer: .kaimingUniform(fanIn: outChannels * kernel * kernel), seed: seed)
        self.bias = bias ? Parameter(name: "\(name).bias", shape: [outChannels], initializer: .zeros, seed: seed) : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Upsamples `[batch, inChannels, height, width]`.
    public func callAsFunction(_ input: Variable) -> Variable {
        let tape = input.tape
        return input.convTranspose2d(
            weight: tape.parameter(weight), bias: bias.map { tape.parameter($0) }, stride: stride, padding: padding,
            outputPadding: outputPadding)
    }
}
