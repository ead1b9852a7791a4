/// Vectors over GF(2) kept in reduced echelon form: each row has a pivot column where every
/// other row is 0.
struct GF2Echelon {
    let columns: Int
    let words: Int
    private(set) var rows: [(pivot: Int, bits: [UInt64])] = []

    init(columns: Int) {
        self.columns = columns
        words = max(1, (columns + 63) / 64)
    }

    func vector(_ ones: [Int]) -> [UInt64] {
        var v = [UInt64](repeating: 0, count: words)
        for i in ones { v[i >> 6] ^= 1 << UInt64(i & 63) }
        return v
    }

    static func bit(_ v: [UInt64], _ i: Int) -> Bool { v[i >> 6] >> UInt64(i & 63) & 1 != 0 }

    static func xor(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] { zip(a, b).map { $0 ^ $1 } }

    /// Adds `v` to the rows' span; false when it was in it already.
    mutating func insert(_ v: [UInt64]) -> Bool {
        var r = v
        for row in rows where Self.bit(r, row.pivot) { r = Self.xor(r, row.bits) }
        guard let w = r.firstIndex(where: { $0 != 0 }) else { return false }
        let pivot = w * 64 + r[w].trailingZeroBitCount
        for i in rows.indices where Self.bit(rows[i].bits, pivot) { rows[i].bits = Self.xor(rows[i].bits, r) }
        rows.append((pivot, r))
        return true
    }

    /// A basis of the vectors orthogonal to every row: the solutions of the rows as equations.
    func nullSpace() -> [[UInt64]] {
        let pivots = Set(rows.map(\.pivot))
        return (0..<columns).filter { !pivots.contains($0) }.map { free in
            var v = vector([free])
            for row in rows where Self.bit(row.bits, free) { v[row.pivot >> 6] ^= 1 << UInt64(row.pivot & 63) }
            return v
        }
    }
}
