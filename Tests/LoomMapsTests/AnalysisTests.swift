import LoomCore
import Testing

@testable import LoomMaps

@Suite struct AnalysisTests {
    /// `#` walls, anything else open; digits are tile costs.
    static func grid(_ rows: [String]) -> Grid<Character> {
        Grid(width: rows[0].count, height: rows.count) { x, y in Array(rows[y])[x] }
    }

    @Test func regionsAreLabelledInRowOrder() {
        let cells = Self.grid([
            "..#..",
            "..#.#",
            "##..#",
            "#.#..",
        ])
        let four = RegionLabels(cells) { $0 != "#" }
        #expect(four.count == 3)
        #expect(four.sizes == [4, 7, 1])
        #expect(four.labels[0, 0] == 0 && four.labels[3, 0] == 1 && four.labels[1, 3] == 2)
        #expect(four.labels[2, 0] == -1)
        #expect(four.largest == 1)
        #expect(four.cells(of: 2) == [Point(x: 1, y: 3)])
        #expect(four.boundingBoxes[1] == Rect(x: 2, y: 0, width: 3, height: 4))
        let eight = RegionLabels(cells, connectivity: .eight) { $0 != "#" }
        #expect(eight.count == 1)  // (1, 3) and the left block touch the rest diagonally
    }

    @Test func breadthFirstDistancesFromSeveralSources() {
        let open = Self.grid([
            ".....",
            ".###.",
            ".....",
        ]).map { $0 != "#" }
        let map = DistanceMap(from: [Point(x: 0, y: 0), Point(x: 4, y: 2)], passable: open)
        #expect(map.distances.cells == [0, 1, 2, 3, 2, 1, .infinity, .infinity, .infinity, 1, 2, 3, 2, 1, 0])
        #expect(map.reachableCount == 12)
        let single = DistanceMap(from: [Point(x: 0, y: 0)], passable: open)
        #expect(single.farthest == Point(x: 4, y: 2))
    }

    @Test func dijkstraSumsCostsOfEnteredCells() {
        let costs = Self.grid([
            "1191",
            "1111",
        ]).map { $0 == "#" ? Double.infinity : Double(String($0))! }
        let map = DistanceMap(from: [Point(x: 0, y: 0)], costs: costs)
        #expect(map[Point(x: 3, y: 0)] == 5)  // around the 9 (five cells of 1), not through it (11)
        #expect(map[Point(x: 2, y: 0)] == 10)  // entering the 9 costs 9
    }

    @Test func aStarFindsOptimalDeterministicPaths() throws {
        let cells = Self.grid([
            "1111111",
            "1#####1",
            "1#111#1",
            "1#1#1#1",
            "111#111",
        ])
        let costs = cells.map { $0 == "#" ? Double.infinity : Double(String($0))! }
        let finder = PathFinder(costs: costs)
        let path = try #require(finder.path(from: Point(x: 2, y: 2), to: Point(x: 4, y: 2)))
        #expect(path == [Point(x: 2, y: 2), Point(x: 3, y: 2), Point(x: 4, y: 2)])
        let around = try #require(finder.path(from: Point(x: 2, y: 3), to: Point(x: 4, y: 4)))
        #expect(around.first == Point(x: 2, y: 3) && around.last == Point(x: 4, y: 4))
        // A* agrees with Dijkstra on the cost.
        let dijkstra = DistanceMap(from: [Point(x: 2, y: 3)], costs: costs)
        #expect(finder.cost(of: around) == dijkstra[Point(x: 4, y: 4)])
        for (a, b) in zip(around, around.dropFirst()) { #expect(a.manhattanDistance(to: b) == 1) }
        #expect(finder.path(from: Point(x: 0, y: 0), to: Point(x: 1, y: 1)) == nil)
        #expect(finder.path(from: Point(x: 0, y: 0), to: Point(x: 9, y: 9)) == nil)
    }

    @Test func aStarMatchesDijkstraOnGeneratedMaps() throws {
        for seed in 0..<6 {
            let map = try CaveParameters(width: 48, height: 32).generate(seed: Seed(UInt64(seed)))
            var random = Seed(UInt64(seed)).derive("costs").makeRandom()
            let walkable = map.walkable()
            let costs = walkable.map { $0 ? Double(1 + random.nextInt(below: 4)) : .infinity }
            let open = walkable.cells.indices.filter { walkable.cells[$0] }
            let start = Point(x: open.first! % 48, y: open.first! / 48)
            let goal = Point(x: open.last! % 48, y: open.last! / 48)
            for connectivity in Connectivity.allCases {
                let finder = PathFinder(costs: costs, connectivity: connectivity)
                let path = try #require(finder.path(from: start, to: goal))
                if connectivity == .four {
                    let dijkstra = DistanceMap(from: [start], costs: costs)
                    #expect(abs(finder.cost(of: path) - dijkstra[goal]) < 1e-9)
                }
                #expect(finder.path(from: start, to: goal) == path)
            }
        }
    }
}

@Suite struct TileMapAnalysisTests {
    @Test func pathsRunFromEntranceToExitOverTileCosts() throws {
        let map = try DungeonParameters(width: 60, height: 40, algorithm: .bsp).generate(seed: Seed(21))
        let entrance = try #require(map.annotations.first { $0.name == "entrance" }?.points.first)
        let exit = try #require(map.annotations.first { $0.name == "exit" }?.points.first)
        let costs = map.movementCosts()
        let path = try #require(PathFinder(costs: costs).path(from: entrance, to: exit))
        #expect(path.first == entrance && path.last == exit)
        let walkable = map.walkable()
        #expect(path.allSatisfy { walkable[$0] })
        #expect(map.regions { $0.isWalkable }.count == 1)
        #expect(map.regions { $0.name == "door" }.count == map.annotations(of: .door).count)
    }

    @Test func costPropertiesWeighTiles() throws {
        let tileset = try Tileset(tiles: [
            Tile(id: 0, name: "road", color: .white, glyph: ".", isWalkable: true),
            Tile(id: 1, name: "mud", color: .black, glyph: "~", isWalkable: true, properties: ["cost": .int(5)]),
            Tile(id: 2, name: "rock", color: .black, glyph: "#"),
        ])
        var map = TileMap(width: 3, height: 1, tileset: tileset)
        map.setTiles(Grid(width: 3, height: 1, cells: [0, 1, 2])!, named: "ground")
        #expect(map.movementCosts().cells == [1, 5, .infinity])
    }
}
