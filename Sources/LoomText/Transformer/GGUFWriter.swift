import Foundation
import LoomCore

/// Builds a GGUF version 3 file: metadata of any value type, then tensors in F32, F16, BF16
/// or Q8_0, each aligned to ``alignment`` bytes.
///
/// Keys and tensors are written in the order they were added. The file is written atomically
/// (a temporary file, then a rename), so a failed write never leaves half a model behind.
///
/// ```swift
/// var writer = GGUFWriter()
/// writer.set("general.architecture", .string("llama"))
/// try writer.addTensor("output_norm.weight", values: norm, dimensions: [dim], type: .f32)
/// try writer.write(to: "model.gguf")
/// ```
public struct GGUFWriter: Sendable {
    /// One typed metadata value; the case decides the GGUF value type written.
    public indirect enum Value: Sendable, Hashable {
        case uint8(UInt8)
        case int8(Int8)
        case uint16(UInt16)
        case int16(Int16)
        case uint32(UInt32)
        case int32(Int32)
        case float32(Float)
        case bool(Bool)
        case string(String)
        /// An array whose elements all have the GGUF value type `elementType` (0...12), so
        /// that empty arrays keep their type.
        case array(elementType: UInt32, [Value])
        case uint64(UInt64)
        case int64(Int64)
        case float64(Double)

        /// The GGUF value type number (`GGUF_TYPE_*`).
        public var typeCode: UInt32 {
            switch self {
            case .uint8: 0
            case .int8: 1
            case .uint16: 2
            case .int16: 3
            case .uint32: 4
            case .int32: 5
            case .float32: 6
            case .bool: 7
            case .string: 8
            case .array: 9
            case .uint64: 10
            case .int64: 11
            case .float64: 12
            }
        }

        /// An array of strings.
        public static func strings(_ values: [String]) -> Value { .array(elementType: 8, values.map(Value.string)) }
        /// An array of 32-bit floats.
        public static func floats(_ values: [Float]) -> Value { .array(elementType: 6, values.map(Value.float32)) }
        /// An array of 32-bit signed integers.
        public static func int32s(_ values: [Int32]) -> Value { .array(elementType: 5, values.map(Value.int32)) }
    }

    /// Tensor data alignment in bytes, written as `general.alignment` when not 32. Default: 32;
    /// a power of two.
    public var alignment: Int = 32
    private(set) var metadata: [(key: String, value: Value)] = []
    private(set) var tensors: [(name: String, dimensions: [Int], type: GGUFTensorType, data: [UInt8])] = []

    /// An empty file.
    public init() {}

    /// Sets metadata `key`, replacing an earlier value of the same key in place.
    public mutating func set(_ key: String, _ value: Value) {
        if let index = metadata.firstIndex(where: { $0.key == key }) {
            metadata[index].value = value
        } else {
            metadata.append((key, value))
        }
    }

    /// Adds a tensor of `dimensions` (ggml order: `dimensions[0]` is the row length) stored as
    /// `type`. Throws `.invalidArgument` when the counts disagree, a name repeats, or a Q8_0
    /// tensor's rows are not a multiple of 32.
    public mutating func addTensor(
        _ name: String, values: UnsafeBufferPointer<Float>, dimensions: [Int], type: GGUFTensorType
    ) throws {
        guard !dimensions.isEmpty, dimensions.count <= 4, dimensions.allSatisfy({ $0 >= 1 }) else {
            throw LoomError(
                .invalidArgument, "GGUF tensor '\(name)': dimensions \(dimensions) must be 1 to 4 sizes ≥ 1")
        }
        let count = dimensions.reduce(1, *)
        guard count == values.count else {
            throw LoomError(
                .invalidArgument,
                "GGUF tensor '\(name)': dimensions \(dimensions) need \(count) values, got \(values.count)")
        }
        guard !tensors.contains(where: { $0.name == name }) else {
            throw LoomError(.invalidArgument, "GGUF tensor '\(name)' was added twice")
        }
        guard Self.writableTypes.contains(type) else {
            throw LoomError(
                .invalidArgument,
                "GGUF tensor '\(name)': Loom writes F32, F16, BF16 and Q8_0 tensors, not \(type) (it reads \(type))")
        }
        if type == .q8_0 && dimensions[0] % 32 != 0 {
            throw LoomError(
                .invalidArgument, "GGUF tensor '\(name)': Q8_0 needs rows of a multiple of 32 (got \(dimensions[0]))")
        }
        tensors.append((name, dimensions, type, Self.encode(values, as: type)))
    }

