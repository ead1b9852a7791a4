import LoomCore

/// A bounds-checked little-endian cursor over a GGUF file's header.
struct GGUFReader {
    let storage: WeightStorage
    let name: String
    var offset = 0

    private func need(_ count: Int, _ what: String) throws {
        guard count >= 0, count <= storage.count - offset else {
            throw LoomError(
                .format,
                "\(name): truncated GGUF at byte \(offset): expected \(what), found end of file (\(storage.count) bytes)"
            )
        }
    }

    mutating func bytes(_ count: Int, _ what: String) throws -> [UInt8] {
        try need(count, what)
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(start: storage.base + offset, count: count))
    }

    mutating func load<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        try need(MemoryLayout<T>.size, what)
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: (storage.base + offset).loadUnaligned(as: T.self))
    }

    mutating func uint32(_ what: String) throws -> UInt32 { try load(UInt32.self, what) }
    mutating func uint64(_ what: String) throws -> UInt64 { try load(UInt64.self, what) }

    /// A count whose items take at least `each` bytes, so a corrupt count cannot claim more
    /// items than the file could hold.
    mutating func count(_ what: String, each: Int) throws -> Int {
        let start = offset
        let value = try uint64(what)
        guard value <= UInt64((storage.count - offset) / max(each, 1)) else {
            throw LoomError(
                .format,
                "\(name): \(what) at byte \(start) is \(value), more than the \(storage.count)-byte file can hold")
        }
        return Int(value)
    }

    mutating func string(_ what: String) throws -> String {
        let length = try count("the length of \(what)", each: 1)
        return String(decoding: try bytes(length, what), as: UTF8.self)
    }

    mutating func value(type: UInt32, key: String, depth: Int) throws -> GGUFValue {
        let what = "the value of '\(key)'"
        switch type {
        case 0: return .unsigned(UInt64(try load(UInt8.self, what)))
        case 1: return .signed(Int64(try load(Int8.self, what)))
        case 2: return .unsigned(UInt64(try load(UInt16.self, what)))
        case 3: return .signed(Int64(try load(Int16.self, what)))
        case 4: return .unsigned(UInt64(try load(UInt32.self, what)))
        case 5: return .signed(Int64(try load(Int32.self, what)))
        case 6: return .float(Double(Float(bitPattern: try load(UInt32.self, what))))
        case 7:
            let byte = try load(UInt8.self, what)
            guard byte <= 1 else {
                throw LoomError(.format, "\(name): bool '\(key)' at byte \(offset - 1) is \(byte), expected 0 or 1")
            }
            return .bool(byte == 1)
        case 8: return .string(try string(what))
        case 9:
            guard depth < 4 else { throw LoomError(.format, "\(name): '\(key)' nests arrays more than 4 deep") }
            let elementType = try uint32("the element type of '\(key)'")
            // The smallest encoding of one element bounds how many the file can hold.
            let smallest: Int =
                switch elementType {
                case 2, 3: 2
                case 4, 5, 6: 4
                case 8, 10, 11, 12: 8
                case 9: 12
                default: 1
                }
            let count = try count("the length of '\(key)'", each: smallest)
            var elements: [GGUFValue] = []
            elements.reserveCapacity(min(count, 1 << 16))
            for _ in 0..<count { elements.append(try value(type: elementType, key: key, depth: depth + 1)) }
            return .array(elements)
        case 10: return .unsigned(try uint64(what))
        case 11: return .signed(Int64(bitPattern: try uint64(what)))
        case 12: return .float(Double(bitPattern: try uint64(what)))
        default:
            throw LoomError(.format, "\(name): metadata '\(key)' has unknown value type \(type) (expected 0 to 12)")
        }
    }
}
