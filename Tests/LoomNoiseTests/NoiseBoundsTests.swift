import LoomCore
import Testing

@testable import LoomNoise

/// The measured peaks behind the simplex kernels' scales: dense random sampling, then local
/// ascent from the highest points. The scaled peak must reach close to 1 (the scale is not
/// loose) and stay within 1 (clamping is a safety net, not the norm).
@Suite struct NoiseBoundsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var evaluate: @Sendable (Double, Double, Double, UInt32) -> Double
        var dimensions: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "openSimplex2 2D", evaluate: { x, y, _, s in value2D(Simplex2D<OpenLattice>(), x, y, s) },
            dimensions: 2),
        Case(
            name: "openSimplex2S 2D", evaluate: { x, y, _, s in value2D(SmoothSimplex2D<OpenLattice>(), x, y, s) },
            dimensions: 2),
        Case(name: "perlin 2D", evaluate: { x, y, _, s in value2D(Perlin2D<OpenLattice>(), x, y, s) }, dimensions: 2),
        Case(
            name: "openSimplex2 3D", evaluate: { x, y, z, s in Simplex3D.sharp.value(x: x, y: y, z: z, seed: s) },
            dimensions: 3),
        Case(
            name: "openSimplex2S 3D", evaluate: { x, y, z, s in Simplex3D.smooth.value(x: x, y: y, z: z, seed: s) },
            dimensions: 3),
        Case(name: "perlin 3D", evaluate: { x, y, z, s in Perlin3D().value(x: x, y: y, z: z, seed: s) }, dimensions: 3),
    ]

    static func value2D<K: NoiseKernel2D>(_ kernel: K, _ x: Double, _ y: Double, _ seed: UInt32) -> Double
    where K.L == OpenLattice {
        kernel.value(x: x, row: kernel.row(y: y, seed: seed, lattice: OpenLattice()))
    }

    static func peak(_ c: Case, samples: Int) -> Double {
        var random = Seed(99).makeRandom()
        var best: [(Double, SIMD3<Double>, UInt32)] = []
        for n in 0..<samples {
            let p = SIMD3(
                random.nextDouble() * 64, random.nextDouble() * 64, c.dimensions == 3 ? random.nextDouble() * 64 : 0)
            let seed = UInt32(truncatingIfNeeded: n / 16)
            let v = abs(c.evaluate(p.x, p.y, p.z, seed))
            best.append((v, p, seed))
            if best.count > 256 {
                best.sort { $0.0 > $1.0 }
                best.removeLast(best.count - 32)
            }
        }
        best.sort { $0.0 > $1.0 }
        var top = 0.0
        for (value, start, seed) in best.prefix(32) {
            var v = value
            var p = start
            var step = 0.05
            while step > 1e-7 {
                var improved = false
                for _ in 0..<24 {
                    var d =
                        SIMD3(random.nextDouble() - 0.5, random.nextDouble() - 0.5, random.nextDouble() - 0.5)
                        * (2 * step)
                    if c.dimensions == 2 { d.z = 0 }
                    let candidate = abs(c.evaluate(p.x + d.x, p.y + d.y, p.z + d.z, seed))
                    if candidate > v {
                        v = candidate
                        p += d
                        improved = true
                    }
                }
                if !improved { step *= 0.5 }
            }
            top = max(top, v)
        }
        return top
    }

    @Test(arguments: cases)
    func scaledPeakIsCloseToButWithinOne(_ c: Case) {
        let top = Self.peak(c, samples: 150_000)
        print("\(c.name): scaled peak \(top)")
        #expect(top <= 1.0 + 1e-9)
        #expect(top >= 0.8)
    }
}
