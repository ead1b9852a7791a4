import Foundation
import LoomCore

/// Appends little-endian values to a byte buffer.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ values: [UInt32]) {
        write(UInt32(values.count))
        if Int(littleEndian: 1) == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for value in values { write(value) }
        }
    }

    mutating func write(_ text: String) {
        write(UInt32(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends the FNV-1a hash of everything written so far.
    mutating func writeChecksum() { write(StableHasher.hash(bytes: bytes)) }
}

/// Reads little-endian values, throwing a clear `.format` error at the first byte that does
/// not fit.
struct BinaryReader {
    let bytes: [UInt8]
    let file: String
    let what: String
    var offset = 0

    init(_ bytes: [UInt8], file: String, what: String) {
        self.bytes = bytes
        self.file = file
        self.what = what
    }

    func error(_ message: String) -> LoomError {
        LoomError(.format, "\(file): \(message)", at: nil)
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else {
            throw error("truncated \(what): it ends at byte \(bytes.count), inside a value at byte \(offset)")
        }
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            for i in 0..<size { target[i] = bytes[offset + i] }
        }
        offset += size
        return T(littleEndian: value)
    }

    mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readArray(limit: Int) throws -> [UInt32] {
        let count = Int(try read(UInt32.self))
        guard count <= limit, offset + count * 4 <= bytes.count else {
            throw error("truncated or corrupt \(what): a table of \(count) entries does not fit at byte \(offset)")
        }
        var values = [UInt32](repeating: 0, count: count)
        let start = offset
        bytes.withUnsafeBytes { source in
            values.withUnsafeMutableBytes { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + count * 4]))
            }
        }
        if Int(littleEndian: 1) != 1 {
            for i in values.indices { values[i] = UInt32(littleEndian: values[i]) }
        }
        offset += count * 4
        return values
    }

    mutating func readString() throws -> String {
        let count = Int(try read(UInt32.self))
        guard offset + count <= bytes.count else {
            throw error("truncated \(what): a string of \(count) bytes does not fit at byte \(offset)")
        }
        guard let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else {
            throw error("corrupt \(what): invalid UTF-8 in a string at byte \(offset)")
        }
        offset += count
        return text
    }

    /// Checks the header's magic bytes and version.
    mutating func expectHeader(magic: String, version: UInt32) throws {
        let magicBytes = Array(magic.utf8)
        guard bytes.count >= magicBytes.count, Array(bytes[0..<magicBytes.count]) == magicBytes else {
            throw error("not a \(what) (expected the file to start with '\(magic)')")
        }
        offset = magicBytes.count
        let found = try read(UInt32.self)
        guard found == version else {
            throw error("\(what) format version \(found) is not supported (this Loom reads version \(version))")
        }
    }

    /// Checks the file's last 8 bytes against the checksum of everything before them, before
    /// any count in the file is trusted.
    func verifyTrailingChecksum() throws {
        guard bytes.count >= offset + 8 else {
            throw error("truncated \(what): it ends at byte \(bytes.count), before its checksum")
        }
        let body = bytes.count - 8
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(bytes[body + i]) << (8 * UInt64(i)) }
        guard StableHasher.hash(bytes: bytes[0..<body]) == stored else {
            throw error("corrupt \(what): the checksum does not match its contents (a damaged or truncated file)")
        }
    }

    /// A count stored as a 64-bit integer, as an `Int`; throws when it cannot be one.
    mutating func readCount(_ name: String) throws -> Int {
        let value = try read(UInt64.self)
        guard let count = Int(exactly: value), count >= 0 else {
            throw error("corrupt \(what): \(name) is \(value)")
        }
        return count
    }

    /// Checks the trailing checksum over everything before it, and that nothing follows.
    mutating func expectChecksum() throws {
        let body = offset
        let stored = try read(UInt64.self)
        guard StableHasher.hash(bytes: bytes[0..<body]) == stored else {
            throw error("corrupt \(what): the checksum does not match its contents")
        }
        guard offset == bytes.count else {
            throw error("corrupt \(what): \(bytes.count - offset) unexpected bytes after the end")
        }
    }
}
