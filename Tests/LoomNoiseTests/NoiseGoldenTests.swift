import Foundation
import LoomCore
import Testing

@testable import LoomNoise

/// Pins the exact output of fixed configurations, so any change to the noise shows up.
@Suite struct NoiseGoldenTests {
    struct Golden: CustomTestStringConvertible, Sendable {
        var name: String
        var noise: NoiseGenerator
        var warp: NoiseGenerator? = nil
        var hash: UInt64
        var testDescription: String { name }
    }

    static func make(_ type: NoiseType, _ change: (inout NoiseGenerator) -> Void = { _ in }) -> NoiseGenerator {
        var noise = NoiseGenerator(seed: Seed(1337 as UInt64), noiseType: type, frequency: 0.05)
        change(&noise)
        return noise
    }

    static let goldens: [Golden] = [
        Golden(name: "openSimplex2", noise: make(.openSimplex2), hash: 0),
        Golden(name: "openSimplex2S", noise: make(.openSimplex2S), hash: 0),
        Golden(name: "cellular", noise: make(.cellular), hash: 0),
        Golden(name: "perlin", noise: make(.perlin), hash: 0),
        Golden(name: "valueCubic", noise: make(.valueCubic), hash: 0),
        Golden(name: "value", noise: make(.value), hash: 0),
        Golden(
            name: "openSimplex2 fbm 5",
            noise: make(.openSimplex2) {
                $0.fractalType = .fbm
                $0.octaves = 5
            }, hash: 0),
        Golden(
            name: "perlin ridged weighted",
            noise: make(.perlin) {
                $0.fractalType = .ridged
                $0.weightedStrength = 0.7
            }, hash: 0),
        Golden(name: "value pingPong", noise: make(.value) { $0.fractalType = .pingPong }, hash: 0),
        Golden(
            name: "cellular manhattan distance2Div",
            noise: make(.cellular) {
                $0.cellularDistanceFunction = .manhattan
                $0.cellularReturnType = .distance2Div
                $0.cellularJitter = 0.6
            }, hash: 0),
        Golden(
            name: "cellular cellValue", noise: make(.cellular) { $0.cellularReturnType = .cellValue }, hash: 0),
        Golden(
            name: "openSimplex2S tiled 64",
            noise: make(.openSimplex2S) {
                $0.periodX = 64
                $0.periodY = 64
                $0.fractalType = .fbm
            }, hash: 0),
        Golden(
            name: "perlin warped progressive", noise: make(.perlin),
            warp: make(.openSimplex2) {
                $0.fractalType = .domainWarpProgressive
                $0.domainWarpAmplitude = 10
                $0.frequency = 0.02
            }, hash: 0),
        Golden(
            name: "valueCubic warped basicGrid", noise: make(.valueCubic),
            warp: make(.openSimplex2) {
                $0.domainWarpType = .basicGrid
                $0.domainWarpAmplitude = 8
            }, hash: 0),
    ]

    static func hash(_ grid: Grid<Float>) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(grid.cells)
        return hasher.finalize()
    }

    @Test(arguments: goldens)
    func gridHashIsPinned(_ golden: Golden) {
        let one = golden.noise.makeGrid(width: 64, height: 64, warpedBy: golden.warp, threads: 1)
        let two = golden.noise.makeGrid(width: 64, height: 64, warpedBy: golden.warp, threads: 2)
        #expect(Self.hash(one) == Self.hash(two))
        print("golden \(golden.name): 0x\(String(Self.hash(one), radix: 16, uppercase: true))")
        #expect(Self.hash(one) == golden.hash)
    }

    /// An OpenSimplex2 FBm field as text, so a reader can see what the noise looks like.
    static func ascii(_ grid: Grid<Float>) -> String {
        let ramp = Array(" .:-=+*#%@")
        var lines: [String] = []
        for y in 0..<grid.height {
            var line = ""
            for x in 0..<grid.width {
                let level = Int(((grid[x, y] + 1) * 0.5 * Float(ramp.count)).rounded(.down))
                line.append(ramp[min(max(level, 0), ramp.count - 1)])
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func asciiSnapshotMatches() throws {
        var noise = NoiseGenerator(seed: Seed(2024), noiseType: .openSimplex2, frequency: 0.08, fractalType: .fbm)
        noise.octaves = 4
        let grid = noise.makeGrid(width: 48, height: 20, step: 0.5 / 0.5)
        let text = Self.ascii(grid)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/openSimplex2-fbm.txt")
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "snapshot differs; got:\n\(text)")
    }
}
