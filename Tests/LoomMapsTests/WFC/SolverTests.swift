import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

@Suite struct SolverTests {
    static let modes: [(WFCHeuristic, WFCPropagation)] = [
        (.entropy, .supportCounts), (.entropy, .bitsets), (.mrv, .supportCounts), (.scanline, .bitsets),
    ]

    @Test(
        .enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"),
        arguments: ["Knot", "Flowers", "Red Maze"], [0, 1, 2, 3])
    func everyHeuristicAndPropagationGivesValidOutput(sample: String, mode: Int) throws {
        let (heuristic, propagation) = Self.modes[mode]
        let rules = try OverlappingRules(
            image: try SharedSamples.image(sample),
            options: OverlappingOptions(N: sample == "Red Maze" ? 2 : 3, symmetry: sample == "Flowers" ? 2 : 8))
        let periodic = sample != "Red Maze"
        let options = WFCOptions(heuristic: heuristic, periodic: periodic, attempts: 20, propagation: propagation)
        let solver = try rules.solver(width: 20, height: 20, options: options)
        for seed in 0..<2 {
            let values = rules.values(from: try solver.solve(seed: Seed(UInt64(seed))).get(), periodic: periodic)
            #expect(windowsAreLearned(values, rules: rules, periodic: periodic), "\(sample) \(heuristic) seed \(seed)")
        }
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func overlappingOutputsAreGoldenForFixedSeeds() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Rooms"), options: OverlappingOptions(N: 3))
        let solver = try rules.solver(width: 24, height: 24, options: WFCOptions(periodic: true))
        let image = rules.image(of: rules.values(from: try solver.solve(seed: Seed(7)).get(), periodic: true))
        #expect(image.stableHash == 2_155_083_361_625_943_935)
        let again = rules.image(of: rules.values(from: try solver.solve(seed: Seed(7)).get(), periodic: true))
        #expect(again == image)
        let other = rules.image(of: rules.values(from: try solver.solve(seed: Seed(8)).get(), periodic: true))
        #expect(other != image)
    }

    @Test func budgetsAndRestartsAreReported() throws {
        let rules = try TiledRules(TiledTests.pipes)
        // A budget of one propagation step cannot finish a 16x16 map.
        let tight = try WFCSolver(
            rules: rules, width: 16, height: 16, options: WFCOptions(attempts: 3, propagationBudget: 1))
        let result = tight.solve(seed: Seed(3))
        #expect(!result.isSuccess)
        #expect(result.attempts == 3)
        #expect(result.failure?.contains("no solution after 3 attempts") == true)
        #expect(result.failure?.contains("budget") == true)
        let loose = try WFCSolver(rules: rules, width: 16, height: 16)
        let solved = loose.solve(seed: Seed(3))
        #expect(solved.isSuccess && solved.attempts >= 1 && solved.propagationSteps > 0)
    }

    @Test func invalidOptionsAreErrors() throws {
        let rules = try TiledRules(TiledTests.pipes)
        #expect(throws: LoomError.self) { try WFCSolver(rules: rules, width: 0, height: 4) }
        #expect(throws: LoomError.self) {
            try WFCSolver(rules: rules, width: 4, height: 4, options: .init(attempts: 0))
        }
        #expect(throws: LoomError.self) {
            try OverlappingRules(sample: Grid(width: 2, height: 2, repeating: 0), options: .init(N: 3))
        }
        #expect(throws: LoomError.self) {
            try OverlappingRules(sample: Grid(width: 4, height: 4, repeating: 0), options: .init(symmetry: 3))
        }
    }
}

@Suite struct UnsatisfiableTests {
    @Test func exhaustedSearchIsReportedWithoutRestarts() throws {
        // Two colours that must alternate cannot wrap around an odd width.
        let stripes = Grid(width: 4, height: 2, cells: [0, 1, 0, 1, 0, 1, 0, 1])!
        let rules = try OverlappingRules(sample: stripes, options: OverlappingOptions(N: 2, symmetry: 1))
        let solver = try rules.solver(width: 5, height: 3, options: WFCOptions(periodic: true))
        let result = solver.solve(seed: Seed(0))
        #expect(!result.isSuccess)
        #expect(result.attempts == 1)
        #expect(result.failure?.contains("no solution at this size") == true)
        let even = try rules.solver(width: 6, height: 3, options: WFCOptions(periodic: true))
        #expect(even.solve(seed: Seed(0)).isSuccess)
    }
}
