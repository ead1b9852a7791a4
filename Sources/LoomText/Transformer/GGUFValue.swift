/// One metadata value of a GGUF file.
public enum GGUFValue: Sendable, Hashable {
    /// Any unsigned integer type (`UINT8` … `UINT64`).
    case unsigned(UInt64)
    /// Any signed integer type (`INT8` … `INT64`).
    case signed(Int64)
    /// `FLOAT32` or `FLOAT64`.
    case float(Double)
    /// `BOOL`.
    case bool(Bool)
    /// `STRING` (UTF-8; invalid bytes repaired).
    case string(String)
    /// `ARRAY` of any element type, arrays of arrays included.
    case array([GGUFValue])

    /// The value as an integer, when it is one that fits.
    public var int: Int? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int.max) ? Int(value) : nil
        case .signed(let value): Int(exactly: value)
        default: nil
        }
    }

    /// The value as a floating-point number, when it is numeric.
    public var double: Double? {
        switch self {
        case .float(let value): value
        case .unsigned(let value): Double(value)
        case .signed(let value): Double(value)
        default: nil
        }
    }

    /// The string, when the value is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, when the value is an array.
    public var array: [GGUFValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}

/// Element types of GGUF tensors that Loom reads (the `ggml_type` numbers).
///
/// Quantised types hold blocks: 32 weights for the classic ones (`Q4_0` … `Q8_0`), 256 for the
/// k-quants (`Q4_K`, `Q5_K`, `Q6_K`), so a row's length must be a multiple of ``blockSize``.
public enum GGUFTensorType: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 32-bit floats.
    case f32 = 0
    /// IEEE half floats.
    case f16 = 1
    /// Blocks of 32 weights: a half-float scale, then 32 four-bit values offset by 8.
    case q4_0 = 2
    /// Blocks of 32 weights: a half-float scale and minimum, then 32 four-bit values.
    case q4_1 = 3
    /// Blocks of 32 weights: a half-float scale, 32 fifth bits, then 32 four-bit values offset by 16.
    case q5_0 = 6
    /// Blocks of 32 weights: a half-float scale and minimum, 32 fifth bits, then 32 four-bit values.
    case q5_1 = 7
    /// Blocks of 32 weights: one half-float scale, then 32 signed bytes.
    case q8_0 = 8
    /// Super-blocks of 256 weights in 8 sub-blocks with 6-bit scales and minimums, 4-bit values.
    case q4_K = 12
    /// Super-blocks of 256 weights in 8 sub-blocks with 6-bit scales and minimums, 5-bit values.
    case q5_K = 13
    /// Super-blocks of 256 weights in 16 sub-blocks with 8-bit scales, 6-bit values offset by 32.
    case q6_K = 14
    /// bfloat16.
    case bf16 = 30

    /// The ggml name (`F32`, `Q4_K`, …).
    public var description: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q5_0: "Q5_0"
        case .q5_1: "Q5_1"
        case .q8_0: "Q8_0"
        case .q4_K: "Q4_K"
        case .q5_K: "Q5_K"
        case .q6_K: "Q6_K"
        case .bf16: "BF16"
        }
    }

    /// Weights per block: 1 for the float types.
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: 32
        case .q4_K, .q5_K, .q6_K: 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q8_0: 34
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        }
    }

    /// Bytes that hold `count` elements (a multiple of ``blockSize``).
    func byteCount(elements count: Int) -> Int { count / blockSize * blockBytes }

    /// Every type Loom reads, as `NAME (number)`, for error messages.
    static var supportedList: String {
        allCases.map { "\($0) (\($0.rawValue))" }.joined(separator: ", ")
    }
}

/// Where one tensor's data is and how it is stored.
public struct GGUFTensorInfo: Sendable, Hashable {
    /// The tensor's name, such as `blk.0.attn_q.weight`.
    public var name: String
    /// Sizes, fastest-varying first (ggml's `ne`): a matrix of `rows × columns` is `[columns, rows]`.
    public var dimensions: [Int]
    /// The element type.
    public var type: GGUFTensorType
    /// Byte offset of the data from the start of the file.
    public var fileOffset: Int

    /// Number of elements.
    public var elementCount: Int { dimensions.reduce(1, *) }
}
