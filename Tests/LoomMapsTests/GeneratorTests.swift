import Foundation
import LoomCore
import Testing

@testable import LoomMaps

/// Every floor cell of `map` can reach every other through walkable cells (4-connected).
func isConnected(_ map: TileMap) -> Bool {
    let walkable = map.walkable()
    return RegionLabels(walkable).count <= 1
}

/// Compares `text` with the snapshot file, recording it on first run.
func expectSnapshot(_ name: String, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard TestFiles.recordIfMissing(name, text) else {
        Issue.record("recorded new snapshot \(name); inspect it and run again", sourceLocation: sourceLocation)
        return
    }
    #expect(TestFiles.snapshot(name) == text, "snapshot \(name) differs", sourceLocation: sourceLocation)
}

@Suite struct CaveTests {
    @Test func snapshot() throws {
        let map = try CaveParameters(width: 40, height: 20).generate(seed: Seed(1))
        expectSnapshot("cave-40x20-seed1.txt", map.ascii())
    }

    @Test func everySeedGivesOneConnectedCave() throws {
        for seed in 0..<40 {
            var parameters = CaveParameters(width: 60, height: 40)
            parameters.connection = seed % 2 == 0 ? .join : .keepLargest
            let map = try parameters.generate(seed: Seed(UInt64(seed)))
            #expect(isConnected(map), "seed \(seed) is not connected")
            let walkable = map.walkable()
            #expect(walkable.cells.contains(true))
            for x in 0..<60 { #expect(!walkable[x, 0] && !walkable[x, 39]) }
        }
    }

    @Test func sameSeedSameMapAndRulesParse() throws {
        var parameters = CaveParameters(width: 64, height: 48)
        parameters.rule = try CellularRule(parsing: "b678/s345678")
        parameters.fillProbability = 0.6
        #expect(parameters.rule.description == "B678/S345678")
        let a = try parameters.generate(seed: Seed(9)), b = try parameters.generate(seed: Seed(9))
        #expect(a == b)
        #expect(try parameters.generate(seed: Seed(10)) != a)
        #expect(isConnected(a))
        #expect(throws: LoomError.self) { try CellularRule(parsing: "B9/S1") }
        #expect(throws: LoomError.self) { try CellularRule(parsing: "S23/B3") }
    }

    @Test func invalidParametersAreNamed() {
        var parameters = CaveParameters()
        parameters.fillProbability = 1.5
        #expect(throws: LoomError(.invalidArgument, "fillProbability is 1.5, expected a value in 0.0...1.0")) {
            try parameters.generate(seed: Seed(1))
        }
    }
}

@Suite struct DungeonTests {
    @Test(arguments: DungeonParameters.Algorithm.allCases)
    func snapshot(_ algorithm: DungeonParameters.Algorithm) throws {
        let map = try DungeonParameters(width: 48, height: 24, algorithm: algorithm).generate(seed: Seed(3))
        expectSnapshot("dungeon-\(algorithm.rawValue)-48x24-seed3.txt", map.ascii())
    }

