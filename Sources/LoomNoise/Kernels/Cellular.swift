/// A distance measure for cellular noise, chosen at compile time so the 9- or 27-cell search
/// carries no branch on it.
protocol CellDistance: Sendable {
    /// The part of a 2D distance that depends on `dy` only, prepared once per cell and row.
    static func yPart(_ dy: Double) -> Double
    /// The 2D distance from `dx` and a prepared ``yPart(_:)``.
    static func measure(_ dx: Double, yPart: Double) -> Double
    static func measure(_ dx: Double, _ dy: Double, _ dz: Double) -> Double
    /// The largest value for a vector of Euclidean length `length` in `dimensions` dimensions.
    static func bound(euclidean length: Double, dimensions: Int) -> Double
}

enum EuclideanDistance: CellDistance {
    @inline(__always) static func yPart(_ dy: Double) -> Double { dy * dy }
    @inline(__always) static func measure(_ dx: Double, yPart: Double) -> Double { (dx * dx + yPart).squareRoot() }
    @inline(__always) static func measure(_ dx: Double, _ dy: Double, _ dz: Double) -> Double {
        (dx * dx + dy * dy + dz * dz).squareRoot()
    }
    static func bound(euclidean length: Double, dimensions: Int) -> Double { length }
}

enum EuclideanSquaredDistance: CellDistance {
    @inline(__always) static func yPart(_ dy: Double) -> Double { dy * dy }
    @inline(__always) static func measure(_ dx: Double, yPart: Double) -> Double { dx * dx + yPart }
    @inline(__always) static func measure(_ dx: Double, _ dy: Double, _ dz: Double) -> Double {
        dx * dx + dy * dy + dz * dz
    }
    static func bound(euclidean length: Double, dimensions: Int) -> Double { length * length }
}

enum ManhattanDistance: CellDistance {
    @inline(__always) static func yPart(_ dy: Double) -> Double { abs(dy) }
    @inline(__always) static func measure(_ dx: Double, yPart: Double) -> Double { abs(dx) + yPart }
    @inline(__always) static func measure(_ dx: Double, _ dy: Double, _ dz: Double) -> Double {
        abs(dx) + abs(dy) + abs(dz)
    }
    // |v|₁ ≤ √n · |v|₂.
    static func bound(euclidean length: Double, dimensions: Int) -> Double {
        Double(dimensions).squareRoot() * length
    }
}

/// Manhattan plus squared Euclidean, summed axis by axis.
enum HybridDistance: CellDistance {
    @inline(__always) static func yPart(_ dy: Double) -> Double { abs(dy) + dy * dy }
    @inline(__always) static func measure(_ dx: Double, yPart: Double) -> Double { (abs(dx) + dx * dx) + yPart }
    @inline(__always) static func measure(_ dx: Double, _ dy: Double, _ dz: Double) -> Double {
        (abs(dx) + dx * dx) + (abs(dy) + dy * dy) + (abs(dz) + dz * dz)
    }
    static func bound(euclidean length: Double, dimensions: Int) -> Double {
        Double(dimensions).squareRoot() * length + length * length
    }
}

/// What cellular noise needs besides the distance measure: jitter, return type and the bounds
/// that scale each return type into [-1, 1].
struct CellularSettings: Sendable {
    /// Largest offset of a feature point from its cell centre: 0.45 × jitter.
    var radius: Double
    var returnType: CellularReturnType
    /// Bounds of F1 and F2 under the distance measure.
    var bound1: Double
    var bound2: Double

    init<D: CellDistance>(jitter: Double, returnType: CellularReturnType, distance: D.Type, dimensions: Int) {
        radius = 0.45 * min(max(jitter, 0), 1)
        self.returnType = returnType
        // The sample's own cell centre is at most √n/2 away and some centre at most 1 away
        // besides it; a feature point strays at most `radius` from its centre.
        let centre1 = Double(dimensions).squareRoot() / 2
        bound1 = D.bound(euclidean: centre1 + radius, dimensions: dimensions)
        bound2 = D.bound(euclidean: 1 + radius, dimensions: dimensions)
        bound2 = max(bound2, bound1)
    }

