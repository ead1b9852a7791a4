import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

@Suite struct TilesetTests {
    @Test func standardTilesetMatchesItsAssetFile() throws {
        let url = TestFiles.repositoryRoot.appendingPathComponent("Assets/tilesets/default.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text.trimmingCharacters(in: .whitespacesAndNewlines)
                == Tileset.standardJSON.trimmingCharacters(in: .whitespacesAndNewlines),
            "run Scripts/embed-tileset after editing Assets/tilesets/default.json")
        let loaded = try Tileset.load(from: url.path)
        #expect(loaded == Tileset.standard)
        #expect(loaded.tile(named: "wall")?.glyph == "#")
        #expect(loaded.tile(named: "floor")?.isWalkable == true)
        #expect(loaded.tile(named: "deep-water")?.isWater == true)
        #expect(loaded.tile(named: "door")?.properties["opens"] == .bool(true))
    }

    @Test func loadsEveryField() throws {
        let json = """
            {
              "name": "dungeon",
              "atlas": { "image": "dungeon.png", "tileWidth": 16, "tileHeight": 8 },
              "tiles": [
                { "id": 3, "name": "grass", "colour": "#12AB3C", "glyph": "\\"", "walkable": true,
                  "atlas": [2, 1], "properties": { "speed": 0.5, "cost": 2, "sound": "rustle", "soft": true } },
                { "id": 7, "name": "sea", "color": "#0000FF80", "glyph": "~", "water": true }
              ]
            }
            """
        let tileset = try Tileset(json: json, file: "tiles.json")
        #expect(tileset.name == "dungeon")
        #expect(tileset.atlas == TileAtlas(image: "dungeon.png", tileWidth: 16, tileHeight: 8))
        let grass = try #require(tileset.tile(id: 3))
        #expect(grass.name == "grass" && grass.glyph == "\"" && grass.isWalkable && !grass.isWater)
        #expect(grass.color == RGBA(0x12, 0xAB, 0x3C))
        #expect(grass.atlasCell == Point(x: 2, y: 1))
        #expect(
            grass.properties == [
                "speed": .double(0.5), "cost": .int(2), "sound": .string("rustle"), "soft": .bool(true),
            ])
        let sea = try #require(tileset.tile(named: "sea"))
        #expect(sea.color == RGBA(0, 0, 255, 128) && sea.isWater && !sea.isWalkable)
        #expect(tileset.tile(id: 4) == nil)
        #expect(try tileset.id(named: "sea") == 7)
        // The Codable form round-trips.
        let data = try JSONEncoder().encode(tileset)
        #expect(try JSONDecoder().decode(Tileset.self, from: data) == tileset)
    }

    struct BadCase: CustomStringConvertible, Sendable {
        var json: String
        var expected: String
        var description: String { expected }
    }

    static let badCases: [BadCase] = [
        BadCase(
            json: """
                {
                  "tiles": [
                    { "id": 1, "name": "grass",
                      "colour": "#12G", "glyph": "g" }
                  ]
                }
                """,
            expected: "tiles.json:4:17: error: tile 'grass' has colour '#12G', expected #RRGGBB"),
        BadCase(
            json: "{ \"tiles\": [ { \"id\": 1, \"name\": \"a\", \"colour\": \"#000000\", \"glyph\": \"ab\" } ] }",
            expected: "tiles.json:1:68: error: tile 'a' has glyph 'ab', expected one printable character"),
        BadCase(
            json: "{ \"tiles\": [ { \"id\": 70000, \"name\": \"a\", \"colour\": \"#000000\", \"glyph\": \"a\" } ] }",
            expected: "tiles.json:1:22: error: tile 'a''s id is 70000, expected an integer in 0...65534"),
        BadCase(
            json: """
                {"tiles": [
                  {"id": 1, "name": "a", "colour": "#000000", "glyph": "a"},
                  {"id": 1, "name": "b", "colour": "#000000", "glyph": "b"}]}
                """,
            expected: "tiles.json:3:3: error: tile 'b' has id 1, already used by tile 'a'"),
        BadCase(
            json: "{\"tiles\": [{\"id\": 1, \"name\": \"a\", \"colr\": \"#000000\", \"glyph\": \"a\"}]}",
            expected:
                "tiles.json:1:35: error: unknown key \"colr\" in tile 'a'; expected one of: id, name, colour, color, glyph, walkable, water, atlas, properties"
        ),
        BadCase(
            json:
                "{\"tiles\": [{\"id\": 1, \"name\": \"a\", \"colour\": \"#000000\", \"glyph\": \"a\", \"water\": 1}]}",
            expected: "tiles.json:1:79: error: tile 'a''s water is a number, expected true or false"),
        BadCase(
            json: "{\"tiles\": [}",
            expected:
                "tiles.json:1:12: error: expected a JSON value (an object, array, string, number, true, false or null), "
                + "found '}'"),
        BadCase(
            json: "{\n  \"tiles\": []\n  \"name\": \"x\"}",
            expected: "tiles.json:3:3: error: expected ',' or '}' in the object that starts at 1:1, found '\"'"),
        BadCase(json: "{\"tiles\": {}}", expected: "tiles.json:1:11: error: \"tiles\" is an object, expected an array"),
    ]

    @Test(arguments: badCases)
    func badFilesGetLocatedErrors(_ bad: BadCase) throws {
        let error = try #require(throws: LoomError.self) { try Tileset(json: bad.json, file: "tiles.json") }
        #expect(error.description == bad.expected)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let json = "{\"name\": \"é\", \"tiles\": [{\"id\": 1, \"name\": \"é\", \"colour\": \"#00\", \"glyph\": \"a\"}]}"
        let error = try #require(throws: LoomError.self) { try Tileset(json: json, file: "t.json") }
        #expect(error.location == SourceLocation(file: "t.json", line: 1, column: 58))
    }

    @Test func missingFileNamesThePath() throws {
        let error = try #require(throws: LoomError.self) { try Tileset.load(from: "/nonexistent/tiles.json") }
        #expect(error.description.contains("/nonexistent/tiles.json"))
    }
}
