/// A 64-bit seed, the root of all randomness in a generated world.
///
/// Every generator in Loom is a pure function of a seed and its parameters. Sub-seeds for
/// independent parts of a world come from ``derive(_:)-(String)`` and ``derive(_:_:)``, so adding
/// a new consumer of randomness never shifts the numbers another consumer sees.
///
/// The mixing is fixed forever and documented here, because saved worlds depend on it:
/// - `mix(z)` is SplitMix64's finaliser:
///   `z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; z ^ (z >> 31)`.
/// - `derive(label)` is `mix(raw ^ mix(fnv1a64(utf8(label))))`, where `fnv1a64` is 64-bit FNV-1a
///   (offset basis `0xCBF29CE484222325`, prime `0x100000001B3`).
/// - `derive(x, y)` is `mix(mix(raw ^ mix(x &+ K1)) ^ mix(y &+ K2))`, and `derive(x, y, z)` mixes a
///   third step with `K3`, with `K1 = 0x9E3779B97F4A7C15`, `K2 = 0xD1B54A32D192ED03`,
///   `K3 = 0x8CB92BA72F3D8DD7`, coordinates taken as their two's-complement bit patterns.
///
/// ```swift
/// let world = Seed(42)
/// var rivers = world.derive("rivers").makeRandom()
/// let chunk = world.derive("terrain").derive(3, -7)
/// ```
public struct Seed: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 64 bits of the seed.
    public var rawValue: UInt64

    /// A seed with the given bits.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// A seed from a signed integer's two's-complement bits (so `Seed(-1)` is all ones).
    public init(_ value: Int) { self.rawValue = UInt64(bitPattern: Int64(value)) }

    /// A seed from text: the seed `0` derived with `text` as the label.
    ///
    /// Lets users type a word (`"isles"`) where a number is expected.
    public init(text: String) { self = Seed(0).derive(text) }

    /// A seed as a person types it, on a command line or in a settings file: a decimal integer
    /// (`42`; a negative one, `-5`, by its two's-complement bits, as ``init(_:)-(Int)``), a
    /// hexadecimal one with `0x` (`0x2A`, `-0x2a`), or any other text hashed as ``init(text:)``
    /// (`isles`). Numbers outside the 64 bits are text.
    ///
    /// ```swift
    /// let negative = Seed(parsing: "-5")  // Seed(-5)
    /// let hex = Seed(parsing: "0xff")     // Seed(255)
    /// let word = Seed(parsing: "isles")   // Seed(text: "isles")
    /// ```
    public init(parsing text: String) {
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let hex = unsigned.lowercased().hasPrefix("0x")
        let digits = hex ? unsigned.dropFirst(2) : unsigned
        let valid = !digits.isEmpty && digits.allSatisfy { hex ? $0.isHexDigit : ("0"..."9").contains($0) }
        guard valid, let magnitude = UInt64(digits, radix: hex ? 16 : 10) else {
            self.init(text: text)
            return
        }
        if negative {
            // -9223372036854775808 is the most negative; anything beyond is text.
            guard magnitude <= UInt64(Int64.max) + 1 else {
                self.init(text: text)
                return
            }
            self.init(0 &- magnitude)
        } else {
            self.init(magnitude)
        }
    }

    /// A sub-seed named by a label, for an independent stream of randomness.
    public func derive(_ label: String) -> Seed {
        Seed(Seed.mix(rawValue ^ Seed.mix(Seed.fnv1a64(label.utf8))))
    }

    /// A sub-seed for a 2D position, such as a chunk of an endless world.
    public func derive(_ x: Int, _ y: Int) -> Seed {
        let first = Seed.mix(rawValue ^ Seed.mix(UInt64(bitPattern: Int64(x)) &+ Seed.k1))
        return Seed(Seed.mix(first ^ Seed.mix(UInt64(bitPattern: Int64(y)) &+ Seed.k2)))
    }

    /// A sub-seed for a 3D position.
    public func derive(_ x: Int, _ y: Int, _ z: Int) -> Seed {
        let second = derive(x, y).rawValue
        return Seed(Seed.mix(second ^ Seed.mix(UInt64(bitPattern: Int64(z)) &+ Seed.k3)))
    }

    /// A fast random source started from this seed.
    public func makeRandom() -> Xoshiro256StarStar { Xoshiro256StarStar(seed: self) }

    public var description: String { String(rawValue) }

    // MARK: The fixed mixing functions

    static let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let k2: UInt64 = 0xD1B5_4A32_D192_ED03
    static let k3: UInt64 = 0x8CB9_2BA7_2F3D_8DD7

    /// SplitMix64's finaliser: a bijection on 64-bit values with good avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64-bit FNV-1a over bytes.
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
