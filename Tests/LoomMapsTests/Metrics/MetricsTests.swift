import Foundation
import LoomCore
import Testing

@testable import LoomMaps

@Suite struct MetricsTests {
    @Test func distributionDistances() {
        let a = Grid(width: 2, height: 2, cells: [0, 0, 1, 1])!
        let b = Grid(width: 2, height: 2, cells: [2, 2, 2, 2])!
        let pa = MapMetrics.tileDistribution([a])
        #expect(pa == [0: 0.5, 1: 0.5])
        #expect(MapMetrics.totalVariation(pa, pa) == 0)
        #expect(MapMetrics.totalVariation(pa, MapMetrics.tileDistribution([b])) == 1)
        #expect(MapMetrics.klDivergence(pa, from: pa) == 0)
        let skewed = MapMetrics.tileDistribution([Grid(width: 4, height: 1, cells: [0, 0, 0, 1])!])
        #expect(abs(MapMetrics.klDivergence(skewed, from: pa) - (0.75 * log(1.5) + 0.25 * log(0.5))) < 1e-12)
    }

    @Test func noveltyCountsUnseenWindows() {
        let example = Level.example
        #expect(MapMetrics.novelty(example, examples: [example], N: 3) == 0)
        var changed = example
        changed[0, 0] = 2
        // Only the one window holding the top-left corner is new.
        let windows = Double((example.width - 2) * (example.height - 2))
        #expect(MapMetrics.novelty(changed, examples: [example], N: 3) == 1 / windows)
    }

    @Test func expressiveRangeFigures() {
        let flat = Level.parse("....\n....\n####\n####")
        let properties = TileProperties(solid: [1], harmful: [2])
        let range = MapMetrics.expressiveRange(flat, properties: properties)
        #expect(range.density == 0.5)
        #expect(range.linearity == 1)
        #expect(range.leniency == 0)
        let stairs = Level.parse("...#\n..##\n.###\n####")
        #expect(MapMetrics.expressiveRange(stairs, properties: properties).linearity == 1)
        let bumpy = Level.parse("#..#\n#..#\n#..#\n#E.#")
        let bumpyRange = MapMetrics.expressiveRange(bumpy, properties: properties)
        #expect(bumpyRange.linearity < 1)
        #expect(bumpyRange.leniency == -1.0 / 16)
    }

    @Test func evaluateReportsEveryFigure() throws {
        let model = try MarkovMapModel(learningFrom: [Level.example])
        let map = try model.generate(width: 40, height: 8, seed: Seed(4)).grid
        let quality = MapMetrics.evaluate(
            map, examples: [Level.example], N: 2, properties: TileProperties(solid: [1], harmful: [2]))
        #expect(quality.totalVariation >= 0 && quality.totalVariation <= 1)
        #expect(quality.novelty >= 0 && quality.novelty <= 1)
        #expect(quality.report.contains("pattern novelty (2x2 windows"))
        #expect(quality.report.contains("expressive range: density"))
    }
}
