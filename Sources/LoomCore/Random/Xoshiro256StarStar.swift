/// xoshiro256** (Blackman and Vigna, 2018): Loom's general-purpose random source.
///
/// 256 bits of state, period 2²⁵⁶ − 1, passes BigCrush, about 1 ns a number. The state is
/// filled from the seed by four calls of ``SplitMix64``, as the authors recommend, so it is
/// never all zero. ``jump()`` advances by 2¹²⁸ steps for non-overlapping parallel streams.
///
/// The state is `Codable`, so a generator can be saved mid-stream and resumed exactly.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Codable, Hashable {
    /// The four words of state. Must never be all zero (``init(state:)`` guards that).
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator seeded through SplitMix64 from `seed`.
    public init(seed: Seed) {
        var seeder = SplitMix64(seed: seed)
        state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    }

    /// A generator seeded from 64 bits.
    public init(seed: UInt64) { self.init(seed: Seed(seed)) }

    /// A generator with an explicit state; an all-zero state is replaced by the seed-0 state.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        if state == (0, 0, 0, 0) {
            var seeder = SplitMix64(seed: UInt64(0))
            self.state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
        } else {
            self.state = state
        }
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// Advances the generator by 2¹²⁸ calls of ``next()``.
    ///
    /// Starting stream `k` of a parallel job with `k` jumps gives streams that never overlap.
    public mutating func jump() {
        let polynomial: [UInt64] = [
            0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
        ]
        var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    s.0 ^= state.0
                    s.1 ^= state.1
                    s.2 ^= state.2
                    s.3 ^= state.3
                }
                _ = next()
            }
        }
        state = s
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.state == rhs.state }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }

    private enum CodingKeys: String, CodingKey { case state }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "expected 4 words of state, found \(words.count)")
        }
        self.init(state: (words[0], words[1], words[2], words[3]))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }
}
