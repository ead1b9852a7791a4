/// A 64-bit FNV-1a hash over bytes whose result never changes between runs, processes,
/// builds or Swift versions — unlike `Hasher`, which is randomly seeded per process.
///
/// Golden tests pin generated maps with it, and generators use it where they need a hash.
///
/// ```swift
/// var hasher = StableHasher()
/// hasher.combine(grid.cells)
/// let golden = hasher.finalize()
/// ```
public struct StableHasher: Sendable {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    /// Adds raw bytes.
    public mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }

    /// Adds a fixed-size integer in little-endian byte order.
    public mutating func combine<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { combine(bytes: $0) }
    }

    /// Adds a double's IEEE 754 bits (little-endian).
    public mutating func combine(_ value: Double) { combine(value.bitPattern) }

    /// Adds a float's IEEE 754 bits (little-endian).
    public mutating func combine(_ value: Float) { combine(value.bitPattern) }

    /// Adds a string's UTF-8 bytes followed by its length, so `"ab","c"` differs from `"a","bc"`.
    public mutating func combine(_ value: String) {
        combine(bytes: value.utf8)
        combine(UInt64(value.utf8.count))
    }

    /// Adds every integer of an array, then its count.
    public mutating func combine<T: FixedWidthInteger>(_ values: [T]) {
        values.withUnsafeBufferPointer { buffer in
            if T.bitWidth == 8 || Int(littleEndian: 1) == 1 {
                combine(bytes: UnsafeRawBufferPointer(buffer))
            } else {
                for value in buffer { combine(value) }
            }
        }
        combine(UInt64(values.count))
    }

    /// Adds every double's bits, then the count.
    public mutating func combine(_ values: [Double]) { combine(values.map(\.bitPattern)) }

    /// Adds every float's bits, then the count.
    public mutating func combine(_ values: [Float]) { combine(values.map(\.bitPattern)) }

    /// The hash of everything added so far.
    public func finalize() -> UInt64 { state }

    /// The hash of one byte sequence.
    public static func hash<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hasher = StableHasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }
}
