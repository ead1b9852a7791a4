/// A JSON number as it was written, with exact integer access.
///
/// An integer literal (no fraction, no exponent) whose magnitude fits in 64 bits is kept
/// exactly, so `9007199254740993` (2^53 + 1) or `18446744073709551615` read back unchanged as
/// `Int64` or `UInt64` — a `Double` alone would round them. Any other number is kept as the
/// nearest `Double` (correctly rounded) together with its literal text.
///
/// ```swift
/// let json = try LocatedJSON.parse("[3, 2.5e1, 18446744073709551615]")
/// let big = json.elements?[2].number?.exactly(UInt64.self)  // 18446744073709551615
/// let whole = json.elements?[1].number?.exactly(Int.self)    // 25 (2.5e1 is a whole number)
/// ```
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    enum Storage: Hashable, Sendable {
        /// An integer literal: its sign and its magnitude, both exact.
        case integer(negative: Bool, magnitude: UInt64)
        /// Any other number: the nearest double and the literal as written.
        case float(Double, literal: String)
    }

    let storage: Storage

    init(_ storage: Storage) {
        self.storage = storage
    }

    /// An exact integer.
    public init(_ value: Int64) {
        storage = .integer(negative: value < 0, magnitude: value.magnitude)
    }

    /// A floating-point number, or `nil` for infinities and NaN, which JSON cannot hold.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        storage = .float(value, literal: "\(value)")
    }

    /// The nearest `Double` (correctly rounded from the literal).
    public var double: Double {
        switch storage {
        case .integer(let negative, let magnitude):
            let value = Double(magnitude)
            return negative ? -value : value
        case .float(let value, _): return value
        }
    }

    /// The nearest `Float`, rounded once from the literal (not via `Double`, whose rounding
    /// could land on a midpoint between two floats and then round the wrong way); infinite
    /// when the number is beyond `Float`'s range.
    public var float: Float {
        switch storage {
        case .integer(let negative, let magnitude):
            let value = Float(magnitude)
            return negative ? -value : value
        case .float(let value, let literal):
            let rounded = Float(value)
            let back = Double(rounded)
            guard back != value, rounded.isFinite else { return rounded }
            // Rounding twice goes wrong only when the double is exactly halfway between two floats.
            let neighbour = value > back ? rounded.nextUp : rounded.nextDown
            guard (Double(neighbour) + back) / 2 == value else { return rounded }
            return Float(literal) ?? rounded
        }
    }

    /// Whether the literal was an integer (no `.` or exponent) within 64 bits of magnitude.
    public var isIntegerLiteral: Bool {
        if case .integer = storage { return true }
        return false
    }

    /// The number as an integer of type `T`, when it is a whole number within `T`'s range.
    ///
    /// Integer literals convert exactly; other literals (`1.0`, `2e3`) convert when their
    /// `Double` value is whole and fits, as Foundation's `JSONDecoder` does.
    public func exactly<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        switch storage {
        case .integer(let negative, let magnitude):
            guard negative, magnitude != 0 else { return T(exactly: magnitude) }
            guard T.isSigned else { return nil }
            if T.bitWidth > 64 { return T(exactly: magnitude).map { 0 - $0 } }
            // T.min's magnitude is T.max + 1, which always fits in UInt64 for T of at most 64 bits.
            let minMagnitude = UInt64(T.max) &+ 1
            if magnitude == minMagnitude { return T.min }
            guard magnitude < minMagnitude, let positive = T(exactly: magnitude) else { return nil }
            return 0 - positive
        case .float(let value, _):
            return T(exactly: value)
        }
    }

    /// The literal as written in the source (integers print in their canonical form, which
    /// is the only form JSON allows for them).
    public var description: String {
        switch storage {
        case .integer(let negative, let magnitude): negative ? "-\(magnitude)" : "\(magnitude)"
        case .float(_, let literal): literal
        }
    }
}