    /// Scales F1, F2 (and the nearest cell's hash) into [-1, 1].
    @inline(__always)
    func result(_ f1: Double, _ f2: Double, _ nearest: UInt32) -> Double {
        let raw: Double
        let bound: Double
        switch returnType {
        case .cellValue: return LatticeHash.unitValue(LatticeHash.finish(nearest ^ 0x68E3_1DA4))
        case .distance: (raw, bound) = (f1, bound1)
        case .distance2: (raw, bound) = (f2, bound2)
        case .distance2Add: (raw, bound) = ((f1 + f2) * 0.5, (bound1 + bound2) * 0.5)
        case .distance2Sub: (raw, bound) = (f2 - f1, bound2)
        case .distance2Mul: (raw, bound) = (f1 * f2, bound1 * bound2)
        case .distance2Div: (raw, bound) = (f2 > 0 ? f1 / f2 : 0, 1)
        }
        return raw * (2 / bound) - 1
    }
}

/// Worley noise on a square lattice: one jittered feature point per cell, the 3×3 cells around
/// the sample searched.
struct Cellular2D<L: Lattice2D, D: CellDistance>: NoiseKernel2D, @unchecked Sendable {
    let offsets = NoiseTables.shared.cellOffsets2D
    var settings: CellularSettings
    static var geometry: LatticeGeometry { .square }

    struct Row {
        var lattice: L
        var keys: (L.RowKey, L.RowKey, L.RowKey)
        var fy: Double
    }

    /// The nine feature points around cell `cell`, relative to the cell's corner along x and to
    /// the sample along y, and their hashes. Lanes 9...15 are padding.
    struct Cache {
        var cell = Int.min
        var px = SIMD16<Double>(repeating: 1e30)
        var py = SIMD16<Double>(repeating: 1e30)
        var hashes = SIMD16<UInt32>()
    }

    @inline(__always)
    func row(y: Double, seed: UInt32, lattice: L) -> Row {
        let (j, fy) = splitCell(y)
        let keys = (
            lattice.rowKey(j &- 1, seed: seed), lattice.rowKey(j, seed: seed), lattice.rowKey(j &+ 1, seed: seed)
        )
        return Row(lattice: lattice, keys: keys, fy: fy)
    }

    func emptyCache() -> Cache { Cache() }

    @inline(__always)
    func fillCache(_ cache: inout Cache, _ i: Int, _ row: Row) {
        cache.cell = i
        let r = settings.radius
        var lane = 0
        @inline(__always)
        func visit(_ key: L.RowKey, _ dv: Double) {
            let py = dv + 0.5 - row.fy
            for du in -1...1 {
                let h = row.lattice.hash(i &+ du, key)
                let o = offsets + Int(h >> 24) &* 2
                cache.px[lane] = Double(du) + 0.5 + r * o[0]
                cache.py[lane] = D.yPart(py + r * o[1])
                cache.hashes[lane] = h
                lane += 1
            }
        }
        visit(row.keys.0, -1)
        visit(row.keys.1, 0)
        visit(row.keys.2, 1)
    }

    @inline(__always)
    func value(x: Double, row: Row, cache: inout Cache) -> Double {
        let (i, fx) = splitCell(x)
        if i != cache.cell { fillCache(&cache, i, row) }
        // F1 and F2 through a branch-free min/max network (ties give F2 = F1); the nearest
        // point's hash is only tracked when the cell value is wanted.
        var f1 = Double.infinity
        var f2 = Double.infinity
        var nearest: UInt32 = 0
        if settings.returnType == .cellValue {
            for k in 0..<9 {
                let d = D.measure(cache.px[k] - fx, yPart: cache.py[k])
                nearest = d < f1 ? cache.hashes[k] : nearest
                f2 = Swift.min(f2, Swift.max(f1, d))
                f1 = Swift.min(f1, d)
            }
        } else {
            for k in 0..<9 {
                let d = D.measure(cache.px[k] - fx, yPart: cache.py[k])
                f2 = Swift.min(f2, Swift.max(f1, d))
                f1 = Swift.min(f1, d)
            }
        }
        return settings.result(f1, f2, nearest)
    }
}
