/// SplitMix64: a tiny generator with a 64-bit state, used to expand one seed into the state of
/// larger generators.
///
/// Each call adds `0x9E3779B97F4A7C15` to the state and returns ``Seed/mix(_:)`` of it.
/// Period 2⁶⁴. Fast and statistically sound for seeding; prefer ``Xoshiro256StarStar`` for
/// long streams.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Hashable {
    /// The generator's whole state.
    public var state: UInt64

    /// A generator whose first output is `mix(seed + 0x9E3779B97F4A7C15)`.
    public init(seed: UInt64) { self.state = seed }

    /// A generator started from a ``Seed``.
    public init(seed: Seed) { self.state = seed.rawValue }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Seed.mix(state)
    }
}
