/// Shared pieces of the two simplex kernels, on a triangular lattice with one edge along x.
///
/// Lattice point `(a, b)` sits at `a·(side, 0) + b·(side/2, height)`. Rows of constant `b` are
/// horizontal, so everything about `b` is prepared once per row. With an edge along x, a tile
/// period along x or y is a lattice vector, which is what lets simplex noise tile exactly.
enum SimplexLattice {
    /// The cell of `x` in row `b`, and the offset along x from lattice point `(i, j)`.
    @inline(__always)
    static func split(x: Double, halfB: Double, fb: Double) -> (i: Int, fa: Double, dx: Double) {
        let (i, fa) = splitCell(x * Triangular.inverseSide - halfB)
        return (i, fa, (fa + 0.5 * fb) * Triangular.side)
    }

    /// One lattice point's contribution: `(r² − d²)⁴ · (g · d)`.
    @inline(__always)
    static func contribution(
        _ gradients: UnsafePointer<Double>, _ hash: UInt32, _ dx: Double, _ dy: Double, _ radius2: Double
    ) -> Double {
        let t = max(radius2 - dx * dx - dy * dy, 0)
        let t2 = t * t
        let g = gradients + Int(hash >> 27) &* 2
        return t2 * t2 * (g[0] * dx + g[1] * dy)
    }
}

/// OpenSimplex2-style noise: radius² ½, so only the three corners of the sample's triangle
/// contribute.
struct Simplex2D<L: Lattice2D>: NoiseKernel2D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients2D
    static var geometry: LatticeGeometry { .triangular }
    static var radius2: Double { 0.5 }
    /// 1 / (the largest value found by dense sampling and local ascent, plus ~1% headroom);
    /// `NoiseBoundsTests` re-measures it.
    static var scale: Double { 1 / 0.010_2 }

    struct Row {
        var lattice: L
        var key0: L.RowKey
        var key1: L.RowKey
        var halfB: Double
        var fb: Double
        var dy: Double
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let b = y * Triangular.inverseHeight
        let (j, fb) = splitCell(b)
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed),
            halfB: b * 0.5, fb: fb, dy: fb * Triangular.height)
    }

    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        let (i, fa, dx) = SimplexLattice.split(x: x, halfB: row.halfB, fb: row.fb)
        let dy = row.dy
        let lattice = row.lattice
        let side = Triangular.side
        let r2 = Self.radius2
        var sum = SimplexLattice.contribution(gradients, lattice.hash(i &+ 1, row.key0), dx - side, dy, r2)
        sum += SimplexLattice.contribution(
            gradients, lattice.hash(i, row.key1), dx - 0.5 * side, dy - Triangular.height, r2)
        // The third corner is (0, 0) below the short diagonal and (1, 1) above it.
        let upper = fa + row.fb >= 1
        let k = upper ? 1 : 0
        let kd = upper ? 1.0 : 0.0
        sum += SimplexLattice.contribution(
            gradients, lattice.hash(i &+ k, upper ? row.key1 : row.key0), dx - 1.5 * side * kd,
            dy - Triangular.height * kd, r2)
        return sum * Self.scale
    }
}

/// OpenSimplex2S-style noise: radius² ⅔ (one lattice edge), smoother; the four corners of
/// the sample's rhombus and the two apexes beyond its triangle's outer edges contribute.
struct SmoothSimplex2D<L: Lattice2D>: NoiseKernel2D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients2D
    static var geometry: LatticeGeometry { .triangular }
    static var radius2: Double { 2.0 / 3.0 }
    /// 1 / (the largest value found by dense sampling and local ascent, plus ~1% headroom);
    /// `NoiseBoundsTests` re-measures it.
    static var scale: Double { 1 / 0.055_7 }

    struct Row {
        var lattice: L
        var keys: (L.RowKey, L.RowKey, L.RowKey, L.RowKey)
        var halfB: Double
        var fb: Double
        var dy: Double
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let b = y * Triangular.inverseHeight
        let (j, fb) = splitCell(b)
        let keys = (
            lattice.rowKey(j &- 1, seed: seed), lattice.rowKey(j, seed: seed), lattice.rowKey(j &+ 1, seed: seed),
            lattice.rowKey(j &+ 2, seed: seed)
        )
        return Row(lattice: lattice, keys: keys, halfB: b * 0.5, fb: fb, dy: fb * Triangular.height)
    }

    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        let (i, fa, dx) = SimplexLattice.split(x: x, halfB: row.halfB, fb: row.fb)
        let dy = row.dy
        let lattice = row.lattice
        let side = Triangular.side
        let h = Triangular.height
        let r2 = Self.radius2
        var sum = SimplexLattice.contribution(gradients, lattice.hash(i, row.keys.1), dx, dy, r2)
        sum += SimplexLattice.contribution(gradients, lattice.hash(i &+ 1, row.keys.1), dx - side, dy, r2)
        sum += SimplexLattice.contribution(gradients, lattice.hash(i, row.keys.2), dx - 0.5 * side, dy - h, r2)
        sum += SimplexLattice.contribution(gradients, lattice.hash(i &+ 1, row.keys.2), dx - 1.5 * side, dy - h, r2)
        // Apexes: (1, -1) and (-1, 1) below the short diagonal, (2, 0) and (0, 2) above it.
        let upper = fa + row.fb >= 1
        let k = upper ? 1 : 0
        let kd = upper ? 1.0 : 0.0
        let a1 = 1 + kd
        let b1 = kd - 1
        sum += SimplexLattice.contribution(
            gradients, lattice.hash(i &+ 1 &+ k, upper ? row.keys.1 : row.keys.0), dx - (a1 + 0.5 * b1) * side,
            dy - b1 * h, r2)
        let a2 = kd - 1
        let b2 = 1 + kd
        sum += SimplexLattice.contribution(
            gradients, lattice.hash(i &- 1 &+ k, upper ? row.keys.3 : row.keys.2), dx - (a2 + 0.5 * b2) * side,
            dy - b2 * h, r2)
        return sum * Self.scale
    }
}
