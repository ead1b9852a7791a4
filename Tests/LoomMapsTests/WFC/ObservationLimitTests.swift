import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// `samples.xml`'s `limit` attribute: a run stops after that many observations with the wave
/// partly collapsed, and that counts as a success.
@Suite struct ObservationLimitTests {
    static func village() throws -> OverlappingRules {
        try OverlappingRules(image: try SharedSamples.image("Village"), options: OverlappingOptions(N: 3, symmetry: 2))
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func aLimitedRunIsAPartialSuccess() throws {
        let rules = try Self.village()
        let full = try rules.solver(width: 32, height: 32, options: WFCOptions(periodic: true))
        let limited = try rules.solver(width: 32, height: 32, options: WFCOptions(periodic: true, observationLimit: 50))
        let whole = full.solve(seed: Seed(4))
        let partial = limited.solve(seed: Seed(4))
        #expect(!whole.isPartial && whole.wave == nil)
        #expect(partial.isSuccess && partial.isPartial)
        let wave = try #require(partial.wave)
        let patterns = try partial.get()
        // At least the 50 observed cells are decided, with whatever propagation settled; far
        // from all 1024.
        #expect(wave.decidedCount >= 50 && wave.decidedCount < 1024)
        #expect(patterns.cells.filter { $0 >= 0 }.count == wave.decidedCount)
        for y in 0..<32 {
            for x in 0..<32 {
                let remaining = wave.patterns(x: x, y: y)
                #expect(!remaining.isEmpty)
                #expect(patterns[x, y] == (remaining.count == 1 ? remaining[0] : -1))
            }
        }
        // Without backtracking, the full run continues from the same state: every cell the
        // partial run decided keeps its pattern, and every undecided cell's final pattern was
        // still allowed.
        if whole.backtracks == 0 && whole.attempts == 1 {
            let solved = try whole.get()
            for y in 0..<32 {
                for x in 0..<32 { #expect(wave.allows(solved[x, y], x: x, y: y)) }
            }
        }
        let values = rules.values(from: patterns, periodic: true)
        #expect(values.cells.contains(-1))
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func aLimitBeyondTheObservationsNeededChangesNothing() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Simple Maze"), options: .init(N: 2))
        let plain = try rules.solver(width: 12, height: 12).solve(seed: Seed(2))
        let generous = try rules.solver(width: 12, height: 12, options: .init(observationLimit: 100_000)).solve(
            seed: Seed(2))
        #expect(!generous.isPartial)
        #expect(generous == plain)
        #expect(throws: LoomError.self) {
            try rules.solver(width: 12, height: 12, options: .init(observationLimit: -1))
        }
    }

    /// Undecided pixels are drawn as the plain average of the colours all remaining patterns
    /// would put there; decided ones keep their colour.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func partialImagesAverageTheRemainingPatterns() throws {
        let rules = try Self.village()
        let solver = try rules.solver(width: 24, height: 24, options: WFCOptions(periodic: true, observationLimit: 20))
        let result = solver.solve(seed: Seed(9))
        let wave = try #require(result.wave)
        let image = rules.image(of: wave, periodic: true)
        #expect(image.width == 24 && image.height == 24)
        let pixels = image.pixels
        let values = rules.values(from: try result.get(), periodic: true)
        let colors = try #require(rules.colors)
        var averaged = 0
        for y in 0..<24 {
            for x in 0..<24 {
                if values[x, y] >= 0 {
                    #expect(pixels[x, y] == colors[values[x, y]])
                } else if !colors.contains(pixels[x, y]) {
                    averaged += 1
                }
            }
        }
        #expect(averaged > 0)
        // A pixel by hand: every pattern allowed at a covering cell contributes its colour there.
        let undecided = try #require((0..<576).first { values.cells[$0] < 0 })
        let x = undecided % 24, y = undecided / 24
        var sums = [0, 0, 0], contributors = 0
        for dy in 0..<3 {
            for dx in 0..<3 {
                let sx = (x - dx + 24) % 24, sy = (y - dy + 24) % 24
                for t in wave.patterns(x: sx, y: sy) {
                    let colour = colors[rules.value(of: t, x: dx, y: dy)]
                    sums[0] += Int(colour.r)
                    sums[1] += Int(colour.g)
                    sums[2] += Int(colour.b)
                    contributors += 1
                }
            }
        }
        let expected = RGBA(
            UInt8(sums[0] / contributors), UInt8(sums[1] / contributors), UInt8(sums[2] / contributors))
        #expect(pixels[x, y] == expected)
        #expect(image.stableHash == 11_575_825_503_000_567_376)
    }

    @Test func optionsWithoutTheLimitStillDecode() throws {
        let json =
            #"{"heuristic":"mrv","propagation":"bitsets","periodic":true,"attempts":3,"backtracks":5,"propagationBudget":0}"#
        let options = try JSONDecoder().decode(WFCOptions.self, from: Data(json.utf8))
        #expect(options.observationLimit == 0 && options.heuristic == .mrv && options.attempts == 3)
        var limited = options
        limited.observationLimit = 50
        let again = try JSONDecoder().decode(WFCOptions.self, from: JSONEncoder().encode(limited))
        #expect(again == limited)
    }
}
