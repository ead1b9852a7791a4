import LoomCore
import Testing

@testable import LoomNoise

/// Every combination of noise type, fractal type and cellular setting stays within [-1, 1],
/// in 2D fills, 2D samples, 3D samples, tiled and warped.
@Suite struct NoiseRangeTests {
    struct Combination: CustomTestStringConvertible, Sendable {
        var noise: NoiseGenerator
        var testDescription: String {
            var text = "\(noise.noiseType.rawValue) \(noise.fractalType.rawValue)"
            if noise.noiseType == .cellular {
                text += " \(noise.cellularDistanceFunction.rawValue) \(noise.cellularReturnType.rawValue)"
            }
            return text
        }
    }

    static let combinations: [Combination] = {
        var list: [Combination] = []
        for type in NoiseType.allCases {
            for fractal in FractalType.allCases {
                let distances = type == .cellular ? CellularDistanceFunction.allCases : [.euclideanSq]
                let returns = type == .cellular ? CellularReturnType.allCases : [.distance]
                for distance in distances {
                    for returnType in returns {
                        var noise = NoiseGenerator(
                            seed: Seed(7), noiseType: type, frequency: 0.05, fractalType: fractal)
                        noise.cellularDistanceFunction = distance
                        noise.cellularReturnType = returnType
                        list.append(Combination(noise: noise))
                    }
                }
            }
        }
        return list
    }()

    /// The defaults, then settings at the ends of their ranges.
    static func variants(of noise: NoiseGenerator) -> [NoiseGenerator] {
        var extreme = noise
        extreme.octaves = 5
        extreme.gain = 1.5
        extreme.lacunarity = 2.7
        extreme.weightedStrength = 1
        extreme.pingPongStrength = 7
        extreme.cellularJitter = 1
        var tiled = noise
        tiled.periodX = 37
        tiled.periodY = 23
        tiled.cellularJitter = 0
        return [noise, extreme, tiled]
    }

    @Test(arguments: combinations)
    func outputStaysWithinUnitRange(_ combination: Combination) {
        var warp = NoiseGenerator(seed: Seed(3), frequency: 0.03)
        warp.domainWarpAmplitude = 20
        for noise in Self.variants(of: combination.noise) {
            var grid = Grid(width: 40, height: 24, repeating: Float(0))
            noise.fill(&grid, origin: SIMD2(-123.4, 5678.9), step: 1.7, threads: 1)
            var warped = grid
            noise.fill(&warped, origin: SIMD2(1e6, -3e5), step: 2.3, warpedBy: warp, threads: 1)
            let values = grid.cells + warped.cells
            #expect(values.allSatisfy { $0 >= -1 && $0 <= 1 })
            var random = Seed(11).makeRandom()
            for _ in 0..<150 {
                let x = random.nextDouble() * 2e4 - 1e4
                let y = random.nextDouble() * 2e4 - 1e4
                let z = random.nextDouble() * 2e4 - 1e4
                let v2 = noise.sample(x: x, y: y)
                let v3 = noise.sample(x: x, y: y, z: z)
                #expect(v2 >= -1 && v2 <= 1)
                #expect(v3 >= -1 && v3 <= 1)
            }
            // Not a constant: every combination makes a varied field.
            // Cell values are one value per cell: a large tile over a short period may hold two cells.
            let least = noise.cellularReturnType == .cellValue && noise.noiseType == .cellular ? 2 : 20
            #expect(Set(grid.cells).count >= least, "\(combination.testDescription) is flat")
        }
    }

    /// Gradient and value noises are centred on 0 with a useful spread: no bias from the
    /// hash, the gradient table or the normalisation.
    @Test(arguments: [NoiseType.openSimplex2, .openSimplex2S, .perlin, .valueCubic, .value])
    func noiseIsCentredWithAUsefulSpread(_ type: NoiseType) {
        let noise = NoiseGenerator(seed: Seed(77), noiseType: type, frequency: 0.1)
        let grid = noise.makeGrid(width: 160, height: 160, threads: 2)
        let values = grid.cells.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(mean) < 0.06, "\(type) mean \(mean)")
        #expect(spread > 0.12 && spread < 0.6, "\(type) spread \(spread)")
        #expect((values.max() ?? 0) > 0.4 && (values.min() ?? 0) < -0.4, "\(type) uses little of its range")
    }

    @Test func warpDisplacesAtMostTheAmplitude() {
        for type in DomainWarpType.allCases {
            for fractal in [FractalType.none, .domainWarpProgressive, .domainWarpIndependent] {
                var warp = NoiseGenerator(seed: Seed(5), frequency: 0.02, fractalType: fractal, octaves: 4)
                warp.domainWarpType = type
                warp.domainWarpAmplitude = 12
                warp.gain = 0.9
                var largest = 0.0
                var random = Seed(1).makeRandom()
                for _ in 0..<400 {
                    let x = random.nextDouble() * 1000
                    let y = random.nextDouble() * 1000
                    let w = warp.warp(x: x, y: y)
                    let w3 = warp.warp(x: x, y: y, z: x - y)
                    largest = max(largest, abs(w.x - x), abs(w.y - y), abs(w3.x - x), abs(w3.y - y), abs(w3.z - x + y))
                }
                #expect(largest <= 12 + 1e-9, "\(type) \(fractal)")
                #expect(largest > 3, "\(type) \(fractal) barely moves points")
            }
        }
    }
}
