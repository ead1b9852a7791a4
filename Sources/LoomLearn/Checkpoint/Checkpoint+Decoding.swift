import Foundation

extension Checkpoint {
    /// Reads safetensors bytes; `source` names the file in error messages.
    ///
    /// Throws a `LoomError` of kind `.format` for a truncated file, a header that
    /// is not a JSON object of well-formed entries, offsets that overlap, leave gaps, or run
    /// past the data, a byte count that disagrees with the shape, or an unsupported dtype.
    public static func decode(_ data: Data, source: String = "<checkpoint>") throws -> Checkpoint {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else {
            throw error("\(source) is truncated: \(bytes.count) bytes, too short for the 8-byte header length", source)
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw error(
                "\(source) is truncated: the header claims \(length) bytes but the file has \(bytes.count)", source)
        }
        let headerEnd = 8 + Int(length)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw Checkpoint.error("\(source): the safetensors header is not valid JSON", source)
        }
        guard let header = json as? [String: Any] else {
            throw error("\(source): the safetensors header is not a JSON object", source)
        }
        var checkpoint = Checkpoint()
        if let metadata = header["__metadata__"] {
            guard let pairs = metadata as? [String: String] else {
                throw error("\(source): __metadata__ must map strings to strings", source)
            }
            checkpoint.metadata = pairs
        }
        let dataSize = bytes.count - headerEnd
        var spans: [(range: Range<Int>, name: String)] = []
        for (name, entry) in header where name != "__metadata__" {
            let (tensor, range) = try decodeEntry(
                name, entry, bytes: bytes, dataStart: headerEnd, dataSize: dataSize, source)
            checkpoint.tensors[name] = tensor
            spans.append((range, name))
        }
        spans.sort {
            ($0.range.lowerBound, $0.range.upperBound, $0.name) < ($1.range.lowerBound, $1.range.upperBound, $1.name)
        }
        var position = 0
        for span in spans {
            guard span.range.lowerBound == position else {
                let problem =
                    span.range.lowerBound < position ? "overlaps the tensor before it" : "leaves a gap before it"
                throw error("\(source): inconsistent data_offsets: tensor '\(span.name)' \(problem)", source)
            }
            position = span.range.upperBound
        }
        guard position == dataSize else {
            throw error("\(source): \(dataSize - position) bytes after the last tensor belong to no tensor", source)
        }
        return checkpoint
    }

    private static func decodeEntry(
        _ name: String, _ entry: Any, bytes: [UInt8], dataStart: Int, dataSize: Int, _ source: String
    ) throws -> (Tensor, Range<Int>) {
        guard let fields = entry as? [String: Any], let dtype = fields["dtype"] as? String,
            let shape = (fields["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
            let offsets = (fields["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
            offsets.count == 2, shape.count == (fields["shape"] as? [Any])?.count
        else {
            throw error("\(source): tensor '\(name)' needs \"dtype\", \"shape\" and two \"data_offsets\"", source)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw error("\(source): tensor '\(name)' has a negative dimension", source)
        }
        let width: Int
        switch dtype {
        case "F32": width = 4
        case "F16", "BF16": width = 2
        case "F64", "I64": width = 8
        case "I32": width = 4
        default:
            throw error(
                "\(source): tensor '\(name)' has dtype \(dtype); expected F32, F16, BF16, F64, I64 or I32", source)
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0 && begin <= end else {
            throw error("\(source): inconsistent data_offsets [\(begin), \(end)] for tensor '\(name)'", source)
        }
        guard end <= dataSize else {
            throw error(
                "\(source) is truncated: tensor '\(name)' ends at byte \(end) of the data, which has \(dataSize)",
                source)
        }
        // A hostile shape must not overflow the byte count.
        var byteCount = width
        for dimension in shape {
            let (product, overflowed) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflowed else {
                throw error("\(source): tensor '\(name)' has an impossibly large shape \(shape)", source)
            }
            byteCount = product
        }
        guard end - begin == byteCount else {
            throw error(
                "\(source): tensor '\(name)' of shape \(shape) and dtype \(dtype) needs \(byteCount) bytes, "
                    + "its data_offsets span \(end - begin)", source)
        }
        let count = byteCount / width
        let base = dataStart + begin
        let value = { (i: Int, size: Int) -> UInt64 in
            var word: UInt64 = 0
            for b in 0..<size { word |= UInt64(bytes[base + i * size + b]) << (8 * UInt64(b)) }
            return word
        }
        let scalars: [Float]
        switch dtype {
        case "F32" where Int(littleEndian: 1) == 1:
            // The stored bytes are already this machine's floats: one copy.
            scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[base..<(base + 4 * count)]))
                }
                initialized = count
            }
        case "F32": scalars = (0..<count).map { Float(bitPattern: UInt32(value($0, 4))) }
        case "F64": scalars = (0..<count).map { Float(Double(bitPattern: value($0, 8))) }
        case "I64": scalars = (0..<count).map { Float(Int64(bitPattern: value($0, 8))) }
        case "I32": scalars = (0..<count).map { Float(Int32(bitPattern: UInt32(value($0, 4)))) }
        case "BF16": scalars = (0..<count).map { Float(bitPattern: UInt32(value($0, 2)) << 16) }
        default: scalars = (0..<count).map { halfToFloat(UInt16(value($0, 2))) }
        }
        return (Tensor(shape: shape, scalars: scalars), begin..<end)
    }

    /// An IEEE 754 half-precision value widened to single precision (subnormals, infinities
    /// and NaNs included).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
