import Foundation
import LoomCore
import Testing

@testable import LoomMaps

/// Tile ids of the ASCII levels: air, ground, enemy, block.
enum Level {
    static let glyphs: [Character] = [".", "#", "E", "?"]

    static func parse(_ text: String) -> Grid<Int> {
        let rows = text.split(separator: "\n").map { Array($0) }
        return Grid(width: rows[0].count, height: rows.count) { x, y in glyphs.firstIndex(of: rows[y][x]) ?? 0 }
    }

    static func ascii(_ grid: Grid<Int>) -> String {
        var text = ""
        for y in 0..<grid.height {
            for x in 0..<grid.width { text.append(glyphs[grid[x, y]]) }
            text.append("\n")
        }
        return text
    }

    static let example = parse(
        """
        ........................................
        ...........???..........................
        ........................???.............
        ..............................E.........
        .....E..........E.......#######.....E...
        ########....############.......#########
        ########....############.......#########
        ########....############.......#########
        """)
}

@Suite struct MarkovTests {
    @Test func learnsCountsAndBacksOff() throws {
        let model = try MarkovMapModel(learningFrom: [Level.example])
        #expect(model.tiles == [0, 1, 2, 3])
        #expect(model.contextCounts.count == 4)
        #expect(model.contextCounts.last == 1)
        // Left ground, up air, up-left air: seen in the example.
        let seen = model.probabilities(context: [1, 0, 0])
        #expect(abs(seen.reduce(0, +) - 1) < 1e-12)
        #expect(seen[1] > 0.5)
        // An unseen context backs off to a smaller window, never to nothing.
        let unseen = model.probabilities(context: [3, 2, 3])
        #expect(abs(unseen.reduce(0, +) - 1) < 1e-12)
        #expect(unseen == model.probabilities(context: [3, 2]) || unseen == model.probabilities(context: [3]))
    }

    @Test func smoothingGivesUnseenTilesAChance() throws {
        let model = try MarkovMapModel(learningFrom: [Level.example], options: MarkovOptions(smoothing: 0.5))
        #expect(model.probabilities(context: [1, 1, 1]).allSatisfy { $0 > 0 })
    }

    @Test func generationIsGoldenAndFollowsTheCounts() throws {
        let model = try MarkovMapModel(learningFrom: [Level.example])
        let result = try model.generate(width: 48, height: 8, seed: Seed(11))
        #expect(result.isPlayable == nil)
        let map = result.grid
        for y in 0..<map.height {
            for x in 0..<map.width {
                let context = MarkovMapModel.context(in: map, x: x, y: y, window: model.options.window)
                #expect(model.counts(for: context)[map[x, y]] > 0)
            }
        }
        #expect(try model.generate(width: 48, height: 8, seed: Seed(11)).grid == map)
        let expected = """
            ................................................
            .....?.............#############################
            .............E.....#############################
            ...................#############################
            ###################.............................
            ###################........??...................
            ###################.......E.....................
            ###################......##.#############.......

            """
        #expect(Level.ascii(map) == expected)
    }

    @Test func playabilityResamplesBandsUntilAPathCrosses() throws {
        let model = try MarkovMapModel(learningFrom: [Level.example])
        let rule = MarkovPlayability(walkable: [0, 3], bandWidth: 8, tries: 30)
        for seed in 0..<5 {
            let result = try model.generate(width: 64, height: 8, seed: Seed(UInt64(seed)), playability: rule)
            #expect(result.isPlayable == true)
            #expect(result.bandSamples >= 8)
            let walkable = result.grid.map { $0 == 0 || $0 == 3 }
            #expect(Self.crosses(walkable))
        }
    }

    static func crosses(_ walkable: Grid<Bool>) -> Bool {
        var seen = Grid(width: walkable.width, height: walkable.height, repeating: false)
        var stack = (0..<walkable.height).filter { walkable[0, $0] }.map { Point(x: 0, y: $0) }
        for p in stack { seen[p] = true }
        while let p = stack.popLast() {
            if p.x == walkable.width - 1 { return true }
            walkable.forEachNeighbour4(x: p.x, y: p.y) { x, y in
                if walkable[x, y] && !seen[x, y] {
                    seen[x, y] = true
                    stack.append(Point(x: x, y: y))
                }
            }
        }
        return false
    }

    @Test func modelsSaveAndLoad() throws {
        let options = MarkovOptions(window: try MarkovOptions.parseWindow("left up up-left left2"), minimumCount: 2)
        let model = try MarkovMapModel(learningFrom: [Level.example], options: options)
        let path = NSTemporaryDirectory() + "loom-markov-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.export(to: path)
        let loaded = try MarkovMapModel.load(from: path)
        #expect(loaded == model)
        #expect(
            try loaded.generate(width: 30, height: 8, seed: Seed(2)).grid
                == model.generate(width: 30, height: 8, seed: Seed(2)).grid)
        try Data(#"{"format": "loom.markov", "version": 9}"#.utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: LoomError.self) { try MarkovMapModel.load(from: path) }
        #expect(
            error.description
                == "\(path):1:38: error: not a Loom Markov model: version 9 is not supported (this build reads 1)")
    }

    @Test func badOptionsAreErrors() {
        #expect(throws: LoomError.self) { try MarkovOptions.parseWindow("right") }
        #expect(throws: LoomError.self) {
            try MarkovMapModel(learningFrom: [Level.example], options: MarkovOptions(window: [Point(x: 1, y: 0)]))
        }
        #expect(throws: LoomError.self) { try MarkovMapModel(learningFrom: []) }
    }
}