    @Test(arguments: DungeonParameters.Algorithm.allCases)
    func everySeedIsConnectedAndAnnotated(_ algorithm: DungeonParameters.Algorithm) throws {
        for seed in 0..<40 {
            let parameters = DungeonParameters(width: 64 + seed, height: 40, algorithm: algorithm)
            let map = try parameters.generate(seed: Seed(UInt64(seed)))
            #expect(isConnected(map), "\(algorithm) seed \(seed) is not connected")
            let rooms = map.annotations(of: .room)
            #expect(rooms.count >= 2)
            let ground = try #require(map.tiles("ground"))
            let ids = StandardTiles.shared
            for room in rooms {
                let rect = try #require(room.rect)
                for point in rect.points { #expect([ids.floor, ids.stairsUp, ids.stairsDown].contains(ground[point])) }
                // A wall or a door rings every room (rooms never run into each other).
                for point in rect.insetBy(dx: -1, dy: -1).points where !rect.contains(point) {
                    #expect([ids.wall, ids.door, ids.corridor].contains(ground[point]))
                }
            }
            for door in map.annotations(of: .door) { #expect(ground[door.points[0]] == ids.door) }
            #expect(map.annotations(of: .corridor).count >= rooms.count - 1)
            #expect(map.annotations.contains { $0.kind == .place && $0.name == "exit" })
        }
    }

    @Test func diggerStopsAfterItsStepBudget() throws {
        var parameters = DungeonParameters(width: 120, height: 80, algorithm: .digger)
        parameters.maximumSteps = 3
        let small = try parameters.generate(seed: Seed(5))
        #expect(small.annotations(of: .room).count <= 4)
        parameters.maximumSteps = 100_000
        let full = try parameters.generate(seed: Seed(5))
        #expect(full.annotations(of: .room).count > 10)
        #expect(try parameters.generate(seed: Seed(5)) == full)
    }

    @Test func roomsTooBigForTheMapAreRejected() {
        var parameters = DungeonParameters(width: 20, height: 12)
        parameters.maximumRoomSize = 12
        #expect(throws: LoomError.self) { try parameters.generate(seed: Seed(1)) }
    }
}

@Suite struct MazeTests {
    @Test(arguments: MazeParameters.Algorithm.allCases)
    func snapshot(_ algorithm: MazeParameters.Algorithm) throws {
        var parameters = MazeParameters(width: 41, height: 21)
        parameters.algorithm = algorithm
        expectSnapshot("maze-\(algorithm.rawValue)-41x21-seed2.txt", try parameters.generate(seed: Seed(2)).ascii())
        parameters.braid = 1
        expectSnapshot(
            "maze-\(algorithm.rawValue)-braided-41x21-seed2.txt", try parameters.generate(seed: Seed(2)).ascii())
    }

    /// A perfect maze on a lattice of n cells is a spanning tree: connected with n − 1 passages.
    @Test(arguments: MazeParameters.Algorithm.allCases)
    func perfectMazesAreSpanningTrees(_ algorithm: MazeParameters.Algorithm) throws {
        for seed in 0..<30 {
            var parameters = MazeParameters(width: 21 + 2 * (seed % 5), height: 15 + (seed % 2))
            parameters.algorithm = algorithm
            let map = try parameters.generate(seed: Seed(UInt64(seed)))
            #expect(isConnected(map))
            let walkable = map.walkable()
            let cells = ((parameters.width - 1) / 2) * ((parameters.height - 1) / 2)
            let open = walkable.cells.filter { $0 }.count
            #expect(open == cells + cells - 1, "\(algorithm) seed \(seed): \(open) open cells")
        }
    }

    @Test(arguments: MazeParameters.Algorithm.allCases)
    func braidingRemovesDeadEnds(_ algorithm: MazeParameters.Algorithm) throws {
        var parameters = MazeParameters(width: 61, height: 41)
        parameters.algorithm = algorithm
        func deadEnds(_ map: TileMap) -> Int {
            let open = map.walkable()
            var count = 0
            for y in stride(from: 1, to: 40, by: 2) {
                for x in stride(from: 1, to: 60, by: 2)
                where open.neighbours4(of: Point(x: x, y: y)).filter({ open[$0] }).count == 1 {
                    count += 1
                }
            }
            return count
        }
        let perfect = deadEnds(try parameters.generate(seed: Seed(4)))
        parameters.braid = 0.5
        let half = try parameters.generate(seed: Seed(4))
        parameters.braid = 1
        let full = try parameters.generate(seed: Seed(4))
        #expect(perfect > 20)
        #expect(deadEnds(half) <= perfect / 2 + 1 && deadEnds(half) > 0)
        #expect(deadEnds(full) == 0)
        #expect(isConnected(half) && isConnected(full))
    }

    @Test func largeBacktrackerNeedsNoRecursion() throws {
        var parameters = MazeParameters(width: 401, height: 401)
        parameters.algorithm = .backtracker
        #expect(isConnected(try parameters.generate(seed: Seed(8))))
    }
}
