import Foundation
import LoomCore
import Testing

@testable import LoomMaps

@Suite struct TileMapTests {
    static func sample() -> TileMap {
        var map = TileMap(width: 5, height: 3)
        let ids = StandardTiles.shared
        var ground = Grid(width: 5, height: 3, repeating: ids.wall)
        ground.fill(Rect(x: 1, y: 1, width: 3, height: 1), with: ids.floor)
        ground[4, 1] = ids.door
        ground[0, 0] = 999
        map.setTiles(ground, named: "ground")
        map.setValues(Grid(width: 5, height: 3) { x, y in Float(x) * 0.5 - Float(y) }, named: "height")
        map.annotations.append(
            Annotation(
                kind: .room, name: "room 1", rect: Rect(x: 1, y: 1, width: 3, height: 1),
                properties: ["lit": .bool(true)]))
        map.annotations.append(Annotation(kind: .door, name: "door 1", points: [Point(x: 4, y: 1)]))
        map.properties["seed"] = .int(42)
        return map
    }

    @Test func asciiUsesGlyphs() {
        #expect(Self.sample().ascii() == "?####\n#...+\n#####\n")
        #expect(Self.sample().ascii(layer: "nope") == "")
    }

    @Test func codableRoundTrip() throws {
        let map = Self.sample()
        let data = try JSONEncoder().encode(map)
        let decoded = try JSONDecoder().decode(TileMap.self, from: data)
        #expect(decoded == map)
        #expect(decoded.stableHash == map.stableHash)
        #expect(decoded.values("height")?[4, 2] == 0)
        #expect(decoded.annotations(of: .door).first?.points == [Point(x: 4, y: 1)])
    }

    @Test func decodingRejectsWrongLayerSizes() throws {
        let json = """
            {"width": 2, "height": 2, "tileset": {"tiles": []}, "tileLayers": [{"name": "g", "data": [1, 2, 3]}]}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TileMap.self, from: Data(json.utf8)) }
    }

    @Test func layersReplaceInPlaceAndKeepOrder() {
        var map = Self.sample()
        map.setTiles(Grid(width: 5, height: 3, repeating: 2), named: "top")
        map.setTiles(Grid(width: 5, height: 3, repeating: 1), named: "ground")
        #expect(map.tileLayers.map(\.name) == ["ground", "top"])
        #expect(map.tiles("ground")?[2, 1] == 1)
        map.removeLayer(named: "ground")
        #expect(map.mainLayerName == "top")
    }

    @Test func walkableFollowsTheTileset() {
        let walkable = Self.sample().walkable()
        #expect(walkable[1, 1] && walkable[4, 1] && !walkable[0, 1] && !walkable[0, 0])
    }
}
