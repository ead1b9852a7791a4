/// A 3D base noise. Inputs are already scaled by frequency (and rotated); outputs lie in
/// [-1, 1] up to rounding.
protocol NoiseKernel3D: Sendable {
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double
}

/// Improved gradient noise in 3D.
struct Perlin3D: NoiseKernel3D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients3D
    /// n-dimensional gradient noise with unit gradients peaks at √n/2.
    static var scale: Double { 2 / 3.0.squareRoot() }

    @inline(__always)
    func corner(_ seed: UInt32, _ i: Int, _ j: Int, _ k: Int, _ dx: Double, _ dy: Double, _ dz: Double) -> Double {
        let g = gradients + Int(LatticeHash.hash(seed, i, j, k) >> 27) &* 4
        return g[0] * dx + g[1] * dy + g[2] * dz
    }

    @inline(__always)
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let (k, fz) = splitCell(z)
        let (u, v, w) = (quintic(fx), quintic(fy), quintic(fz))
        func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { a + t * (b - a) }
        let x00 = lerp(corner(seed, i, j, k, fx, fy, fz), corner(seed, i &+ 1, j, k, fx - 1, fy, fz), u)
        let x10 = lerp(
            corner(seed, i, j &+ 1, k, fx, fy - 1, fz), corner(seed, i &+ 1, j &+ 1, k, fx - 1, fy - 1, fz), u)
        let x01 = lerp(
            corner(seed, i, j, k &+ 1, fx, fy, fz - 1), corner(seed, i &+ 1, j, k &+ 1, fx - 1, fy, fz - 1), u)
        let x11 = lerp(
            corner(seed, i, j &+ 1, k &+ 1, fx, fy - 1, fz - 1),
            corner(seed, i &+ 1, j &+ 1, k &+ 1, fx - 1, fy - 1, fz - 1), u)
        return lerp(lerp(x00, x10, v), lerp(x01, x11, v), w) * Self.scale
    }
}

/// Value noise in 3D with smoothstep: a convex combination, bounded by 1.
struct Value3D: NoiseKernel3D {
    @inline(__always)
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let (k, fz) = splitCell(z)
        let (u, v, w) = (smoothstep(fx), smoothstep(fy), smoothstep(fz))
        func at(_ a: Int, _ b: Int, _ c: Int) -> Double {
            LatticeHash.unitValue(LatticeHash.hash(seed, i &+ a, j &+ b, k &+ c))
        }
        func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { a + t * (b - a) }
        let front = lerp(lerp(at(0, 0, 0), at(1, 0, 0), u), lerp(at(0, 1, 0), at(1, 1, 0), u), v)
        let back = lerp(lerp(at(0, 0, 1), at(1, 0, 1), u), lerp(at(0, 1, 1), at(1, 1, 1), u), v)
        return lerp(front, back, w)
    }
}

/// Catmull-Rom value noise in 3D over 4×4×4 lattice values, divided by its bound 1.25³.
struct ValueCubic3D: NoiseKernel3D {
    static var scale: Double { 1 / (1.25 * 1.25 * 1.25) }

    @inline(__always)
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let (k, fz) = splitCell(z)
        let wx = ValueCubic2D<OpenLattice>.weights(fx)
        let wy = ValueCubic2D<OpenLattice>.weights(fy)
        let wz = ValueCubic2D<OpenLattice>.weights(fz)
        var total = 0.0
        for c in 0..<4 {
            var plane = 0.0
            for b in 0..<4 {
                var line = SIMD4<Double>()
                for a in 0..<4 {
                    line[a] = LatticeHash.unitValue(LatticeHash.hash(seed, i &+ a &- 1, j &+ b &- 1, k &+ c &- 1))
                }
                plane += orderedSum(line * wx) * wy[b]
            }
            total += plane * wz[c]
        }
        return total * Self.scale
    }
}

/// OpenSimplex2-style 3D noise on the body-centred cubic lattice (the integer lattice and its
/// copy shifted by ½ on every axis). Every contributing point is a corner of the sample's cell
/// in one of the two cubic lattices, since the kernel radius is below 1.
struct Simplex3D: NoiseKernel3D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients3D
    var radius2: Double
    var scale: Double

    /// radius² 0.6 (OpenSimplex2) or 0.75 (OpenSimplex2S), each scaled by 1 / (its measured peak
    /// plus ~1% headroom); `NoiseBoundsTests` re-measures them.
    static let sharp = Simplex3D(radius2: 0.6, scale: 1 / 0.025_4)
    static let smooth = Simplex3D(radius2: 0.75, scale: 1 / 0.087_8)

    @inline(__always)
    func cube(_ seed: UInt32, _ x: Double, _ y: Double, _ z: Double, _ offset: Int) -> Double {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let (k, fz) = splitCell(z)
        var sum = 0.0
        for c in 0..<2 {
            for b in 0..<2 {
                for a in 0..<2 {
                    let dx = fx - Double(a)
                    let dy = fy - Double(b)
                    let dz = fz - Double(c)
                    let t = radius2 - dx * dx - dy * dy - dz * dz
                    if t <= 0 { continue }
                    // Doubled coordinates keep the two cubic lattices' points distinct.
                    let h = LatticeHash.hash(
                        seed, 2 &* (i &+ a) &+ offset, 2 &* (j &+ b) &+ offset, 2 &* (k &+ c) &+ offset)
                    let g = gradients + Int(h >> 27) &* 4
                    let t2 = t * t
                    sum += t2 * t2 * (g[0] * dx + g[1] * dy + g[2] * dz)
                }
            }
        }
        return sum
    }

    @inline(__always)
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double {
        (cube(seed, x, y, z, 0) + cube(seed, x - 0.5, y - 0.5, z - 0.5, 1)) * scale
    }
}

/// Worley noise in 3D: the 3×3×3 cells around the sample searched.
struct Cellular3D<D: CellDistance>: NoiseKernel3D, @unchecked Sendable {
    let offsets = NoiseTables.shared.cellOffsets3D
    var settings: CellularSettings

    @inline(__always)
    func value(x: Double, y: Double, z: Double, seed: UInt32) -> Double {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let (k, fz) = splitCell(z)
        var f1 = Double.infinity
        var f2 = Double.infinity
        var nearest: UInt32 = 0
        let r = settings.radius
        for dc in -1...1 {
            for db in -1...1 {
                for da in -1...1 {
                    let h = LatticeHash.hash(seed, i &+ da, j &+ db, k &+ dc)
                    let o = offsets + Int(h >> 24) &* 4
                    let d = D.measure(
                        Double(da) + 0.5 + r * o[0] - fx, Double(db) + 0.5 + r * o[1] - fy,
                        Double(dc) + 0.5 + r * o[2] - fz)
                    if d < f1 {
                        f2 = f1
                        f1 = d
                        nearest = h
                    } else if d < f2 {
                        f2 = d
                    }
                }
            }
        }
        return settings.result(f1, f2, nearest)
    }
}
