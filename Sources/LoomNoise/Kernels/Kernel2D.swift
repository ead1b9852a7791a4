/// A 2D base noise evaluated along rows: everything that depends only on `y` is prepared once
/// per row, so a fill's inner loop does only the per-`x` work.
///
/// Inputs are already multiplied by the octave's frequency; outputs lie in [-1, 1] up to
/// rounding (callers clamp).
protocol NoiseKernel2D: Sendable {
    associatedtype L: Lattice2D
    associatedtype Row
    static var geometry: LatticeGeometry { get }
    func row(y: Double, seed: UInt32, lattice: L) -> Row
    func value(x: Double, row: Row) -> Double
}

/// Perlin's improved gradient noise: unit gradients at square lattice corners, quintic fade.
struct Perlin2D<L: Lattice2D>: NoiseKernel2D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients2D
    /// 2D gradient noise with unit gradients peaks at √2/2 (all four corners pointing at the
    /// centre), so √2 scales it to ±1.
    static var scale: Double { 2.0.squareRoot() }
    static var geometry: LatticeGeometry { .square }

    struct Row {
        var lattice: L
        var key0: L.RowKey
        var key1: L.RowKey
        var fy: Double
        var fade: Double
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed), fy: fy,
            fade: quintic(fy))
    }

    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        let (i, fx) = splitCell(x)
        let g00 = gradients + Int(row.lattice.hash(i, row.key0) >> 27) &* 2
        let g10 = gradients + Int(row.lattice.hash(i &+ 1, row.key0) >> 27) &* 2
        let g01 = gradients + Int(row.lattice.hash(i, row.key1) >> 27) &* 2
        let g11 = gradients + Int(row.lattice.hash(i &+ 1, row.key1) >> 27) &* 2
        let fy = row.fy
        let n00 = g00[0] * fx + g00[1] * fy
        let n10 = g10[0] * (fx - 1) + g10[1] * fy
        let n01 = g01[0] * fx + g01[1] * (fy - 1)
        let n11 = g11[0] * (fx - 1) + g11[1] * (fy - 1)
        let u = quintic(fx)
        let bottom = n00 + u * (n10 - n00)
        let top = n01 + u * (n11 - n01)
        return (bottom + row.fade * (top - bottom)) * Self.scale
    }
}

/// Random values at square lattice corners joined by smoothstep: bounded by 1 exactly, since
/// the result is a convex combination of values in [-1, 1).
struct Value2D<L: Lattice2D>: NoiseKernel2D {
    static var geometry: LatticeGeometry { .square }

    struct Row {
        var lattice: L
        var key0: L.RowKey
        var key1: L.RowKey
        var fade: Double
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed),
            fade: smoothstep(fy))
    }

    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        let (i, fx) = splitCell(x)
        let v00 = LatticeHash.unitValue(row.lattice.hash(i, row.key0))
        let v10 = LatticeHash.unitValue(row.lattice.hash(i &+ 1, row.key0))
        let v01 = LatticeHash.unitValue(row.lattice.hash(i, row.key1))
        let v11 = LatticeHash.unitValue(row.lattice.hash(i &+ 1, row.key1))
        let u = smoothstep(fx)
        let bottom = v00 + u * (v10 - v00)
        let top = v01 + u * (v11 - v01)
        return bottom + row.fade * (top - bottom)
    }
}

/// Random values on a 4×4 neighbourhood joined by Catmull-Rom splines.
///
/// Catmull-Rom weights' absolute sum peaks at 1.25 (at t = ½), so the 2D bound is 1.25² and
/// dividing by it keeps every output within ±1.
struct ValueCubic2D<L: Lattice2D>: NoiseKernel2D {
    static var geometry: LatticeGeometry { .square }
    static var scale: Double { 1 / (1.25 * 1.25) }

    struct Row {
        var lattice: L
        var keys: (L.RowKey, L.RowKey, L.RowKey, L.RowKey)
        var weights: SIMD4<Double>
    }

    @inline(__always)
    static func weights(_ t: Double) -> SIMD4<Double> {
        let t2 = t * t
        let t3 = t2 * t
        return SIMD4(
            0.5 * (-t3 + 2 * t2 - t), 0.5 * (3 * t3 - 5 * t2 + 2), 0.5 * (-3 * t3 + 4 * t2 + t), 0.5 * (t3 - t2))
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        let keys = (
            lattice.rowKey(j &- 1, seed: seed), lattice.rowKey(j, seed: seed), lattice.rowKey(j &+ 1, seed: seed),
            lattice.rowKey(j &+ 2, seed: seed)
        )
        return Row(lattice: lattice, keys: keys, weights: Self.weights(fy) * Self.scale)
    }

    @inline(__always)
    func line(_ i: Int, _ key: L.RowKey, _ lattice: L) -> SIMD4<Double> {
        SIMD4(
            LatticeHash.unitValue(lattice.hash(i &- 1, key)), LatticeHash.unitValue(lattice.hash(i, key)),
            LatticeHash.unitValue(lattice.hash(i &+ 1, key)), LatticeHash.unitValue(lattice.hash(i &+ 2, key)))
    }

    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        let (i, fx) = splitCell(x)
        let wx = Self.weights(fx)
        let lattice = row.lattice
        let w = row.weights
        var sum = line(i, row.keys.0, lattice) * w[0]
        sum += line(i, row.keys.1, lattice) * w[1]
        sum += line(i, row.keys.2, lattice) * w[2]
        sum += line(i, row.keys.3, lattice) * w[3]
        return (sum * wx).sum()
    }
}
