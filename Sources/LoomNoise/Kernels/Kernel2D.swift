import CLoomNoiseKernels

/// A 2D base noise evaluated along rows: everything that depends only on `y` is prepared once
/// per row, and everything that depends only on the lattice cell is kept in a `Cache` while
/// consecutive samples stay in the same cell (at frequency 0.01 a cell spans about 100
/// samples), so a fill's inner loop does only the per-`x` arithmetic.
///
/// A single sample runs the same code with a fresh cache, so fills and samples agree bit for bit.
/// Inputs are already multiplied by the octave's frequency; outputs lie in [-1, 1] up to
/// rounding (callers clamp).
protocol NoiseKernel2D: Sendable {
    associatedtype L: Lattice2D
    associatedtype Row
    associatedtype Cache
    static var geometry: LatticeGeometry { get }
    func row(y: Double, seed: UInt32, lattice: L) -> Row
    /// A cache that matches no cell.
    func emptyCache() -> Cache
    func value(x: Double, row: Row, cache: inout Cache) -> Double
    /// Continues a fill of `target` with the vector spans from sample `from` (below `to`) while
    /// the samples stay in `cache`'s cell, and returns the first sample not filled.
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int
}

extension NoiseKernel2D {
    @inline(__always)
    func value(x: Double, row: Row) -> Double {
        var cache = emptyCache()
        return value(x: x, row: row, cache: &cache)
    }
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

    /// The x parts of the four corner gradients, and their y parts times the y offsets.
    struct Cache {
        var cell = Int.min
        var gx = SIMD4<Double>()
        var gy = SIMD4<Double>()
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed), fy: fy,
            fade: quintic(fy))
    }

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, fx) = splitCell(x)
        if i != cache.cell {
            cache.cell = i
            let g00 = gradients + Int(row.lattice.hash(i, row.key0) >> 27) &* 2
            let g10 = gradients + Int(row.lattice.hash(i &+ 1, row.key0) >> 27) &* 2
            let g01 = gradients + Int(row.lattice.hash(i, row.key1) >> 27) &* 2
            let g11 = gradients + Int(row.lattice.hash(i &+ 1, row.key1) >> 27) &* 2
            cache.gx = SIMD4(g00[0], g10[0], g01[0], g11[0])
            cache.gy = SIMD4(g00[1] * row.fy, g10[1] * row.fy, g01[1] * (row.fy - 1), g11[1] * (row.fy - 1))
        }
        let n = cache.gx * SIMD4(fx, fx - 1, fx, fx - 1) + cache.gy
        let u = quintic(fx)
        let bottom = n[0] + u * (n[1] - n[0])
        let top = n[2] + u * (n[3] - n[2])
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

    /// The cell's left and right edges, already interpolated along y.
    struct Cache {
        var cell = Int.min
        var left = 0.0
        var right = 0.0
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        return Row(
            lattice: lattice, key0: lattice.rowKey(j, seed: seed), key1: lattice.rowKey(j &+ 1, seed: seed),
            fade: smoothstep(fy))
    }

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, fx) = splitCell(x)
        if i != cache.cell {
            cache.cell = i
            let v00 = LatticeHash.unitValue(row.lattice.hash(i, row.key0))
            let v10 = LatticeHash.unitValue(row.lattice.hash(i &+ 1, row.key0))
            let v01 = LatticeHash.unitValue(row.lattice.hash(i, row.key1))
            let v11 = LatticeHash.unitValue(row.lattice.hash(i &+ 1, row.key1))
            cache.left = v00 + row.fade * (v01 - v00)
            cache.right = v10 + row.fade * (v11 - v10)
        }
        return cache.left + smoothstep(fx) * (cache.right - cache.left)
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

    /// The four columns around the cell, already interpolated along y (and scaled).
    struct Cache {
        var cell = Int.min
        var columns = SIMD4<Double>()
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

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func line(_ i: Int, _ key: L.RowKey, _ lattice: L) -> SIMD4<Double> {
        SIMD4(
            LatticeHash.unitValue(lattice.hash(i &- 1, key)), LatticeHash.unitValue(lattice.hash(i, key)),
            LatticeHash.unitValue(lattice.hash(i &+ 1, key)), LatticeHash.unitValue(lattice.hash(i &+ 2, key)))
    }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, fx) = splitCell(x)
        if i != cache.cell {
            cache.cell = i
            let lattice = row.lattice
            let w = row.weights
            var columns = line(i, row.keys.0, lattice) * w[0]
            columns += line(i, row.keys.1, lattice) * w[1]
            columns += line(i, row.keys.2, lattice) * w[2]
            columns += line(i, row.keys.3, lattice) * w[3]
            cache.columns = columns
        }
        return orderedSum(cache.columns * Self.weights(fx))
    }
}
