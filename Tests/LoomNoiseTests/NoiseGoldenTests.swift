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
        Golden(name: "openSimplex2", noise: make(.openSimplex2), hash: 0x1C4C_7901_40D2_0FC4),
        Golden(name: "openSimplex2S", noise: make(.openSimplex2S), hash: 0x6126_9F95_11BA_A4CE),
        Golden(name: "cellular", noise: make(.cellular), hash: 0x1077_A1A4_1851_0389),
        Golden(name: "perlin", noise: make(.perlin), hash: 0x8919_3B6C_0876_D72A),
        Golden(name: "valueCubic", noise: make(.valueCubic), hash: 0x2BB5_C82C_57E5_E9CE),
        Golden(name: "value", noise: make(.value), hash: 0x1EDE_7B25_717A_AB8F),
        Golden(
            name: "openSimplex2 fbm 5",
            noise: make(.openSimplex2) {
                $0.fractalType = .fbm
                $0.octaves = 5
            }, hash: 0x3EFB_C996_1344_5237),
        Golden(
            name: "perlin ridged weighted",
            noise: make(.perlin) {
                $0.fractalType = .ridged
                $0.weightedStrength = 0.7
            }, hash: 0x4C2B_DBBD_ECBA_6B84),
        Golden(name: "value pingPong", noise: make(.value) { $0.fractalType = .pingPong }, hash: 0xA611_EF28_F2BC_4FB0),
        Golden(
            name: "cellular manhattan distance2Div",
            noise: make(.cellular) {
                $0.cellularDistanceFunction = .manhattan
                $0.cellularReturnType = .distance2Div
                $0.cellularJitter = 0.6
            }, hash: 0x1160_C4D3_4268_397C),
        Golden(
            name: "cellular cellValue", noise: make(.cellular) { $0.cellularReturnType = .cellValue },
            hash: 0x67C8_A992_DC3C_A5E0),
        Golden(
            name: "openSimplex2S tiled 64",
            noise: make(.openSimplex2S) {
                $0.periodX = 64
                $0.periodY = 64
                $0.fractalType = .fbm
            }, hash: 0xCA7A_2A8B_024A_772E),
        Golden(
            name: "perlin warped progressive", noise: make(.perlin),
            warp: make(.openSimplex2) {
                $0.fractalType = .domainWarpProgressive
                $0.domainWarpAmplitude = 10
                $0.frequency = 0.02
            }, hash: 0x104A_8336_54E1_2F59),
        Golden(
            name: "valueCubic warped basicGrid", noise: make(.valueCubic),
            warp: make(.openSimplex2) {
                $0.domainWarpType = .basicGrid
                $0.domainWarpAmplitude = 8
            }, hash: 0xFD4A_A83D_D48F_770D),
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
        let grid = noise.makeGrid(width: 48, height: 20)
        let text = Self.ascii(grid)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/openSimplex2-fbm.txt")
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            // Record mode: a missing snapshot is written for review, and the test fails.
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded a new snapshot at \(file.path); inspect it and run again")
            return
        }
        #expect(text == expected, "snapshot differs; got:\n\(text)")
    }
}
