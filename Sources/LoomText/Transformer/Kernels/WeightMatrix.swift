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

    /// Converts `count` rows of `columns` floats (one every `columns`) into `output`, by one
    /// kernel family (the fastest unless a test asks); every family gives the same bytes.
    func convert(
        _ input: UnsafePointer<Float>, count: Int, columns: Int, into output: UnsafeMutableRawPointer,
        family: Kernels.Family = .best
    ) {
        let bytes = rowBytes(columns: columns)
        for row in 0..<count {
            loom_quantize_activation_family(
                family.code, representative, input + row * columns, Int64(columns), output + row * bytes)
        }
    }
}

/// The compute kernels of `CLoomKernels`, as Swift calls them.
enum Kernels {
    /// A family of kernels: what every product runs (`best`), or one that tests compare with it.
    enum Family {
        /// The fastest kernels this CPU has (`LOOM_KERNELS=avx2` or `scalar` in the environment
        /// picks those instead, for side-by-side timings).
        case best
        /// The portable C kernels.
        case scalar
        /// The AVX2 kernels even where AVX-512 is present; the AVX-512 ones give their bits.
        case avx2

        var code: Int32 {
            switch self {
            case .best: Int32(LOOM_KERNELS_BEST)
            case .scalar: Int32(LOOM_KERNELS_SCALAR)
            case .avx2: Int32(LOOM_KERNELS_AVX2)
            }
        }
    }

    /// Which kernels a family runs on this CPU: `"avx512"`, `"avx2"`, `"neon"` or `"scalar"`.
    static func name(_ family: Family = .best) -> String {
        String(cString: loom_kernels_name(family.code))
    }

    /// `out[t · outStride + r] = matrix.row(r) · activation(t)` for rows `range` and `count`
    /// converted activation rows (one every `activationBytes`), by one kernel family.
    static func multiply(
        _ matrix: WeightMatrix, rows range: Range<Int>, activations: UnsafeRawPointer, activationBytes: Int,
        count: Int, into out: UnsafeMutablePointer<Float>, outStride: Int, family: Family = .best
    ) {
        loom_matmul_family(
            family.code, Int32(matrix.type.rawValue), Int64(matrix.columns), matrix.base, matrix.rowBytes,
            Int64(range.lowerBound), Int64(range.upperBound), activations, activationBytes, Int64(count), out,
            Int64(outStride))
    }

    /// The dot product of row `row` of `matrix` with one converted activation row, by one
    /// kernel family.
    static func dot(_ matrix: WeightMatrix, row: Int, activation: UnsafeRawPointer, family: Family = .best) -> Float {
        loom_dot_family(
            family.code, Int32(matrix.type.rawValue),
            Int64(matrix.columns), matrix.base + row * matrix.rowBytes, activation)
    }
}
