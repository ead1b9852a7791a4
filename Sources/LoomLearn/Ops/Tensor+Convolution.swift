extension Tensor {
    /// A 2D convolution (cross-correlation, as in PyTorch) of images `[batch, channels, height,
    /// width]` (NCHW) with filters `[outChannels, channels, kernelHeight, kernelWidth]`, plus an
    /// optional `[outChannels]` bias. The output is `[batch, outChannels, outHeight, outWidth]`
    /// with `outHeight = (height + 2·padding − kernelHeight) / stride + 1` (likewise the width).
    ///
    /// Computed as im2col (each window unfolded into a column) followed by one matrix product
    /// per image through ``matmul(_:transposeA:transposeB:)``.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        let geometry = Tensor.convolutionGeometry(input: shape, weight: weight.shape, stride: stride, padding: padding)
        let batch = shape[0]
        let outChannels = weight.shape[0]
        let columns = geometry.imagesToColumns(self, batch: batch)
        var output = weight.reshaped([outChannels, geometry.patchSize]).matmul(columns)
        output = output.reshaped([batch, outChannels, geometry.outputHeight, geometry.outputWidth])
        if let bias { output = output + bias.reshaped([outChannels, 1, 1]) }
        return output
    }

    /// A 2D transposed convolution (the gradient of ``conv2d(weight:bias:stride:padding:)`` with
    /// respect to its input, used to upsample) of images `[batch, inChannels, height, width]`
    /// with filters `[inChannels, outChannels, kernelHeight, kernelWidth]` (PyTorch's layout),
    /// plus an optional `[outChannels]` bias. The output height is
    /// `(height − 1)·stride − 2·padding + kernelHeight + outputPadding` (likewise the width);
    /// `outputPadding` must be less than `stride`.
    public func convTranspose2d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0
    ) -> Tensor {
        let geometry = Tensor.transposedGeometry(
            input: shape, weight: weight.shape, stride: stride, padding: padding, outputPadding: outputPadding)
        let (batch, inChannels, outChannels) = (shape[0], shape[1], weight.shape[1])
        let columns = weight.reshaped([inChannels, geometry.patchSize])
            .matmul(reshaped([batch, inChannels, geometry.positions]), transposeA: true)
        var output = geometry.columnsToImages(columns, batch: batch)
        if let bias { output = output + bias.reshaped([outChannels, 1, 1]) }
        return output
    }

    static func convolutionGeometry(input: [Int], weight: [Int], stride: Int, padding: Int) -> ConvolutionGeometry {
        precondition(input.count == 4, "conv2d input must be [batch, channels, height, width], found \(input)")
        precondition(weight.count == 4 && weight[1] == input[1], "conv2d weight \(weight) for input \(input)")
        precondition(stride >= 1 && padding >= 0, "conv2d needs stride ≥ 1 and padding ≥ 0")
        let outHeight = (input[2] + 2 * padding - weight[2]) / stride + 1
        let outWidth = (input[3] + 2 * padding - weight[3]) / stride + 1
        precondition(outHeight > 0 && outWidth > 0, "conv2d kernel \(weight) larger than padded input \(input)")
        return ConvolutionGeometry(
            channels: input[1], height: input[2], width: input[3], kernelHeight: weight[2], kernelWidth: weight[3],
            stride: stride, padding: padding, outputHeight: outHeight, outputWidth: outWidth)
    }

    /// The geometry of the convolution whose input gradient a transposed convolution computes:
    /// its "image" is the transposed convolution's output.
    static func transposedGeometry(
        input: [Int], weight: [Int], stride: Int, padding: Int, outputPadding: Int
    ) -> ConvolutionGeometry {
        precondition(
            input.count == 4, "convTranspose2d input must be [batch, channels, height, width], found \(input)")
        precondition(weight.count == 4 && weight[0] == input[1], "convTranspose2d weight \(weight) for input \(input)")
        precondition(
            stride >= 1 && padding >= 0 && outputPadding >= 0 && outputPadding < stride,
            "convTranspose2d needs stride ≥ 1, padding ≥ 0 and 0 ≤ outputPadding < stride")
        let height = (input[2] - 1) * stride - 2 * padding + weight[2] + outputPadding
        let width = (input[3] - 1) * stride - 2 * padding + weight[3] + outputPadding
        precondition(height > 0 && width > 0, "convTranspose2d output would be empty for \(input)")
        return ConvolutionGeometry(
            channels: weight[1], height: height, width: width, kernelHeight: weight[2], kernelWidth: weight[3],
            stride: stride, padding: padding, outputHeight: input[2], outputWidth: input[3])
    }
}
