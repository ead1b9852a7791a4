import LoomCore
import Testing

@testable import LoomNoise

@Suite struct NoiseFillTests {
    static let configurations: [NoiseGenerator] = {
        var list = NoiseType.allCases.map { NoiseGenerator(seed: Seed(21), noiseType: $0, frequency: 0.04) }
        var fbm = NoiseGenerator(seed: Seed(21), frequency: 0.02, fractalType: .fbm, octaves: 5)
        fbm.weightedStrength = 0.5
        list.append(fbm)
        var tiled = NoiseGenerator(seed: Seed(21), noiseType: .openSimplex2S, frequency: 0.03, fractalType: .ridged)
        tiled.periodX = 50
        list.append(tiled)
        return list
    }()

    @Test(arguments: configurations)
    func fillMatchesSampleAndIsTheSameOnAnyThreadCount(_ noise: NoiseGenerator) {
        let origin = SIMD2(-40.5, 1234.25)
        let one = noise.makeGrid(width: 33, height: 41, origin: origin, step: 0.75, threads: 1)
        let two = noise.makeGrid(width: 33, height: 41, origin: origin, step: 0.75, threads: 2)
        let four = noise.makeGrid(width: 33, height: 41, origin: origin, step: 0.75, threads: 4)
        #expect(one.cells.map(\.bitPattern) == two.cells.map(\.bitPattern))
        #expect(one.cells.map(\.bitPattern) == four.cells.map(\.bitPattern))
        for (x, y) in [(0, 0), (32, 40), (7, 19), (20, 3)] {
            let expected = Float(noise.sample(x: origin.x + Double(x) * 0.75, y: origin.y + Double(y) * 0.75))
            #expect(one[x, y] == expected)
        }
    }

    @Test func doubleGridsHoldTheExactSamples() {
        var noise = NoiseGenerator(seed: Seed(12), noiseType: .openSimplex2S, frequency: 0.07, fractalType: .pingPong)
        noise.octaves = 4
        var grid = Grid(width: 19, height: 11, repeating: 0.0)
        noise.fill(&grid, origin: SIMD2(-1e9, 1e9), step: 0.5, threads: 2)
        for (x, y) in [(0, 0), (18, 10), (9, 4)] {
            #expect(grid[x, y] == noise.sample(x: -1e9 + Double(x) * 0.5, y: 1e9 + Double(y) * 0.5))
        }
    }

    @Test func warpedFillMatchesWarpedSamples() {
        let noise = NoiseGenerator(seed: Seed(2), noiseType: .perlin, frequency: 0.03, fractalType: .fbm)
        var warp = NoiseGenerator(seed: Seed(9), frequency: 0.01, fractalType: .domainWarpProgressive)
        warp.domainWarpAmplitude = 40
        let one = noise.makeGrid(width: 24, height: 17, origin: SIMD2(3, 4), warpedBy: warp, threads: 1)
        let two = noise.makeGrid(width: 24, height: 17, origin: SIMD2(3, 4), warpedBy: warp, threads: 2)
        #expect(one.cells == two.cells)
        for (x, y) in [(0, 0), (23, 16), (11, 5)] {
            #expect(one[x, y] == Float(noise.sample(x: 3 + Double(x), y: 4 + Double(y), warpedBy: warp)))
        }
        #expect(one.cells != noise.makeGrid(width: 24, height: 17, origin: SIMD2(3, 4)).cells)
    }

    @Test func sliceOf3DNoiseMatches3DSamples() {
        var noise = NoiseGenerator(seed: Seed(4), noiseType: .openSimplex2, frequency: 0.05)
        noise.rotationType3D = .improveXYPlanes
        var grid = Grid(width: 16, height: 9, repeating: Float(0))
        noise.fill(&grid, z: 12.5, threads: 2)
        #expect(grid[5, 7] == Float(noise.sample(x: 5, y: 7, z: 12.5)))
        #expect(Set(grid.cells).count > 50)
    }

    @Test func nonFiniteInputsGiveZeroInsteadOfTrapping() {
        let noise = NoiseGenerator()
        #expect(noise.sample(x: .nan, y: 0) == 0)
        #expect(noise.sample(x: .infinity, y: 0, z: 1) == 0)
        var grid = Grid(width: 4, height: 4, repeating: Float(1))
        noise.fill(&grid, origin: SIMD2(.nan, 0))
        #expect(grid.cells.allSatisfy { $0 == 0 })
        // Far beyond any lattice: still a number in range, no trap.
        let far = noise.sample(x: 1e300, y: -1e300)
        #expect(far >= -1 && far <= 1)
        var extreme = NoiseGenerator(seed: Seed(1), noiseType: .cellular, frequency: 1e6, fractalType: .fbm)
        extreme.lacunarity = 16
        extreme.octaves = 16
        let huge = extreme.sample(x: 1e9, y: 1e9, z: -1e9)
        #expect(huge >= -1 && huge <= 1)
        var big = Grid(width: 3, height: 3, repeating: Float(0))
        extreme.fill(&big, origin: SIMD2(1e300, 1e300), step: 1e300)
        #expect(big.cells.allSatisfy { $0 >= -1 && $0 <= 1 })
    }
}
