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

    @Test(
        .enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"),
        arguments: [("Chess", 2)])
    func latticeSamplesJoinWithAnchors(name: String, N: Int) throws {
        let rules = try Self.rules(name, N: N)
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
            #expect(region.isComplete, "\(name) seed \(seed): \(region.failures.count) chunks failed")
            #expect(regionJoins(region, rules: rules))
            // Alone, a chunk is the same as in the block.
            let lone = try #require(anchored.chunk(1, 1).patterns)
            #expect(lone == region.patterns.cropped(to: Rect(x: 48, y: 48, width: 24, height: 24)))
        }
        #expect(failuresWithout > 0, "with no phase kept some chunks should fail, or the test shows nothing")
    }
}