    /// Adds a tensor from an array of floats, with the same rules as the buffer version.
    public mutating func addTensor(_ name: String, values: [Float], dimensions: [Int], type: GGUFTensorType) throws {
        try values.withUnsafeBufferPointer { try addTensor(name, values: $0, dimensions: dimensions, type: type) }
    }

    /// The tensor types `addTensor(_:values:dimensions:type:)` can encode.
    public static let writableTypes: Set<GGUFTensorType> = [.f32, .f16, .bf16, .q8_0]

    /// The elements encoded as `type` (little-endian; Q8_0 as ggml quantises: per block of 32
    /// a half-float scale `max|x|/127` and the values rounded to `x/scale`).
    static func encode(_ values: UnsafeBufferPointer<Float>, as type: GGUFTensorType) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: type.byteCount(elements: values.count))
        data.withUnsafeMutableBytes { raw in
            switch type {
            case .f32:
                for (i, value) in values.enumerated() {
                    raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
                }
            case .f16:
                for (i, value) in values.enumerated() {
                    raw.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: i * 2, as: UInt16.self)
                }
            case .bf16:
                for (i, value) in values.enumerated() {
                    // Round to nearest even on the dropped 16 bits, as ggml does (NaN aside).
                    let bits = value.bitPattern
                    let rounded = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
                    raw.storeBytes(of: rounded.littleEndian, toByteOffset: i * 2, as: UInt16.self)
                }
            case .q8_0:
                for block in 0..<(values.count / 32) {
                    let start = block * 32
                    var largest: Float = 0
                    for i in 0..<32 { largest = max(largest, abs(values[start + i])) }
                    let scale = largest / 127
                    let inverse: Float = scale == 0 ? 0 : 1 / scale
                    let offset = block * 34
                    raw.storeBytes(of: Float16(scale).bitPattern.littleEndian, toByteOffset: offset, as: UInt16.self)
                    for i in 0..<32 {
                        let q = (values[start + i] * inverse).rounded()
                        raw.storeBytes(of: Int8(max(-127, min(127, q))), toByteOffset: offset + 2 + i, as: Int8.self)
                    }
                }
            default:
                preconditionFailure("addTensor admits only writableTypes")
            }
        }
        return data
    }

    /// The whole file as bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func append(string: String) {
            append(UInt64(string.utf8.count))
            out += string.utf8
        }
        func append(value: Value) {
            switch value {
            case .uint8(let v): append(v)
            case .int8(let v): append(v)
            case .uint16(let v): append(v)
            case .int16(let v): append(v)
            case .uint32(let v): append(v)
            case .int32(let v): append(v)
            case .float32(let v): append(v.bitPattern)
            case .bool(let v): append(UInt8(v ? 1 : 0))
            case .string(let v): append(string: v)
            case .array(let elementType, let values):
                append(elementType)
                append(UInt64(values.count))
                for element in values { append(value: element) }
            case .uint64(let v): append(v)
            case .int64(let v): append(v)
            case .float64(let v): append(v.bitPattern)
            }
        }
        var entries = metadata
        if alignment != 32 && !entries.contains(where: { $0.key == "general.alignment" }) {
            entries.append(("general.alignment", .uint32(UInt32(alignment))))
        }
        out += GGUFFile.magic
        append(UInt32(3))
        append(UInt64(tensors.count))
        append(UInt64(entries.count))
        for (key, value) in entries {
            append(string: key)
            append(value.typeCode)
            append(value: value)
        }
        var offset = 0
        for tensor in tensors {
            append(string: tensor.name)
            append(UInt32(tensor.dimensions.count))
            for size in tensor.dimensions { append(UInt64(size)) }
            append(tensor.type.rawValue)
            append(UInt64(offset))
            offset = padded(offset + tensor.data.count)
        }
        out += [UInt8](repeating: 0, count: padded(out.count) - out.count)
        for tensor in tensors {
            out += tensor.data
            out += [UInt8](repeating: 0, count: padded(out.count) - out.count)
        }
        return out
    }

    private func padded(_ count: Int) -> Int { (count + alignment - 1) / alignment * alignment }

    /// Writes the file to `path` atomically. Throws `.invalidArgument` for an alignment that is
    /// not a power of two, and an I/O error naming the path when it cannot be written.
    public func write(to path: String) throws {
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw LoomError(.invalidArgument, "GGUF alignment must be a power of two (got \(alignment))")
        }
        try AtomicFile.write(Data(encoded()), to: path)
    }
}
