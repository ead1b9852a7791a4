/// A vector noise that displaces coordinates. Each component lies in [-1, 1] up to rounding.
protocol WarpKernel2D: Sendable {
    associatedtype L: Lattice2D
    static var geometry: LatticeGeometry { get }
    func offset(x: Double, y: Double, seed: UInt32, lattice: L) -> SIMD2<Double>
}

/// Two gradient noises on the simplex lattice sharing the corner search; `reduced` takes the
/// second gradient as the first turned a quarter, saving a lookup.
struct SimplexWarp2D<L: Lattice2D>: WarpKernel2D, @unchecked Sendable {
    let gradients = NoiseTables.shared.gradients2D
    var reduced: Bool
    static var geometry: LatticeGeometry { .triangular }

    @inline(__always)
    func corner(_ hash: UInt32, _ dx: Double, _ dy: Double) -> SIMD2<Double> {
        let t = max(Simplex2D<L>.radius2 - dx * dx - dy * dy, 0)
        let t2 = t * t
        let g = gradients + Int(hash >> 27) &* 2
        if reduced {
            return SIMD2(g[0] * dx + g[1] * dy, g[0] * dy - g[1] * dx) * (t2 * t2)
        }
        let h = gradients + Int((hash >> 22) & 31) &* 2
        return SIMD2(g[0] * dx + g[1] * dy, h[0] * dx + h[1] * dy) * (t2 * t2)
    }

    func offset(x: Double, y: Double, seed: UInt32, lattice: L) -> SIMD2<Double> {
        let b = y * Triangular.inverseHeight
        let (j, fb) = splitCell(b)
        let (i, fa, dx) = SimplexLattice.split(x: x, halfB: b * 0.5, fb: fb)
        let dy = fb * Triangular.height
        let key0 = lattice.rowKey(j, seed: seed)
        let key1 = lattice.rowKey(j &+ 1, seed: seed)
        let side = Triangular.side
        var sum = corner(lattice.hash(i &+ 1, key0), dx - side, dy)
        sum += corner(lattice.hash(i, key1), dx - 0.5 * side, dy - Triangular.height)
        if fa + fb >= 1 {
            sum += corner(lattice.hash(i &+ 1, key1), dx - 1.5 * side, dy - Triangular.height)
        } else {
            sum += corner(lattice.hash(i, key0), dx, dy)
        }
        return sum * Simplex2D<L>.scale
    }
}

/// Random offset vectors at square lattice corners, joined by quintic interpolation.
struct GridWarp2D<L: Lattice2D>: WarpKernel2D {
    static var geometry: LatticeGeometry { .square }

    @inline(__always)
    static func vector(_ hash: UInt32) -> SIMD2<Double> {
        SIMD2(
            Double(Int16(bitPattern: UInt16(truncatingIfNeeded: hash >> 16))),
            Double(Int16(bitPattern: UInt16(truncatingIfNeeded: hash)))) * (1.0 / 32768)
    }

    func offset(x: Double, y: Double, seed: UInt32, lattice: L) -> SIMD2<Double> {
        let (i, fx) = splitCell(x)
        let (j, fy) = splitCell(y)
        let key0 = lattice.rowKey(j, seed: seed)
        let key1 = lattice.rowKey(j &+ 1, seed: seed)
        let u = quintic(fx)
        let v = quintic(fy)
        let v00 = Self.vector(lattice.hash(i, key0))
        let v10 = Self.vector(lattice.hash(i &+ 1, key0))
        let v01 = Self.vector(lattice.hash(i, key1))
        let v11 = Self.vector(lattice.hash(i &+ 1, key1))
        let bottom = v00 + u * (v10 - v00)
        let top = v01 + u * (v11 - v01)
        return bottom + v * (top - bottom)
    }
}

/// 3D warps: one scalar noise per axis, from three seeds.
struct Warp3D: Sendable {
    var type: DomainWarpType

    func offset(x: Double, y: Double, z: Double, seed: UInt32) -> SIMD3<Double> {
        let seeds = (seed, seed ^ 0x5BD1_E995, seed ^ 0x1B87_3593)
        switch type {
        case .openSimplex2, .openSimplex2Reduced:
            let kernel = Simplex3D.sharp
            return SIMD3(
                kernel.value(x: x, y: y, z: z, seed: seeds.0), kernel.value(x: x, y: y, z: z, seed: seeds.1),
                kernel.value(x: x, y: y, z: z, seed: seeds.2))
        case .basicGrid:
            let kernel = Value3D()
            return SIMD3(
                kernel.value(x: x, y: y, z: z, seed: seeds.0), kernel.value(x: x, y: y, z: z, seed: seeds.1),
                kernel.value(x: x, y: y, z: z, seed: seeds.2))
        }
    }
}
