import LoomCore
import Testing

@testable import LoomMaps

@Suite struct WFCRepairTests {
    @Test func repairLeavesOnlyPatternsOfTheExamples() throws {
        let sample = NeuralFixtures.striped(offset: 0).map { Int($0) }
        let rules = try OverlappingRules(
            sample: sample, options: OverlappingOptions(N: 3, symmetry: 1, periodicInput: false))
        var known = Set<[Int]>()
        for p in 0..<rules.patternCount { known.insert((0..<9).map { rules.value(of: p, x: $0 % 3, y: $0 / 3) }) }
        // An example with a blot of water across two floor rows.
        var tiles = NeuralFixtures.striped(offset: 0)
        for y in 5...7 { for x in 6...9 { tiles[x, y] = 2 } }
        let before = tiles
        try WFCRepair(rules: rules).repair(&tiles, seed: Seed(1))
        for y in 0...13 {
            for x in 0...13 {
                #expect(known.contains((0..<9).map { Int(tiles[x + $0 % 3, y + $0 / 3]) }))
            }
        }
        // Cells far from the blot are kept.
        #expect(tiles[1, 12] == before[1, 12])
        #expect(tiles[14, 1] == before[14, 1])
        // A map that already satisfies the rules is unchanged.
        var clean = NeuralFixtures.striped(offset: 0)
        try WFCRepair(rules: rules).repair(&clean, seed: Seed(1))
        #expect(clean == NeuralFixtures.striped(offset: 0))
    }
}
