import LoomCore
import Testing

@testable import LoomNoise

/// Far from the origin the noise must look like it does near it: continuous (no steps) and
/// varied (no zeros, no repeats).
@Suite struct NoisePrecisionTests {
    /// Largest jump between neighbouring samples `step` apart along a line, and the spread of values.
    static func profile(
        _ noise: NoiseGenerator, x0: Double, y0: Double, step: Double, count: Int
    ) -> (jump: Double, spread: Double, distinct: Int) {
        var values: [Double] = []
        for i in 0..<count { values.append(noise.sample(x: x0 + Double(i) * step, y: y0 + Double(i) * step * 0.37)) }
        var jump = 0.0
        for i in 1..<count { jump = max(jump, abs(values[i] - values[i - 1])) }
        let mean = values.reduce(0, +) / Double(count)
        let spread = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)).squareRoot()
        return (jump, spread, Set(values).count)
    }

    @Test(arguments: NoiseType.allCases)
    func noiseAtOneBillionIsAsSmoothAndVariedAsAtTheOrigin(_ type: NoiseType) {
        var noise = NoiseGenerator(seed: Seed(8), noiseType: type, frequency: 0.1)
        noise.cellularReturnType = .distance2Sub
        let near = Self.profile(noise, x0: 3.5, y0: 1.25, step: 0.05, count: 600)
        for origin in [1e9, -1e9, 4e9] {
            let far = Self.profile(noise, x0: origin + 3.5, y0: -origin + 1.25, step: 0.05, count: 600)
            #expect(far.distinct > 500, "\(type) at \(origin): only \(far.distinct) distinct values")
            #expect(far.spread > near.spread * 0.4, "\(type) at \(origin): spread \(far.spread) vs \(near.spread)")
            // Steps would show as jumps far larger than the largest near the origin.
            #expect(far.jump < max(near.jump * 2, 0.05), "\(type) at \(origin): jump \(far.jump) vs \(near.jump)")
        }
    }

    @Test func frequencyOneAtOneBillionStillResolvesSubCellDetail() {
        let noise = NoiseGenerator(seed: Seed(8), noiseType: .perlin, frequency: 1)
        var values: [Double] = []
        for i in 0..<100 { values.append(noise.sample(x: 1e9 + Double(i) * 0.01, y: 1e9 + 0.5)) }
        #expect(Set(values).count == 100)
        for i in 1..<100 { #expect(abs(values[i] - values[i - 1]) < 0.1) }
    }
}

/// Tiling noise joins its edges: the value at x and x + period match, and the seam is no
/// rougher than any other pair of neighbouring columns.
@Suite struct NoiseTilingTests {
    static let cases: [NoiseGenerator] = {
        var list: [NoiseGenerator] = []
        for type in NoiseType.allCases {
            var noise = NoiseGenerator(seed: Seed(31), noiseType: type, frequency: 0.045, fractalType: .fbm, octaves: 3)
            noise.periodX = 96
            noise.periodY = 64
            list.append(noise)
        }
        var odd = NoiseGenerator(seed: Seed(2), noiseType: .openSimplex2, frequency: 0.013, fractalType: .ridged)
        odd.periodX = 71.5
        list.append(odd)
        var onlyY = NoiseGenerator(seed: Seed(2), noiseType: .openSimplex2S, frequency: 0.05)
        onlyY.periodY = 40
        list.append(onlyY)
        return list
    }()

    @Test(arguments: cases)
    func edgesJoinSeamlessly(_ noise: NoiseGenerator) {
        var random = Seed(4).makeRandom()
        for _ in 0..<200 {
            let x = random.nextDouble() * 500 - 250
            let y = random.nextDouble() * 500 - 250
            let v = noise.sample(x: x, y: y)
            if let px = noise.periodX {
                #expect(abs(noise.sample(x: x + px, y: y) - v) < 1e-9)
                #expect(abs(noise.sample(x: x - 3 * px, y: y) - v) < 1e-9)
            }
            if let py = noise.periodY {
                #expect(abs(noise.sample(x: x, y: y + py) - v) < 1e-9)
            }
        }
        // A grid of exactly one period: the seam columns differ like neighbours elsewhere.
        let width = Int((noise.periodX ?? 80).rounded(.up))
        let height = Int(noise.periodY ?? 48)
        let step = (noise.periodX ?? 80) / Double(width)
        let grid = noise.makeGrid(width: width, height: height, step: step)
        var inner = 0.0
        var seam = 0.0
        for y in 0..<height {
            for x in 1..<width { inner = max(inner, abs(Double(grid[x, y] - grid[x - 1, y]))) }
            seam = max(seam, abs(Double(grid[0, y] - grid[width - 1, y])))
        }
        if noise.periodX != nil { #expect(seam <= inner * 1.1 + 1e-6, "seam \(seam) vs inner \(inner)") }
        if noise.periodY != nil && noise.periodY == Double(height) {
            var innerY = 0.0
            var seamY = 0.0
            for x in 0..<width {
                for y in 1..<height { innerY = max(innerY, abs(Double(grid[x, y] - grid[x, y - 1]))) }
                seamY = max(seamY, abs(Double(grid[x, 0] - grid[x, height - 1])))
            }
            #expect(seamY <= innerY * 1.1 + 1e-6, "seam \(seamY) vs inner \(innerY)")
        }
    }

    @Test func warpedTilingNoiseStillTiles() {
        var noise = NoiseGenerator(seed: Seed(6), noiseType: .openSimplex2, frequency: 0.03, fractalType: .fbm)
        noise.periodX = 120
        noise.periodY = 90
        var warp = noise
        warp.fractalType = .domainWarpIndependent
        warp.domainWarpAmplitude = 25
        for (x, y) in [(3.0, 4.0), (-50.5, 17.25), (200.0, -31.0)] {
            let v = noise.sample(x: x, y: y, warpedBy: warp)
            #expect(abs(noise.sample(x: x + 120, y: y - 90, warpedBy: warp) - v) < 1e-9)
        }
    }
}
