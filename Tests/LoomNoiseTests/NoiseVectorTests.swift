import LoomCore
import Testing

@testable import LoomNoise

/// The AVX2 spans of batch fills give exactly the bits of the scalar Swift kernels: every noise
/// type, distance and return type, `Float` and `Double` grids, rows that end mid-vector, cells
/// one sample wide, negative and zero steps, and coordinates across the ±2⁵⁰ limit of the split.
///
/// Serialized because it switches the spans off and on for the whole process (other suites'
/// fills give the same bits either way).
@Suite(.serialized) struct NoiseVectorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var noise: NoiseGenerator
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var list: [Case] = []
        for type in NoiseType.allCases {
            for frequency in [0.01, 0.3, 1.7] {
                list.append(
                    Case(
                        name: "\(type.rawValue) f\(frequency)",
                        noise: NoiseGenerator(seed: Seed(77), noiseType: type, frequency: frequency)))
            }
        }
        for distance in CellularDistanceFunction.allCases {
            for result in CellularReturnType.allCases {
                var noise = NoiseGenerator(seed: Seed(5), noiseType: .cellular, frequency: 0.13)
                noise.cellularDistanceFunction = distance
                noise.cellularReturnType = result
                noise.cellularJitter = 0.8
                list.append(Case(name: "cellular \(distance.rawValue) \(result.rawValue)", noise: noise))
            }
        }
        for type in NoiseType.allCases {
            list.append(
                Case(
                    name: "\(type.rawValue) fbm 5",
                    noise: NoiseGenerator(
                        seed: Seed(9), noiseType: type, frequency: 0.05, fractalType: .fbm, octaves: 5)
                ))
        }
        var tiled = NoiseGenerator(seed: Seed(3), noiseType: .openSimplex2S, frequency: 0.04, fractalType: .fbm)
        tiled.periodX = 40
        tiled.periodY = 24
        list.append(Case(name: "openSimplex2S tiled fbm", noise: tiled))
        return list
    }()

    /// Float and Double fills of several shapes, with the spans on or off.
    static func fills(_ noise: NoiseGenerator, vector: Bool) -> [[UInt64]] {
        VectorSpans.setEnabled(vector)
        defer { VectorSpans.setEnabled(true) }
        var result: [[UInt64]] = []
        let shapes: [(width: Int, height: Int, origin: SIMD2<Double>, step: Double)] = [
            (37, 5, SIMD2(-123.25, 456.5), 1),
            (4, 3, SIMD2(10, -10), 0.5),
            (1, 2, SIMD2(3.5, 7.25), 1),
            (29, 3, SIMD2(1e6 + 0.125, -2e6), -0.75),
            (11, 2, SIMD2(8, 8), 0),
        ]
        for shape in shapes {
            var floats = Grid(width: shape.width, height: shape.height, repeating: Float(0))
            noise.fill(&floats, origin: shape.origin, step: shape.step, threads: 1)
            result.append(floats.cells.map { UInt64($0.bitPattern) })
            var doubles = Grid(width: shape.width, height: shape.height, repeating: 0.0)
            noise.fill(&doubles, origin: shape.origin, step: shape.step, threads: 1)
            result.append(doubles.cells.map(\.bitPattern))
        }
        return result
    }

    @Test(arguments: cases)
    func vectorSpansGiveTheScalarBits(_ testCase: Case) {
        let scalar = Self.fills(testCase.noise, vector: false)
        let vector = Self.fills(testCase.noise, vector: true)
        #expect(scalar == vector)
    }

    /// Rows whose lattice coordinate crosses ±2⁵⁰, where the split maps samples to cell 0: at
    /// that magnitude a step of 0.25 is one ulp, so each cell holds four samples and the spans
    /// run up to the limit.
    @Test(arguments: [NoiseType.perlin, .openSimplex2, .cellular, .value])
    func rowsAcrossTheSplitLimitMatch(_ type: NoiseType) {
        let noise = NoiseGenerator(seed: Seed(1), noiseType: type, frequency: 1)
        for origin in [SIMD2(0x1p50 - 3, 3.25), SIMD2(-0x1p50 - 3, -7.5)] {
            var scalar = Grid(width: 24, height: 1, repeating: 0.0)
            var vector = scalar
            VectorSpans.setEnabled(false)
            noise.fill(&scalar, origin: origin, step: 0.25, threads: 1)
            VectorSpans.setEnabled(true)
            noise.fill(&vector, origin: origin, step: 0.25, threads: 1)
            #expect(scalar.cells.map(\.bitPattern) == vector.cells.map(\.bitPattern))
            for x in [0, 5, 11, 12, 13, 23] {
                #expect(vector[x, 0] == noise.sample(x: origin.x + Double(x) * 0.25, y: origin.y))
            }
        }
    }
}
