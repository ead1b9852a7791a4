import CLoomKernels
import LoomCore

/// A weight matrix as it lies in a model file: `rows` rows of `columns` weights of one ggml
/// type, each row `rowBytes` bytes, read in place (never expanded to float32).
///
/// `W · x` takes `columns` inputs and gives `rows` outputs, as llama2.c's matrices do.
struct WeightMatrix: @unchecked Sendable {
    /// How the weights are stored.
    let type: GGUFTensorType
    /// First byte of row 0, inside a ``WeightStorage`` that outlives the matrix.
    let base: UnsafeRawPointer
    /// Number of output rows.
    let rows: Int
    /// Weights per row (a multiple of the type's block size).
    let columns: Int

    /// Bytes of one row.
    var rowBytes: Int { type.byteCount(elements: columns) }

    /// The kind of converted activations this matrix's kernel reads.
    var activationKind: ActivationKind { ActivationKind(type) }

    /// Writes row `row` as floats into `output` (`columns` values): an embedding lookup.
    func decodeRow(_ row: Int, into output: UnsafeMutablePointer<Float>) {
        type.dequantise(base + row * rowBytes, count: columns, into: output)
    }
}

/// The three activation formats the kernels read; matrices of one kind share converted inputs.
enum ActivationKind: Int, CaseIterable {
    /// Plain float32 (F32, F16, BF16 weights).
    case float
    /// Blocks of 32 int8 with a scale and a scaled sum (Q4_0 … Q8_0 weights).
    case blocks32
    /// Blocks of 256 int8 with a scale and sums of each 16 (k-quant weights).
    case blocks256

    init(_ type: GGUFTensorType) {
        switch type.blockSize {
        case 1: self = .float
        case 32: self = .blocks32
        default: self = .blocks256
        }
    }

    /// A weight type of this kind, for the C functions that take a type.
    var representative: Int32 {
        switch self {
        case .float: Int32(LOOM_TYPE_F32)
        case .blocks32: Int32(LOOM_TYPE_Q8_0)
        case .blocks256: Int32(LOOM_TYPE_Q6_K)
        }
    }

    /// Bytes of one converted row of `columns` values.
    func rowBytes(columns: Int) -> Int {
        Int(loom_activation_row_bytes(representative, Int64(columns)))
    }

    /// Converts `count` rows of `columns` floats (one every `columns`) into `output`, by the
    /// fastest kernels or (`scalar`) the portable ones; both give the same bytes.
    func convert(
        _ input: UnsafePointer<Float>, count: Int, columns: Int, into output: UnsafeMutableRawPointer,
        scalar: Bool = false
    ) {
        let bytes = rowBytes(columns: columns)
        let family = scalar ? Int32(LOOM_KERNELS_SCALAR) : Int32(LOOM_KERNELS_BEST)
        for row in 0..<count {
            loom_quantize_activation_family(
                family, representative, input + row * columns, Int64(columns), output + row * bytes)
        }
    }
}

/// The compute kernels of `CLoomKernels`, as Swift calls them.
enum Kernels {
    /// Which kernels run: `"avx2"`, `"neon"` or `"scalar"` (or the portable ones' name, `scalar`).
    static func name(scalar: Bool = false) -> String {
        String(cString: loom_kernels_name(scalar ? Int32(LOOM_KERNELS_SCALAR) : Int32(LOOM_KERNELS_BEST)))
    }

    /// `out[t · outStride + r] = matrix.row(r) · activation(t)` for rows `range` and `count`
    /// converted activation rows (one every `activationBytes`).
    static func multiply(
        _ matrix: WeightMatrix, rows range: Range<Int>, activations: UnsafeRawPointer, activationBytes: Int,
        count: Int, into out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        loom_matmul(
            Int32(matrix.type.rawValue), Int64(matrix.columns), matrix.base, matrix.rowBytes, Int64(range.lowerBound),
            Int64(range.upperBound), activations, activationBytes, Int64(count), out, Int64(outStride))
    }

    /// The dot product of row `row` of `matrix` with one converted activation row, by the
    /// fastest kernels or (`scalar`) the portable ones.
    static func dot(_ matrix: WeightMatrix, row: Int, activation: UnsafeRawPointer, scalar: Bool = false) -> Float {
        loom_dot_family(
            scalar ? Int32(LOOM_KERNELS_SCALAR) : Int32(LOOM_KERNELS_BEST), Int32(matrix.type.rawValue),
            Int64(matrix.columns), matrix.base + row * matrix.rowBytes, activation)
    }
}
