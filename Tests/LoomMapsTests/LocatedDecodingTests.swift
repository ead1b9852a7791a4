import Foundation
import LoomCore
import Testing

@testable import LoomMaps

/// LoomCore's located decoder must give exactly what Foundation's `JSONDecoder` gives for the
/// project's own file formats, and point at the value when they are wrong.
@Suite struct LocatedDecodingTests {
    /// Encodes `value` compactly and pretty-printed, then checks both decoders agree on each.
    func expectSameDecoding<T: Codable & Equatable>(
        _ value: T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
        for data in [try JSONEncoder().encode(value), try pretty.encode(value)] {
            let expected = try JSONDecoder().decode(T.self, from: data)
            let decoded = try LocatedJSONDecoder().decode(T.self, from: data, file: "v.json")
            #expect(decoded == expected, sourceLocation: sourceLocation)
            #expect(decoded == value, sourceLocation: sourceLocation)
        }
    }

    @Test func parameterTypesDecodeAsWithJSONDecoder() throws {
        var terrain = TerrainTests.small()
        terrain.erosion.droplets = 10
        terrain.domainWarp = true
        try expectSameDecoding(terrain)
        try expectSameDecoding(TerrainParameters())
        var wfc = WFCOptions()
        wfc.heuristic = .scanline
        wfc.backtracks = 17
        try expectSameDecoding(wfc)
        var constraints = WFCConstraints()
        constraints.fixed = [.init(x: 1, y: 2, patterns: [3, 4])]
        constraints.counts = [.init(patterns: [1], minimum: 2, maximum: 5)]
        constraints.border = [0]
        try expectSameDecoding(constraints)
        try expectSameDecoding(CaveParameters())
        try expectSameDecoding(DungeonParameters())
        try expectSameDecoding(MazeParameters())
        try expectSameDecoding(NeuralTileParameters())
        try expectSameDecoding(MarkovOptions())
    }

    @Test func partialParametersDecodeAsWithJSONDecoder() throws {
        let partial = Data(#"{"shape": "continents", "elevation": {"octaves": 2}, "seaLevel": 0.4}"#.utf8)
        let expected = try JSONDecoder().decode(TerrainParameters.self, from: partial)
        #expect(try LocatedJSONDecoder().decode(TerrainParameters.self, from: partial) == expected)
    }

    @Test func mapsModelsAndTilesetsDecodeAsWithJSONDecoder() throws {
        var dungeon = try DungeonParameters(width: 24, height: 16, algorithm: .digger).generate(seed: Seed(3))
        dungeon.properties["title"] = .string("Crypt \"north\" ✝")
        dungeon.properties["depth"] = .int(-3)
        dungeon.properties["damp"] = .double(0.1)
        dungeon.properties["lit"] = .bool(false)
        try expectSameDecoding(dungeon)
        try expectSameDecoding(try TerrainTests.small(width: 24, height: 12).generate(seed: Seed(5)))
        try expectSameDecoding(try MarkovMapModel(learningFrom: [Level.example]))
        try expectSameDecoding(Tileset.standard)

        // JSON tiles remember where they stand; otherwise the two decoders agree.
        let data = try JSONEncoder().encode(TiledTests.pipes)
        var located = try TilesetDescription.parseJSON(data, file: "pipes.json")
        #expect(located.tiles.allSatisfy { $0.location?.file == "pipes.json" })
        for index in located.tiles.indices { located.tiles[index].location = nil }
        for index in located.neighbors.indices { located.neighbors[index].location = nil }
        var expected = try JSONDecoder().decode(TilesetDescription.self, from: data)
        expected.file = "pipes.json"
        #expect(located == expected)
    }

    @Test func projectTypesOwnErrorsAreLocated() throws {
        let folder = try TestFiles.temporaryFolder()
        let path = folder.appendingPathComponent("map.json").path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(Self.smallMap()), as: UTF8.self)
            .replacingOccurrences(of: "\"height\" : 2", with: "\"height\" : 3")
        try AtomicFile.write(text, to: path)
        let error = try #require(throws: LoomError.self) { try TileMap.load(from: path) }
        let line = try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  \"tileLayers\" : [" })
        #expect(
            error.description
                == "\(path):\(line + 1):18: error: not a Loom map: layer 'ground' has 4 cells, expected 6")

        let terrain = #"{"shape": "continents", "elevation": {"octavs": 2}}"#
        let terrainError = try #require(throws: LoomError.self) {
            try LocatedJSONDecoder().decode(TerrainParameters.self, from: terrain, file: "t.json")
        }
        #expect(terrainError.location == LoomCore.SourceLocation(file: "t.json", line: 1, column: 38))
        #expect(terrainError.message.contains("unknown key 'octavs'; expected one of: seed, frequency"))
    }

    /// Every truncation of a saved map, and every digit of a number turned into a letter,
    /// fails with a located error: never a crash, never an unlocated one.
    @Test func damagedMapFilesFailWithALocation() throws {
        let data = Array(try Self.smallMap().jsonData())
        var damaged: [[UInt8]] = (0..<data.count).map { Array(data[..<$0]) }
        // Digits in numbers (not in strings, where "x" could still be a valid glyph or name).
        var inString = false
        for (offset, byte) in data.enumerated() {
            if byte == UInt8(ascii: "\""), offset == 0 || data[offset - 1] != UInt8(ascii: "\\") { inString.toggle() }
            guard !inString, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { continue }
            var copy = data
            copy[offset] = UInt8(ascii: "x")
            damaged.append(copy)
        }
        for bytes in damaged {
            do {
                _ = try LocatedJSONDecoder().decode(TileMap.self, from: Data(bytes), file: "m.json")
                Issue.record("damaged map decoded: \(String(decoding: bytes, as: UTF8.self))")
            } catch let error as LoomError {
                #expect(error.location?.file == "m.json" && (error.location?.line ?? 0) >= 1)
            }
        }
    }

    static func smallMap() -> TileMap {
        var map = TileMap(width: 2, height: 2, tileset: .standard)
        map.setTiles(Grid(width: 2, height: 2, repeating: 1), named: "ground")
        return map
    }
}
