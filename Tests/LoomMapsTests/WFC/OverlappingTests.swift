import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// Every N×N window of `values` (wrapping where periodic) is one of the rules' patterns.
func windowsAreLearned(_ values: Grid<Int>, rules: OverlappingRules, periodic: Bool) -> Bool {
    let N = rules.N
    var known = Set<[Int]>()
    for p in 0..<rules.patternCount { known.insert(Array(rules.values[(p * N * N)..<((p + 1) * N * N)])) }
    let ymax = periodic ? values.height : values.height - N + 1
    let xmax = periodic ? values.width : values.width - N + 1
    for y in 0..<ymax {
        for x in 0..<xmax {
            let window = (0..<(N * N)).map { values.at(x: x + $0 % N, y: y + $0 / N, edge: .wrap) }
            if !known.contains(window) { return false }
        }
    }
    return true
}

@Suite struct OverlappingTests {
    struct Run: CustomStringConvertible, Sendable {
        var name: String
        var N: Int
        var symmetry = 8
        var periodic = true
        var ground = 0
        var description: String { "\(name) N\(N) sym\(symmetry)\(periodic ? " periodic" : "")" }
    }

    static let runs: [Run] = [
        Run(name: "Chess", N: 2), Run(name: "Skyline", N: 3, symmetry: 2, ground: -1),
        Run(name: "Flowers", N: 3, symmetry: 2, ground: -4), Run(name: "Hogs", N: 2), Run(name: "Knot", N: 3),
        Run(name: "Rooms", N: 3), Run(name: "Platformer", N: 2, symmetry: 2, ground: -1),
        Run(name: "Red Maze", N: 2, periodic: false), Run(name: "Simple Maze", N: 2, periodic: false),
        Run(name: "3Bricks", N: 3, symmetry: 1), Run(name: "City", N: 3), Run(name: "Village", N: 3, symmetry: 2),
    ]

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"), arguments: runs)
    func outputsContainOnlyLearnedWindows(run: Run) throws {
        let image = try SharedSamples.image(run.name)
        let rules = try OverlappingRules(
            image: image, options: OverlappingOptions(N: run.N, symmetry: run.symmetry, ground: run.ground))
        let solver = try rules.solver(width: 24, height: 24, options: WFCOptions(periodic: run.periodic))
        for seed in 0..<3 {
            let result = solver.solve(seed: Seed(UInt64(seed)), constraints: rules.constraints)
            let wave = try result.get()
            let values = rules.values(from: wave, periodic: run.periodic)
            #expect(values.width == 24 && values.height == 24)
            #expect(windowsAreLearned(values, rules: rules, periodic: run.periodic), "\(run) seed \(seed)")
            if let ground = rules.groundPattern {
                #expect((0..<wave.width).allSatisfy { wave[$0, wave.height - 1] == ground })
            }
        }
    }
}
