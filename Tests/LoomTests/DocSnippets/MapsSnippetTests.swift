import Foundation
import Loom
import Testing

/// The ```swift blocks of LoomMaps' learned-generator articles (Markov chains, neural tiles,
/// wave function collapse), verbatim between their markers, each run on small examples made
/// or read before it.
@Suite(.serialized) struct MapsSnippetTests {
    /// Tile ids of the Markov levels, one glyph each: air, ground, block, coin.
    static let glyphs: [Character] = [".", "#", "?", "o"]

    static func level(_ text: String) -> Grid<Int> {
        let rows = text.split(separator: "\n").map(Array.init)
        return Grid(width: rows[0].count, height: rows.count) { x, y in glyphs.firstIndex(of: rows[y][x])! }
    }

    @Test func markovLevelsArePlayable() throws {
        let air = 0, coin = 3
        let level1 = Self.level(
            """
            ................................
            ................................
            ..........o.o...................
            .........?????.......oo.........
            ................................
            .....................###........
            ...o.o..........................
            ..??????.......###.........o....
            ................................
            ......................o.o.......
            ...........##......#######......
            ........#####...................
            ################....############
            ################....############
            """)
        let level2 = Self.level(
            """
            ................................
            ...........oo...................
            ..........????.........o.o......
            ........................?????...
            ................................
            ....o...........................
            ...???.........##...............
            ...............##........o......
            ..........#.....................
            .........###..........###.......
            ........#####.......######......
            #######################..#######
            ####..#################..#######
            ####..##########################
            """)
        try SnippetFolder.run {
            // snippet MarkovMaps.md
            let model = try MarkovMapModel(learningFrom: [level1, level2])
            let rule = MarkovPlayability(walkable: [air, coin], bandWidth: 16, tries: 20)
            let result = try model.generate(width: 200, height: 14, seed: Seed(3), playability: rule)
            try model.export(to: "levels.markov.json")
            // end snippet
            #expect(result.isPlayable == true)
            #expect(result.grid.width == 200 && result.grid.height == 14)
            #expect(Set(result.grid.cells).isSubset(of: 0..<4))
            let again = try MarkovMapModel.load(from: "levels.markov.json")
            #expect(try again.generate(width: 200, height: 14, seed: Seed(3), playability: rule) == result)
        }
    }

    @Test func neuralTilesLearnCaves() throws {
        try SnippetFolder.run {
            // Two generated caves as the examples: wall (the border, so tile 0) and floor (tile 1).
            try CaveParameters(width: 48, height: 48).generate(seed: Seed(1)).export(to: "cave1.png")
            try CaveParameters(width: 48, height: 48).generate(seed: Seed(2)).export(to: "cave2.png")
            // snippet NeuralTiles.md
            let examples = try NeuralTileExamples(pngPaths: ["cave1.png", "cave2.png"])  // one colour per tile kind
            let trainer = try NeuralTileTrainer(examples: examples, parameters: NeuralTileParameters())
            for _ in 0..<trainer.model.configuration.epochs { trainer.trainEpoch() }
            var map = try NeuralTileSampler(model: trainer.model).sample(
                size: Size(width: 64, height: 64), seed: Seed(7))
            try ConnectivityRepair(walkable: [1], examples: examples).repair(&map, seed: Seed(7))
            try examples.image(of: map).export(to: "cave.png")
            // end snippet
            #expect(examples.vocabulary == 2)
            let floor = RegionLabels(map.map { $0 == 1 })
            #expect(floor.sizes.count == 1, "the repaired floor is one region")
            let share = Double(floor.sizes.reduce(0, +)) / Double(map.count)
            #expect((0.2...0.8).contains(share), "floor share \(share) is cave-like")
            #expect(try RGBAImage.load(from: "cave.png") == examples.image(of: map))
        }
    }

    @Test(.enabled(if: SharedWFCSamples.rooms != nil, "../shared/samples/wfc/Rooms.png is absent"))
    func waveFunctionCollapseRooms() throws {
        let rooms = try #require(SharedWFCSamples.rooms)
        try SnippetFolder.run {
            try FileManager.default.copyItem(atPath: rooms, toPath: "Rooms.png")
            // snippet WaveFunctionCollapse.md
            let sample = try RGBAImage.load(from: "Rooms.png")
            let rules = try OverlappingRules(image: sample, options: OverlappingOptions(N: 3, symmetry: 8))
            let solver = try rules.solver(width: 48, height: 48, options: WFCOptions(periodic: true))
            let result = solver.solve(seed: Seed(7), constraints: rules.constraints)
            let values = rules.values(from: try result.get(), periodic: true)
            try rules.tileMap(values).export(to: "rooms.png")
            // end snippet
            #expect(values.width == 48 && values.height == 48)
            // Every 3×3 window of the output (wrapping) is a pattern of the sample.
            let known = Set(
                (0..<rules.patternCount).map { pattern in
                    (0..<9).map { rules.value(of: pattern, x: $0 % 3, y: $0 / 3) }
                })
            for y in 0..<48 {
                for x in 0..<48 {
                    let window = (0..<9).map { values[(x + $0 % 3) % 48, (y + $0 / 3) % 48] }
                    #expect(known.contains(window), "window at \(x), \(y)")
                }
            }
            #expect(FileManager.default.fileExists(atPath: "rooms.png"))
        }
    }
}

/// mxgmn's classic samples in `shared/samples/wfc` beside the checkout (or above a worktree).
enum SharedWFCSamples {
    static let rooms = find("Rooms.png")
    static let knots = find("Knots")

    /// `../shared/samples/wfc/NAME` from the repository or a folder above it, if present.
    static func find(_ name: String) -> String? {
        var url = DocSnippetCoverageTests.root
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/samples/wfc/\(name)").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}
