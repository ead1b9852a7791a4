import Foundation
import LoomCore
import Testing

@testable import LoomMaps

/// Samples drawn on a lattice join as endless chunks once every chunk takes one phase: kept
/// from the rules' lattice by default, or from anchors.
@Suite struct ChunkAnchorTests {
    static func rules(_ name: String, N: Int) throws -> OverlappingRules {
        try OverlappingRules(image: try SharedSamples.image(name), options: OverlappingOptions(N: N, symmetry: 8))
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func chessJoinsWithItsPhaseKeptOrAnchored() throws {
        let rules = try Self.rules("Chess", N: 2)
        let block = Rect(x: -1, y: -1, width: 4, height: 4)
        var failuresWithout = 0
        for seed in 0..<2 {
            let plain = try WFCChunks(
                rules: rules, chunkWidth: 24, chunkHeight: 24, seed: Seed(UInt64(seed)), keepsInvariants: false)
            failuresWithout += plain.region(in: block).failures.count
            let kept = try WFCChunks(rules: rules, chunkWidth: 24, chunkHeight: 24, seed: Seed(UInt64(seed)))
            #expect(kept.region(in: block).isComplete)
            let anchored = try WFCChunks(
                rules: rules, chunkWidth: 24, chunkHeight: 24, seed: Seed(UInt64(seed)), anchorSpacing: 12,
                keepsInvariants: false)
            let region = anchored.region(in: block)
            #expect(region.isComplete, "seed \(seed): \(region.failures.count) chunks failed")
            #expect(regionJoins(region, rules: rules))
            // Alone, a chunk is the same as in the block.
            let lone = try #require(anchored.chunk(1, 1).patterns)
            #expect(lone == region.patterns.cropped(to: Rect(x: 48, y: 48, width: 24, height: 24)))
        }
        #expect(failuresWithout > 0, "with no phase kept some chunks should fail, or the test shows nothing")
    }

    /// The lattice mazes keep a parity (found) and the phase of their walls, which single
    /// patterns do not show (a wall's run looks alike at every step along it), so the lattice
    /// found is the whole plane; anchors fix that phase, and with the parity kept they join.
    @Test(
        .enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"),
        arguments: ["Simple Maze", "Red Maze"])
    func mazesJoinWithAnchors(name: String) throws {
        let rules = try Self.rules(name, N: 2)
        #expect(WFCInvariants(rules: rules).phaseCount == 1)
        for seed in 0..<2 {
            let anchored = try WFCChunks(
                rules: rules, chunkWidth: 24, chunkHeight: 24, seed: Seed(UInt64(seed)), anchorSpacing: 12)
            let region = anchored.region(in: Rect(x: 0, y: 0, width: 3, height: 3))
            #expect(region.isComplete, "\(name) seed \(seed): \(region.failures)")
            #expect(regionJoins(region, rules: rules))
        }
    }
}
