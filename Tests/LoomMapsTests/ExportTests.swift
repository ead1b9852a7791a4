import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

@Suite struct ExportTests {
    static let dungeon = try! DungeonParameters(width: 32, height: 20, algorithm: .digger).generate(seed: Seed(11))

    @Test func pngHasOnePixelPerTileInItsColour() throws {
        let folder = try TestFiles.temporaryFolder()
        let path = folder.appendingPathComponent("map.png").path
        try Self.dungeon.export(to: path)
        let image = try RGBAImage.load(from: path)
        #expect(image.width == 32 && image.height == 20)
        let ground = try #require(Self.dungeon.tiles("ground"))
        for (x, y) in [(0, 0), (16, 10), (5, 7)] {
            #expect(image[x, y] == Self.dungeon.tileset.tile(id: ground[x, y])?.color)
        }
        var options = MapExportOptions()
        options.scale = 3
        try Self.dungeon.export(to: path, options: options)
        #expect(try RGBAImage.load(from: path).width == 96)
    }

    @Test func pngFromAnAtlasDrawsEachTilesCell() throws {
        var tileset = try Tileset(
            tiles: [
                Tile(id: 0, name: "a", color: .black, glyph: "a", atlasCell: Point(x: 1, y: 0)),
                Tile(id: 1, name: "b", color: RGBA(9, 9, 9), glyph: "b"),
            ])
        tileset.atlas = TileAtlas(image: "atlas.png", tileWidth: 2, tileHeight: 2)
        var atlas = RGBAImage(width: 4, height: 2, fill: .white)
        atlas.fill(Rect(x: 2, y: 0, width: 2, height: 2), with: RGBA(200, 0, 0))
        var map = TileMap(width: 2, height: 1, tileset: tileset)
        map.setTiles(Grid(width: 2, height: 1, cells: [0, 1])!, named: "ground")
        let image = try map.image(atlas: atlas)
        #expect(image.width == 4 && image.height == 2)
        #expect(image[1, 1] == RGBA(200, 0, 0) && image[2, 0] == RGBA(9, 9, 9))
        let tooSmall = RGBAImage(width: 2, height: 2)
        #expect(throws: LoomError.self) { try map.image(atlas: tooSmall) }
    }

    @Test func tiledMapHasEveryFieldTiledNeeds() throws {
        let folder = try TestFiles.temporaryFolder()
        let path = folder.appendingPathComponent("dungeon.tmj").path
        try Self.dungeon.export(to: path)
        let sheet = try RGBAImage.load(from: folder.appendingPathComponent("dungeon.tiles.png").path)
        let root = try #require(
            JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        for key in [
            "compressionlevel", "height", "width", "infinite", "layers", "nextlayerid", "nextobjectid", "orientation",
            "renderorder", "tiledversion", "tileheight", "tilewidth", "tilesets", "type", "version", "properties",
        ] {
            #expect(root[key] != nil, "missing map field \(key)")
        }
        #expect(root["orientation"] as? String == "orthogonal" && root["type"] as? String == "map")
        let tileset = try #require((root["tilesets"] as? [[String: Any]])?.first)
        #expect(tileset["firstgid"] as? Int == 1 && tileset["image"] as? String == "dungeon.tiles.png")
        #expect(tileset["imagewidth"] as? Int == sheet.width && tileset["imageheight"] as? Int == sheet.height)
        #expect(tileset["tilecount"] as? Int == Int(Tileset.standard.maximumID!) + 1)
        #expect(tileset["columns"] as? Int == 16)
        let layers = try #require(root["layers"] as? [[String: Any]])
        #expect(layers.map { $0["type"] as? String } == ["tilelayer", "objectgroup"])
        let data = try #require(layers[0]["data"] as? [Int])
        let ground = try #require(Self.dungeon.tiles("ground"))
        #expect(data == ground.cells.map { Int($0) + 1 })
        let objects = try #require(layers[1]["objects"] as? [[String: Any]])
        #expect(objects.count == Self.dungeon.annotations.count)
        let room = try #require(objects.first { $0["type"] as? String == "room" })
        #expect(room["class"] as? String == "room")
        let rect = try #require(Self.dungeon.annotations.first?.rect)
        #expect(room["x"] as? Int == rect.x * 16 && room["width"] as? Int == rect.width * 16)
        let door = try #require(objects.first { $0["type"] as? String == "door" })
        #expect(door["point"] as? Bool == true)
        #expect(root["nextobjectid"] as? Int == objects.count + 1)
        // The tileset sheet shows each tile's colour in cell `id`.
        let wall = Tileset.standard.tile(named: "wall")!
        #expect(sheet[Int(wall.id) % 16 * 16 + 8, Int(wall.id) / 16 * 16 + 8] == wall.color)
        let tiles = try #require(tileset["tiles"] as? [[String: Any]])
        let wallTile = try #require(tiles.first { $0["id"] as? Int == Int(wall.id) })
        let properties = try #require(wallTile["properties"] as? [[String: Any]])
        #expect(properties.contains { $0["name"] as? String == "walkable" && $0["value"] as? Bool == false })
    }

    @Test func jsonRoundTripsAndTextIsTheAsciiMap() throws {
        let folder = try TestFiles.temporaryFolder()
        let json = folder.appendingPathComponent("map.json").path
        try Self.dungeon.export(to: json)
        #expect(try TileMap.load(from: json) == Self.dungeon)
        let text = folder.appendingPathComponent("map.TXT").path
        try Self.dungeon.export(to: text)
        #expect(try String(contentsOfFile: text, encoding: .utf8) == Self.dungeon.ascii())
        let again = try Self.dungeon.jsonData()
        #expect(try Self.dungeon.jsonData() == again)
    }

    @Test func badPathsAndFormatsGetClearErrors() throws {
        #expect(
            throws: LoomError(
                .invalidArgument,
                "cannot tell the format of 'map.bmp' from its extension; expected one of: .png, .tmj, .json, .txt")
        ) {
            try Self.dungeon.export(to: "map.bmp")
        }
        let error = try #require(throws: LoomError.self) { try Self.dungeon.export(to: "/nonexistent/dir/map.txt") }
        #expect(error.description.contains("/nonexistent/dir/map.txt"))
        let folder = try TestFiles.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.json").path
        try Data("{\"width\": 2}".utf8).write(to: URL(fileURLWithPath: bad))
        let loadError = try #require(throws: LoomError.self) { try TileMap.load(from: bad) }
        #expect(
            loadError.description.hasSuffix(
                "bad.json:1:1: error: not a Loom map: missing key 'height' in the object that starts here"))
        var options = MapExportOptions()
        options.layer = "sky"
        #expect(throws: LoomError(.semantic, "the map has no tile layer 'sky'; it has: ground")) {
            try Self.dungeon.export(to: folder.appendingPathComponent("x.txt").path, options: options)
        }
    }
}
