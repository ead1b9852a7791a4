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

    /// The gradient a hash picks: (x, y).
    @inline(__always)
    static func gradient(_ gradients: UnsafePointer<Double>, _ hash: UInt32) -> SIMD2<Double> {
        let g = gradients + Int(hash >> 27) &* 2
        return SIMD2(g[0], g[1])
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

    /// Besides the keys: each corner's y offset from the sample and `r² − dy²`, constant along a row.
    struct Row {
        var lattice: L
        var key0: L.RowKey
        var key1: L.RowKey
        var halfB: Double
        var fb: Double
        var dys: SIMD4<Double>
        var rest: SIMD4<Double>
    }

    /// Gradients of the rhombus corners (0, 0), (1, 0), (0, 1), (1, 1) of cell `cell`: x parts,
    /// and y parts already multiplied by the row's y offsets.
    struct Cache {
        var cell = Int.min
        var gx = SIMD4<Double>()
        var gyd = SIMD4<Double>()
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let b = y * Triangular.inverseHeight
        let (j, fb) = splitCell(b)
        let dys = fb * Triangular.height - Self.cornerY
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed),
            halfB: b * 0.5, fb: fb, dys: dys, rest: Self.radius2 - dys * dys)
    }

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, _, dx) = SimplexLattice.split(x: x, halfB: row.halfB, fb: row.fb)
        if i != cache.cell {
            cache.cell = i
            let lattice = row.lattice
            let g00 = SimplexLattice.gradient(gradients, lattice.hash(i, row.key0))
            let g10 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 1, row.key0))
            let g01 = SimplexLattice.gradient(gradients, lattice.hash(i, row.key1))
            let g11 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 1, row.key1))
            cache.gx = SIMD4(g00.x, g10.x, g01.x, g11.x)
            cache.gyd = SIMD4(g00.y, g10.y, g01.y, g11.y) * row.dys
        }
        // All four rhombus corners: the corner opposite the sample's triangle is at least one
        // triangle height (= the kernel radius) away, so it adds exactly nothing; summing it
        // saves a branch.
        let dxs = dx - Self.cornerX
        let t = positivePart(row.rest - dxs * dxs)
        let t2 = t * t
        let dots = cache.gx * dxs + cache.gyd
        return orderedSum(t2 * t2 * dots) * Self.scale
    }

    /// Positions of the rhombus corners (0, 0), (1, 0), (0, 1), (1, 1) relative to corner (0, 0).
    static var cornerX: SIMD4<Double> {
        SIMD4(0, Triangular.side, 0.5 * Triangular.side, 1.5 * Triangular.side)
    }
    static var cornerY: SIMD4<Double> { SIMD4(0, 0, Triangular.height, Triangular.height) }
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

    /// Besides the keys: y offsets from the sample and `r² − dy²` for the corners and the
    /// apexes, constant along a row.
    struct Row {
        var lattice: L
        var keys: (L.RowKey, L.RowKey, L.RowKey, L.RowKey)
        var halfB: Double
        var fb: Double
        var dys: SIMD4<Double>
        var rest: SIMD4<Double>
        var apexDys: SIMD4<Double>
        var apexRest: SIMD4<Double>
    }

    /// Gradients of the corners (0, 0), (1, 0), (0, 1), (1, 1) and of the apexes (1, -1),
    /// (-1, 1) (below the short diagonal) and (2, 0), (0, 2) (above it) of cell `cell`.
    struct Cache {
        var cell = Int.min
        var gx = SIMD4<Double>()
        var gyd = SIMD4<Double>()
        var ax = SIMD4<Double>()
        var ayd = SIMD4<Double>()
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let b = y * Triangular.inverseHeight
        let (j, fb) = splitCell(b)
        let keys = (
            lattice.rowKey(j &- 1, seed: seed), lattice.rowKey(j, seed: seed), lattice.rowKey(j &+ 1, seed: seed),
            lattice.rowKey(j &+ 2, seed: seed)
        )
        let dy = fb * Triangular.height
        let dys = dy - Simplex2D<L>.cornerY
        let apexDys = dy - Self.apexY
        return Row(
            lattice: lattice, keys: keys, halfB: b * 0.5, fb: fb, dys: dys, rest: Self.radius2 - dys * dys,
            apexDys: apexDys, apexRest: Self.radius2 - apexDys * apexDys)
    }

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, fa, dx) = SimplexLattice.split(x: x, halfB: row.halfB, fb: row.fb)
        if i != cache.cell {
            cache.cell = i
            let lattice = row.lattice
            let g0 = SimplexLattice.gradient(gradients, lattice.hash(i, row.keys.1))
            let g1 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 1, row.keys.1))
            let g2 = SimplexLattice.gradient(gradients, lattice.hash(i, row.keys.2))
            let g3 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 1, row.keys.2))
            let a0 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 1, row.keys.0))
            let a1 = SimplexLattice.gradient(gradients, lattice.hash(i &- 1, row.keys.2))
            let a2 = SimplexLattice.gradient(gradients, lattice.hash(i &+ 2, row.keys.1))
            let a3 = SimplexLattice.gradient(gradients, lattice.hash(i, row.keys.3))
            cache.gx = SIMD4(g0.x, g1.x, g2.x, g3.x)
            cache.gyd = SIMD4(g0.y, g1.y, g2.y, g3.y) * row.dys
            cache.ax = SIMD4(a0.x, a1.x, a2.x, a3.x)
            cache.ayd = SIMD4(a0.y, a1.y, a2.y, a3.y) * row.apexDys
        }
        // The four rhombus corners, then the two apexes beyond the sample's triangle (those
        // beyond the other triangle are a full edge, the kernel radius, away and add nothing).
        let dxs = dx - Simplex2D<L>.cornerX
        let t = positivePart(row.rest - dxs * dxs)
        let t2 = t * t
        var total = t2 * t2 * (cache.gx * dxs + cache.gyd)
        let upper = fa + row.fb >= 1
        let px = upper ? Self.apexX.highHalf : Self.apexX.lowHalf
        let rest = upper ? row.apexRest.highHalf : row.apexRest.lowHalf
        let gx = upper ? cache.ax.highHalf : cache.ax.lowHalf
        let gyd = upper ? cache.ayd.highHalf : cache.ayd.lowHalf
        let adx = dx - px
        let at = positivePart(rest - adx * adx)
        let at2 = at * at
        let apexes = at2 * at2 * (gx * adx + gyd)
        total.lowHalf += apexes
        return orderedSum(total) * Self.scale
    }

    /// Apex positions relative to corner (0, 0): lattice point (a, b) sits at
    /// ((a + b/2)·side, b·height).
    static var apexX: SIMD4<Double> { SIMD4(0.5, -0.5, 2, 1) * Triangular.side }
    static var apexY: SIMD4<Double> { SIMD4(-1, 1, 0, 2) * Triangular.height }
}
