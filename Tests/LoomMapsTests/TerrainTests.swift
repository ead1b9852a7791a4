import Foundation
import LoomCore
import LoomNoise
import Testing

@testable import LoomMaps

@Suite struct TerrainTests {
    /// A small world with features small enough to show in a snapshot.
    static func small(width: Int = 64, height: Int = 32) -> TerrainParameters {
        var parameters = TerrainParameters(width: width, height: height)
        parameters.elevation.frequency = 0.05
        parameters.moisture.frequency = 0.06
        parameters.riverThreshold = 12
        return parameters
    }

    @Test func snapshot() throws {
        let map = try Self.small().generate(seed: Seed(5))
        expectSnapshot("terrain-64x32-seed5.txt", map.ascii())
        #expect(map.tileLayers.map(\.name) == ["ground", "biome"])
        #expect(map.floatLayers.map(\.name) == ["height", "moisture", "temperature", "flow"])
    }

    @Test(arguments: [TerrainParameters.Shape.island, .continents, .none])
    func chunksEqualTheSameWindowOfTheWholeWorld(_ shape: TerrainParameters.Shape) throws {
        var parameters = TerrainParameters(width: 96, height: 64)
        parameters.shape = shape
        parameters.domainWarp = shape == .continents
        let world = try parameters.generate(seed: Seed(8))
        for (cx, cy) in [(0, 0), (2, 1), (1, 0)] {
            let chunk = try parameters.generateChunk(seed: Seed(8), chunkX: cx, chunkY: cy, chunkSize: 32)
            let window = Rect(x: cx * 32, y: cy * 32, width: 32, height: 32)
            TerrainChunkTests.expectWindow(chunk, of: world, window, "\(shape) (\(cx), \(cy))")
        }
    }

    @Test func chunksBeyondTheWorldTileSeamlessly() throws {
        var parameters = TerrainParameters(width: 64, height: 64)
        parameters.shape = .continents
        parameters.rivers = false
        let big = try parameters.generateChunk(seed: Seed(2), chunkX: -1, chunkY: 3, chunkSize: 64)
        for (qx, qy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            let small = try parameters.generateChunk(seed: Seed(2), chunkX: -2 + qx, chunkY: 6 + qy, chunkSize: 32)
            let window = Rect(x: qx * 32, y: qy * 32, width: 32, height: 32)
            #expect(small.values("height") == big.values("height")?.cropped(to: window))
            #expect(small.tiles("ground") == big.tiles("ground")?.cropped(to: window))
        }
    }

    /// From every river cell, water can run through river cells, never climbing, to the sea, a
    /// lake or the map's border (where the river goes on beyond the map); every river piece is
    /// a chain of touching cells, and none ends dry while `riverThreshold` is below the bound
    /// that ``TerrainParameters/drainageReach`` documents.
    @Test func riversRunDownhillToTheSeaALakeOrTheEdge() throws {
        let ids = StandardTiles.shared
        for seed in 0..<4 {
            var parameters = TerrainParameters(width: 128, height: 96)
            parameters.riverThreshold = 40
            let map = try parameters.generate(seed: Seed(UInt64(seed)))
            let ground = try #require(map.tiles("ground"))
            let riverCells = ground.cells.filter { $0 == ids.river }.count
            let stranded = try TerrainChunkTests.strandedRiverCells(map, seaLevel: parameters.seaLevel)
            #expect(
                stranded.isEmpty, "seed \(seed): \(stranded.count) river cells cannot run down: \(stranded.prefix(5))")
            #expect(riverCells > 100, "seed \(seed) has only \(riverCells) river cells")
            let rivers = map.annotations(of: .river)
            for river in rivers {
                for (a, b) in zip(river.points, river.points.dropFirst()) { #expect(a.chebyshevDistance(to: b) == 1) }
                for point in river.points { #expect(ground[point.x, point.y] == ids.river) }
                #expect(["sea", "lake", "edge", "river"].contains(river.properties["mouth"]?.description ?? ""))
            }
            #expect(
                rivers.contains { $0.properties["mouth"]?.description == "sea" },
                "seed \(seed): no river reaches the sea")
        }
    }

