import LoomCore
import Testing

@testable import LoomLearn

/// Direct nested-loop convolution, the definition im2col + GEMM must agree with.
func referenceConvolution(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let oh = (h + 2 * padding - kh) / stride + 1
    let ow = (wd + 2 * padding - kw) / stride + 1
    var out = Tensor(zeros: [n, o, oh, ow])
    for b in 0..<n {
        for f in 0..<o {
            for y in 0..<oh {
                for xx in 0..<ow {
                    var total: Float = 0
                    for ch in 0..<c {
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = y * stride - padding + ky
                                let ix = xx * stride - padding + kx
                                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                                    total += x[b, ch, iy, ix] * w[f, ch, ky, kx]
                                }
                            }
                        }
                    }
                    out[b, f, y, xx] = total
                }
            }
        }
    }
    return out
}

/// Direct transposed convolution: every input pixel scatters its kernel into the output.
func referenceTransposedConvolution(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int, outputPadding: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
    let oh = (h - 1) * stride - 2 * padding + kh + outputPadding
    let ow = (wd - 1) * stride - 2 * padding + kw + outputPadding
    var out = Tensor(zeros: [n, o, oh, ow])
    for b in 0..<n {
        for ch in 0..<c {
            for y in 0..<h {
                for xx in 0..<wd {
                    for f in 0..<o {
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let oy = y * stride - padding + ky
                                let ox = xx * stride - padding + kx
                                if oy >= 0 && oy < oh && ox >= 0 && ox < ow {
                                    out[b, f, oy, ox] += x[b, ch, y, xx] * w[ch, f, ky, kx]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return out
}

@Suite("Convolutions")
struct ConvolutionTests {
    @Test(arguments: [(1, 0), (1, 1), (2, 0), (2, 1), (3, 2)])
    func convolutionMatchesDirectLoops(stride: Int, padding: Int) {
        let x = Tensor.randomUniform(shape: [2, 3, 7, 6], in: -1..<1, seed: Seed(1))
        let w = Tensor.randomUniform(shape: [4, 3, 3, 2], in: -1..<1, seed: Seed(2))
        let bias = Tensor([0.5, -0.5, 1, 0])
        let result = x.conv2d(weight: w, bias: bias, stride: stride, padding: padding)
        let expected = referenceConvolution(x, w, stride: stride, padding: padding) + bias.reshaped([4, 1, 1])
        #expect(result.shape == expected.shape)
        #expect(zip(result.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test(arguments: [(1, 0, 0), (2, 0, 0), (2, 1, 1), (3, 1, 2)])
    func transposedConvolutionMatchesDirectLoops(stride: Int, padding: Int, outputPadding: Int) {
        let x = Tensor.randomUniform(shape: [2, 3, 4, 5], in: -1..<1, seed: Seed(3))
        let w = Tensor.randomUniform(shape: [3, 2, 3, 3], in: -1..<1, seed: Seed(4))
        let result = x.convTranspose2d(weight: w, stride: stride, padding: padding, outputPadding: outputPadding)
        let expected = referenceTransposedConvolution(
            x, w, stride: stride, padding: padding, outputPadding: outputPadding)
        #expect(result.shape == expected.shape)
        #expect(zip(result.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func stridedTransposedConvolutionUndoesTheShapeOfAStridedConvolution() {
        let x = Tensor.randomUniform(shape: [1, 2, 8, 8], in: -1..<1, seed: Seed(5))
        let down = x.conv2d(weight: Tensor(repeating: 0.1, shape: [4, 2, 3, 3]), stride: 2, padding: 1)
        #expect(down.shape == [1, 4, 4, 4])
        let up = down.convTranspose2d(
            weight: Tensor(repeating: 0.1, shape: [4, 2, 3, 3]), stride: 2, padding: 1, outputPadding: 1)
        #expect(up.shape == x.shape)
    }
}
