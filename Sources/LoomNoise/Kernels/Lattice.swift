import LoomCore

// Lattice hashing and cell splitting shared by every kernel.
//
// Coordinates stay `Double` until they are split into an integer cell and a fraction in [0, 1),
// so the fraction keeps its precision however far from the origin a sample is. Cells are hashed
// through their low 32 bits: the lattice repeats only every 2^32 cells.

enum LatticeHash {
    static let primeA: UInt32 = 0x9E37_79B1
    static let primeB: UInt32 = 0x85EB_CA77
    static let primeC: UInt32 = 0xC2B2_AE3D

    @inline(__always)
    static func finish(_ value: UInt32) -> UInt32 {
        var h = value &* 0x2C1B_3C6D
        h ^= h >> 15
        h = h &* 0x297A_2D39
        return h ^ (h >> 12)
    }

    @inline(__always)
    static func hash(_ seed: UInt32, _ a: Int, _ b: Int, _ c: Int) -> UInt32 {
        finish(
            seed ^ (UInt32(truncatingIfNeeded: a) &* primeA) ^ (UInt32(truncatingIfNeeded: b) &* primeB)
                ^ (UInt32(truncatingIfNeeded: c) &* primeC))
    }

    /// A value in [-1, 1) from a hash.
    @inline(__always)
    static func unitValue(_ hash: UInt32) -> Double {
        Double(Int32(bitPattern: hash)) * (1.0 / 2_147_483_648.0)
    }

    /// The seed of octave `octave`: independent 32-bit streams from the 64-bit seed.
    static func octaveSeed(_ seed: Seed, _ octave: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: Seed.mix(seed.rawValue &+ UInt64(truncatingIfNeeded: octave)))
    }
}

/// Splits a coordinate into its cell (`floor`) and the fraction in [0, 1).
///
/// Branch-free and conversion-free: adding 1.5·2⁵² rounds to the nearest integer and leaves
/// it in the low mantissa bits, which are read directly instead of through a (range-checked)
/// `Double` → `Int` conversion or a `floor` library call (baseline x86-64 has no SSE4.1
/// `roundsd`). Coordinates beyond ±2⁵⁰, where no fraction is left anyway, and NaN collapse to
/// cell 0 and fraction 0, so the result is always finite and nothing traps.
@inline(__always)
func splitCell(_ value: Double) -> (cell: Int, fraction: Double) {
    let safe = value.magnitude < 0x1p50 ? value : 0
    let shifted = safe + 0x1.8p52
    let nearest = shifted - 0x1.8p52
    let above = nearest > safe
    let rounded = Int(truncatingIfNeeded: shifted.bitPattern & 0x000F_FFFF_FFFF_FFFF) &- (1 << 51)
    let cell = above ? rounded &- 1 : rounded
    let floored = above ? nearest - 1 : nearest
    return (cell, safe - floored)
}

/// Clamps into [-1, 1]. Kernel outputs are always finite, since ``splitCell(_:)`` turns any
/// input into a finite fraction.
@inline(__always)
func clampUnit(_ value: Double) -> Double { Swift.max(Swift.min(value, 1), -1) }

/// Quintic fade `6t⁵ − 15t⁴ + 10t³`: C2-continuous interpolation across cells.
@inline(__always)
func quintic(_ t: Double) -> Double { t * t * t * (t * (t * 6 - 15) + 10) }

/// Smoothstep `3t² − 2t³`.
@inline(__always)
func smoothstep(_ t: Double) -> Double { t * t * (3 - 2 * t) }

/// How a 2D kernel's lattice is laid out, which decides how a tile period maps to cells.
enum LatticeGeometry {
    /// Unit squares along x and y.
    case square
    /// Equilateral triangles of side `Triangular.side`, with one edge along x.
    case triangular
}

/// A 2D lattice's hash, with rows (constant `b`) prepared once and reused along a row.
protocol Lattice2D: Sendable {
    associatedtype RowKey
    func rowKey(_ b: Int, seed: UInt32) -> RowKey
    func hash(_ a: Int, _ key: RowKey) -> UInt32
}

/// The endless lattice.
struct OpenLattice: Lattice2D {
    @inline(__always)
    func rowKey(_ b: Int, seed: UInt32) -> UInt32 { seed ^ (UInt32(truncatingIfNeeded: b) &* LatticeHash.primeB) }

    @inline(__always)
    func hash(_ a: Int, _ key: UInt32) -> UInt32 {
        LatticeHash.finish(key ^ (UInt32(truncatingIfNeeded: a) &* LatticeHash.primeA))
    }
}

/// A lattice that repeats: lattice points that differ by `(periodA, 0)` or `(shearA, periodB)`
/// share a hash. A period of 0 means no wrapping along that axis.
struct WrappedLattice: Lattice2D {
    var periodA: Int
    var periodB: Int
    var shearA: Int

    struct RowKey {
        var bits: UInt32
        var shift: Int
    }

