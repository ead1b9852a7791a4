import Foundation
import LoomCore
import Testing

@testable import LoomMaps

@Suite struct EdgeCaseTests {
    @Test func smallestMapsWork() throws {
        let maze = try MazeParameters(width: 3, height: 3).generate(seed: Seed(1))
        #expect(maze.ascii() == "###\n#.#\n###\n")
        for (width, height) in [(4, 4), (6, 5), (10, 3)] {
            for algorithm in MazeParameters.Algorithm.allCases {
                var parameters = MazeParameters(width: width, height: height)
                parameters.algorithm = algorithm
                #expect(isConnected(try parameters.generate(seed: Seed(2))))
            }
        }
        var dungeon = DungeonParameters(width: 12, height: 12)
        dungeon.minimumRoomSize = 2
        dungeon.maximumRoomSize = 4
        for algorithm in DungeonParameters.Algorithm.allCases {
            dungeon.algorithm = algorithm
            let map = try dungeon.generate(seed: Seed(3))
            #expect(isConnected(map) && !map.annotations(of: .room).isEmpty)
        }
        let cave = try CaveParameters(width: 3, height: 3).generate(seed: Seed(4))
        #expect(cave.width == 3 && isConnected(cave))
    }

    @Test func extremeFillsStayConnected() throws {
        var open = CaveParameters(width: 40, height: 30)
        open.fillProbability = 0
        let empty = try open.generate(seed: Seed(1))
        #expect(isConnected(empty))
        // Only the four inner corners (five wall neighbours: B5678) fill in.
        #expect(empty.walkable().cells.filter { $0 }.count == 38 * 28 - 4)
        open.fillProbability = 1
        #expect(try open.generate(seed: Seed(1)).walkable().cells.allSatisfy { !$0 })
    }

    @Test func partialParameterJSONKeepsDefaults() throws {
        let caves = try JSONDecoder().decode(CaveParameters.self, from: Data(#"{"width": 20}"#.utf8))
        #expect(caves.width == 20 && caves.height == 50 && caves.rule.description == "B5678/S45678")
        let dungeon = try JSONDecoder().decode(DungeonParameters.self, from: Data(#"{"algorithm": "digger"}"#.utf8))
        #expect(dungeon.algorithm == .digger && dungeon.maximumSteps == 5000)
        for parameters in [DungeonParameters(), DungeonParameters(width: 30, height: 20, algorithm: .digger)] {
            let data = try JSONEncoder().encode(parameters)
            #expect(try JSONDecoder().decode(DungeonParameters.self, from: data) == parameters)
        }
        var maze = MazeParameters()
        maze.braid = 0.25
        #expect(try JSONDecoder().decode(MazeParameters.self, from: JSONEncoder().encode(maze)) == maze)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CaveParameters.self, from: Data(#"{"rule": "B9/S"}"#.utf8))
        }
    }

    @Test func decodingRejectsNewerFormatsAndBadTiles() throws {
        let newer = #"{"format": 99, "width": 1, "height": 1, "tileset": {"tiles": []}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TileMap.self, from: Data(newer.utf8)) }
        let badColour = #"{"tiles": [{"id": 1, "name": "a", "colour": "red", "glyph": "a"}]}"#
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(Tileset.self, from: Data(badColour.utf8))
        }
        #expect(TileMap.describe(error).contains("tile 'a' has colour 'red', expected #RRGGBB"))
        let duplicate =
            ##"{"tiles": [{"id": 1, "name": "a", "colour": "#000000", "glyph": "a"},"##
            + ##"{"id": 1, "name": "b", "colour": "#000000", "glyph": "b"}]}"##
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Tileset.self, from: Data(duplicate.utf8)) }
    }
}
