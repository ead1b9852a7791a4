/// The subtractive random generator (Knuth's, as in *Numerical Recipes*' `ran3`) that ink's
/// reference runtime draws `RANDOM`, shuffles and `LIST_RANDOM` from, so that a seeded story
/// makes the same picks in Loom as in inklecate.
///
/// A fresh generator is made from a 32-bit seed for every draw, as ink does; the seed itself
/// comes from the story's seed (Loom's ``LoomCore/Seed`` or `SEED_RANDOM`) and the previous draw.
struct SubtractiveRandom {
    private static let big = Int32.max
    private static let seedConstant: Int32 = 161_803_398

    /// The 55 lagged values (index 0 unused).
    private var table = [Int32](repeating: 0, count: 56)
    private var next = 0
    private var nextLagged = 21

    /// A generator seeded with `seed`.
    init(seed: Int32) {
        let magnitude = seed == Int32.min ? Int32.max : abs(seed)
        var mj = Self.seedConstant &- magnitude
        table[55] = mj
        var mk: Int32 = 1
        for i in 1..<55 {
            let ii = (21 * i) % 55
            table[ii] = mk
            mk = mj &- mk
            if mk < 0 { mk &+= Self.big }
            mj = table[ii]
        }
        for _ in 1..<5 {
            for i in 1..<56 {
                table[i] &-= table[1 + (i + 30) % 55]
                if table[i] < 0 { table[i] &+= Self.big }
            }
        }
    }

    /// The next number in `0..<Int32.max`.
    mutating func nextInt() -> Int {
        next += 1
        if next >= 56 { next = 1 }
        nextLagged += 1
        if nextLagged >= 56 { nextLagged = 1 }
        var value = table[next] &- table[nextLagged]
        if value == Self.big { value -= 1 }
        if value < 0 { value &+= Self.big }
        table[next] = value
        return Int(value)
    }
}