    @Test func biomesFollowTheTableAndWaterFollowsSeaLevel() throws {
        let parameters = TerrainParameters(width: 96, height: 96)
        let map = try parameters.generate(seed: Seed(1))
        let heights = try #require(map.values("height"))
        let temperature = try #require(map.values("temperature"))
        let moisture = try #require(map.values("moisture"))
        let biome = try #require(map.tiles("biome"))
        let table = try parameters.biomes.resolve(in: .standard)
        let ids = StandardTiles.shared
        for index in 0..<biome.count {
            let h = heights.cells[index]
            if h < parameters.seaLevel {
                #expect([ids.deepWater, ids.shallowWater].contains(biome.cells[index]))
            } else if h >= parameters.seaLevel + parameters.beachHeight {
                #expect(
                    biome.cells[index]
                        == table.biome(temperature: temperature.cells[index], moisture: moisture.cells[index]))
            }
            #expect((0...1).contains(temperature.cells[index]) && (0...1).contains(moisture.cells[index]))
        }
        // An island: the corners are sea, the centre is land.
        #expect(heights[0, 0] < parameters.seaLevel && heights[95, 95] < parameters.seaLevel)
    }

    @Test func sameOnOneThreadOrMany() throws {
        var parameters = Self.small(width: 80, height: 72)
        parameters.domainWarp = true
        #expect(try parameters.generate(seed: Seed(4), threads: 1) == parameters.generate(seed: Seed(4), threads: 4))
    }

    @Test func customBiomeTablesAndBadOnes() throws {
        var parameters = Self.small()
        parameters.biomes = BiomeTable(temperatureLimits: [1], moistureLimits: [1], biomes: [["snow"]])
        let map = try parameters.generate(seed: Seed(5))
        let snow = try Tileset.standard.id(named: "snow")
        #expect(map.tiles("biome")!.cells.contains(snow))
        parameters.biomes.biomes = [["lava"]]
        let error = try #require(throws: LoomError.self) { try parameters.generate(seed: Seed(5)) }
        #expect(error.message.hasPrefix("tileset 'default' has no tile 'lava'; it has: void, wall"))
        parameters.biomes = BiomeTable(temperatureLimits: [0.5, 1], moistureLimits: [1], biomes: [["snow"]])
        #expect(throws: LoomError.self) { try parameters.generate(seed: Seed(5)) }
        var bad = TerrainParameters()
        bad.elevation.octaves = 99
        let noiseError = try #require(throws: LoomError.self) { try bad.generate(seed: Seed(1)) }
        #expect(noiseError.message.hasPrefix("elevation: "))
    }

    @Test func erosionChangesHeightDeterministically() throws {
        var parameters = Self.small()
        parameters.erosion.droplets = 3000
        let eroded = try parameters.generate(seed: Seed(6))
        #expect(try parameters.generate(seed: Seed(6)) == eroded)
        #expect(try Self.small().generate(seed: Seed(6)).values("height") != eroded.values("height"))
    }

    @Test func parametersRoundTripThroughPartialJSON() throws {
        let decoded = try JSONDecoder().decode(
            TerrainParameters.self, from: Data(#"{"shape": "continents", "elevation": {"octaves": 2}}"#.utf8))
        #expect(decoded.shape == .continents && decoded.elevation.octaves == 2)
        #expect(decoded.elevation.frequency == TerrainParameters().elevation.frequency)
        let bad = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(TerrainParameters.self, from: Data(#"{"elevation": {"octavs": 2}}"#.utf8))
        }
        #expect(TileMap.describe(bad).contains("unknown key 'octavs'; expected one of: seed, frequency"))
        var custom = Self.small()
        custom.erosion.droplets = 10
        custom.domainWarp = true
        #expect(try JSONDecoder().decode(TerrainParameters.self, from: JSONEncoder().encode(custom)) == custom)
    }

    /// Parameter files from before the drainage lattice (with `chunkMargin`, without the
    /// drainage keys) still decode; the new keys round-trip and are range-checked.
    @Test func oldParameterFilesStillDecode() throws {
        let old = try JSONDecoder().decode(
            TerrainParameters.self, from: Data(#"{"chunkMargin": 64, "riverThreshold": 90, "lakeDepth": 0.02}"#.utf8))
        #expect(old.chunkMargin == 64 && old.riverThreshold == 90)
        #expect(old.drainageSpacing == 6 && old.drainageReach == 32)
        // Without erosion the margin no longer matters: rivers need none.
        var marginless = Self.small()
        marginless.chunkMargin = 0
        #expect(
            try marginless.generateChunk(seed: Seed(3), chunkX: -1, chunkY: 1, chunkSize: 24)
                == Self.small().generateChunk(seed: Seed(3), chunkX: -1, chunkY: 1, chunkSize: 24))
        var custom = TerrainParameters()
        custom.drainageSpacing = 9
        custom.drainageReach = 20
        #expect(try JSONDecoder().decode(TerrainParameters.self, from: JSONEncoder().encode(custom)) == custom)
        custom.drainageSpacing = 1
        let error = try #require(throws: LoomError.self) { try custom.generate(seed: Seed(1)) }
        #expect(error.message.contains("drainageSpacing"))
        custom.drainageSpacing = 6
        custom.drainageReach = 0
        #expect(throws: LoomError.self) { try custom.generate(seed: Seed(1)) }
    }
}
