import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// Pins whole solver runs (the chosen patterns and the reported attempts, backtracks and
/// propagation steps), so that a faster propagation or selection cannot change a seed's result.
/// The values were taken from the solver before its propagation loop and candidate heap were
/// reworked for speed.
@Suite struct SolverStatisticsTests {
    /// A hash of the patterns plus the statistics, in one line for the expectations.
    static func summary(_ result: WFCResult) -> String {
        var hasher = StableHasher()
        if let patterns = result.patterns { hasher.combine(patterns.cells) }
        let steps = result.propagationSteps
        return "\(hasher.finalize()) a\(result.attempts) b\(result.backtracks) s\(steps) \(result.isSuccess)"
    }

    /// Synthetic rules with many patterns, fractional weights and long compatibility lists:
    /// the solver keeps 16-bit counts (some list has 127 entries or more), three words of wave
    /// per cell, and entropies from totals that are not integers.
    struct DenseRules: WFCRules {
        let patternCount = 140
        let weights = (0..<140).map { 0.5 + Double($0 % 7) * 0.25 }
        let propagator = WFCPropagator(patternCount: 140) { p, q, d in (p * 7 + q * 13 + d.rawValue * 3) % 19 != 0 }
    }

    @Test func denseRulesArePinned() throws {
        let rules = DenseRules()
        #expect(rules.propagator.offsets.count == 4 * 140 + 1)
        let longest = (0..<(4 * 140)).map { rules.propagator.offsets[$0 + 1] - rules.propagator.offsets[$0] }.max()
        #expect((longest ?? 0) >= 127)
        var lines: [String] = []
        for (heuristic, periodic) in [(WFCHeuristic.entropy, true), (.mrv, false), (.scanline, true)] {
            let solver = try WFCSolver(
                rules: rules, width: 9, height: 7, options: WFCOptions(heuristic: heuristic, periodic: periodic))
            lines.append(Self.summary(solver.solve(seed: Seed(5))))
        }
        #expect(
            lines == [
                "269154620358785950 a1 b0 s8757 true", "16599713264434135453 a1 b0 s8757 true",
                "17367165443748016559 a1 b0 s8757 true",
            ])
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func roomsRunsArePinned() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Rooms"), options: OverlappingOptions(N: 3))
        let solver = try rules.solver(width: 48, height: 48, options: WFCOptions(periodic: true))
        let lines = (0..<2).map { Self.summary(solver.solve(seed: Seed(UInt64($0)))) }
        #expect(lines == ["1585660904621986434 a1 b0 s191232 true", "3030059728693195978 a1 b0 s191232 true"])
        let mrv = try rules.solver(width: 20, height: 12, options: WFCOptions(heuristic: .mrv))
        #expect(Self.summary(mrv.solve(seed: Seed(2))) == "14836767019561600751 a1 b0 s14940 true")
    }

    /// A tileset whose runs backtrack thousands of times, so that undoing bans is pinned too.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func backtrackingRunsArePinned() throws {
        let tileset = try TilesetDescription.load(from: SharedSamples.folder + "/Knots/data.xml")
        var lines: [String] = []
        for subset in ["Dense", "CE"] {
            let rules = try TiledRules(tileset, subset: subset)
            let solver = try WFCSolver(rules: rules, width: 24, height: 24, options: WFCOptions(periodic: true))
            lines += (0..<3).map { Self.summary(solver.solve(seed: Seed(UInt64($0)))) }
        }
        #expect(
            lines == [
                "3412410373529996111 a1 b20 s4190 true", "9922609947638960431 a3 b4000 s47280 true",
                "7668609543389711888 a1 b490 s7579 true", "7728614664919947023 a2 b2757 s116113 true",
                "14612198288956069263 a2 b2002 s52803 true", "4624741246801801519 a1 b0 s2304 true",
            ])
    }

    /// The counting and the bitset propagation reach the same domains: after one observation
    /// (the same cell and pattern in both, since nothing has been summed differently yet), the
    /// partial waves match bit for bit.
    @Test func bothPropagationsReachTheSameDomains() throws {
        let rules = DenseRules()
        for seed in 0..<3 {
            var waves: [WFCWave] = []
            for propagation in [WFCPropagation.supportCounts, .bitsets] {
                let options = WFCOptions(periodic: true, propagation: propagation, observationLimit: 1)
                let solver = try WFCSolver(rules: rules, width: 8, height: 8, options: options)
                let result = solver.solve(seed: Seed(UInt64(seed)))
                waves.append(try #require(result.wave))
            }
            #expect(waves[0] == waves[1], "seed \(seed)")
            #expect(waves[0].decidedCount >= 1)
        }
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func bothPropagationsReachTheSameDomainsOnRooms() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Rooms"), options: OverlappingOptions(N: 3))
        for seed in 0..<3 {
            var waves: [WFCWave] = []
            for propagation in [WFCPropagation.supportCounts, .bitsets] {
                let options = WFCOptions(periodic: true, propagation: propagation, observationLimit: 1)
                let result = try rules.solver(width: 24, height: 24, options: options).solve(seed: Seed(UInt64(seed)))
                waves.append(try #require(result.wave))
            }
            #expect(waves[0] == waves[1], "seed \(seed)")
            // The observation reached beyond its own cell.
            let left = (0..<24).reduce(0) { sum, y in (0..<24).reduce(sum) { $0 + waves[0].patterns(x: $1, y: y).count }
            }
            #expect(left < 24 * 24 * rules.patternCount - (rules.patternCount - 1))
        }
    }
}