    @inline(__always)
    func rowKey(_ b: Int, seed: UInt32) -> RowKey {
        guard periodB > 0 else {
            return RowKey(bits: seed ^ (UInt32(truncatingIfNeeded: b) &* LatticeHash.primeB), shift: 0)
        }
        let turns = floorDivide(b, periodB)
        let reduced = b - turns * periodB
        return RowKey(bits: seed ^ (UInt32(truncatingIfNeeded: reduced) &* LatticeHash.primeB), shift: -turns * shearA)
    }

    @inline(__always)
    func hash(_ a: Int, _ key: RowKey) -> UInt32 {
        var wrapped = a + key.shift
        if periodA > 0 { wrapped -= floorDivide(wrapped, periodA) * periodA }
        return LatticeHash.finish(key.bits ^ (UInt32(truncatingIfNeeded: wrapped) &* LatticeHash.primeA))
    }
}

@inline(__always)
func floorDivide(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// The scale, seed and lattice of one octave.
struct Frame2D<L: Lattice2D> {
    var fx: Double
    var fy: Double
    var seed: UInt32
    var lattice: L
}

/// Makes each octave's frame.
protocol FrameSource2D: Sendable {
    associatedtype L: Lattice2D
    func frame(_ octave: Int, geometry: LatticeGeometry) -> Frame2D<L>
}

/// Octaves of endless noise: frequency × lacunarity^octave on both axes.
struct OpenFrames: FrameSource2D {
    var seed: Seed
    var frequency: Double
    var lacunarity: Double

    func frame(_ octave: Int, geometry: LatticeGeometry) -> Frame2D<OpenLattice> {
        var f = frequency
        for _ in 0..<octave { f *= lacunarity }
        return Frame2D(fx: f, fy: f, seed: LatticeHash.octaveSeed(seed, octave), lattice: OpenLattice())
    }
}

/// Octaves of tiling noise: each axis' frequency nudged so whole lattice periods fit the tile.
struct WrappedFrames: FrameSource2D {
    var seed: Seed
    var frequency: Double
    var lacunarity: Double
    var periodX: Double?
    var periodY: Double?

    func frame(_ octave: Int, geometry: LatticeGeometry) -> Frame2D<WrappedLattice> {
        var f = frequency
        for _ in 0..<octave { f *= lacunarity }
        // Lattice length of one repeat along x and along y, in scaled units.
        let (spanX, spanY): (Double, Double) =
            geometry == .square ? (1, 1) : (Triangular.side, Triangular.verticalRepeat)
        var lattice = WrappedLattice(periodA: 0, periodB: 0, shearA: 0)
        var fx = f
        var fy = f
        if let periodX {
            let repeats = Self.repeats(periodX * f / spanX)
            fx = Double(repeats) * spanX / periodX
            lattice.periodA = repeats
        }
        if let periodY {
            let repeats = Self.repeats(periodY * f / spanY)
            fy = Double(repeats) * spanY / periodY
            switch geometry {
            case .square:
                lattice.periodB = repeats
            case .triangular:
                // One vertical repeat is the lattice vector (-1, 2): two rows, shifted back one.
                lattice.periodB = 2 * repeats
                lattice.shearA = -repeats
            }
        }
        return Frame2D(fx: fx, fy: fy, seed: LatticeHash.octaveSeed(seed, octave), lattice: lattice)
    }

    static func repeats(_ cells: Double) -> Int {
        guard cells.isFinite else { return 1 }
        return Int(min(max(cells.rounded(), 1), 0x1p30))
    }
}

/// The triangular lattice of the simplex kernels: edge `side` along x, rows `height` apart.
enum Triangular {
    /// Edge length √(2/3), which gives features the size of classic simplex noise. Written as
    /// exact literals (the correctly rounded square roots) so hot loops read constants rather
    /// than lazily initialised globals.
    static var side: Double { 0x1.a20bd700c2c3ep-1 }
    /// Distance between rows: side × √3 / 2 = 1 / √2.
    static var height: Double { 0x1.6a09e667f3bcdp-1 }
    /// The shortest lattice vector along y: two rows, √2.
    static var verticalRepeat: Double { 0x1.6a09e667f3bcdp+0 }
    /// 1 / side and 1 / height, rounded from the values above.
    static var inverseSide: Double { 0x1.3988e1409212ep+0 }
    static var inverseHeight: Double { 0x1.6a09e667f3bccp+0 }
}

/// `(v0 + v1) + (v2 + v3)`: a fixed order of additions, so debug and release builds (and any
/// standard library) round the same way.
@inline(__always)
func orderedSum(_ v: SIMD4<Double>) -> Double { (v[0] + v[1]) + (v[2] + v[3]) }

/// Lane-wise `max(v, 0)`, written out so it always inlines.
@inline(__always)
func positivePart(_ v: SIMD4<Double>) -> SIMD4<Double> {
    SIMD4(Swift.max(v[0], 0), Swift.max(v[1], 0), Swift.max(v[2], 0), Swift.max(v[3], 0))
}

/// Lane-wise `max(v, 0)` for two lanes.
@inline(__always)
func positivePart(_ v: SIMD2<Double>) -> SIMD2<Double> { SIMD2(Swift.max(v[0], 0), Swift.max(v[1], 0)) }
