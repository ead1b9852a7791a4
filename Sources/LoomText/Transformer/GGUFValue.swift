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
public enum GGUFTensorType: UInt32, Sendable, Hashable, CustomStringConvertible {
    /// 32-bit floats.
    case f32 = 0
    /// IEEE half floats.
    case f16 = 1
    /// Blocks of 32 weights: one half-float scale, then 32 signed bytes.
    case q8_0 = 8
    /// bfloat16.
    case bf16 = 30

    /// The ggml name (`F32`, `F16`, `Q8_0`, `BF16`).
    public var description: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q8_0: "Q8_0"
        case .bf16: "BF16"
        }
    }

    /// Bytes that hold `count` elements (a multiple of the block size for `q8_0`).
    func byteCount(elements count: Int) -> Int {
        switch self {
        case .f32: count * 4
        case .f16, .bf16: count * 2
        case .q8_0: count / 32 * 34
        }
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
