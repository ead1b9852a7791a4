import LoomCore
import Testing

@testable import LoomMaps

/// Golden hashes pin every generator's output for fixed seeds: a change to any algorithm, to
/// the random sampling or to the standard tileset shows up here.
@Suite struct GoldenTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var hash: UInt64
        var make: @Sendable () throws -> TileMap
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "caves 96x64 seed 1", hash: 0xB3C2C3B87630BC4B) {
            try CaveParameters(width: 96, height: 64).generate(seed: Seed(1))
        },
        Case(name: "caves keepLargest B678/S345678", hash: 0xE17978D2C3E1D4DE) {
            var parameters = CaveParameters(width: 96, height: 64)
            parameters.rule = try CellularRule(parsing: "B678/S345678")
            parameters.fillProbability = 0.6
            parameters.connection = .keepLargest
            return try parameters.generate(seed: Seed(2))
        },
        Case(name: "dungeon bsp 96x64 seed 1", hash: 0x40908237B7FDE481) {
            try DungeonParameters(width: 96, height: 64, algorithm: .bsp).generate(seed: Seed(1))
        },
        Case(name: "dungeon digger 96x64 seed 1", hash: 0xC6C69BAE1318B065) {
            try DungeonParameters(width: 96, height: 64, algorithm: .digger).generate(seed: Seed(1))
        },
        Case(name: "maze backtracker 95x63 seed 1", hash: 0x5E51F33588D37DE4) {
            try MazeParameters(width: 95, height: 63).generate(seed: Seed(1))
        },
        Case(name: "maze eller braid 0.3 seed 1", hash: 0xD290EA5E2C0E05B3) {
            var parameters = MazeParameters(width: 95, height: 63)
            parameters.algorithm = .eller
            parameters.braid = 0.3
            return try parameters.generate(seed: Seed(1))
        },
    ]

    @Test(arguments: cases)
    func golden(_ golden: Case) throws {
        let map = try golden.make()
        #expect(
            map.stableHash == golden.hash, "\(golden.name): 0x\(String(map.stableHash, radix: 16, uppercase: true))")
    }
}

@Suite struct TerrainGoldenTests {
    @Test func island() throws {
        let map = try TerrainParameters(width: 128, height: 96).generate(seed: Seed(1))
        #expect(map.stableHash == 0x3FDC_C027_0D34_59E2, "0x\(String(map.stableHash, radix: 16, uppercase: true))")
    }

    @Test func continentsWithWarpAndErosion() throws {
        var parameters = TerrainParameters(width: 96, height: 80)
        parameters.shape = .continents
        parameters.domainWarp = true
        parameters.erosion.droplets = 2000
        let map = try parameters.generate(seed: Seed(2))
        #expect(map.stableHash == 0x5669_6F2F_C1A5_442B, "0x\(String(map.stableHash, radix: 16, uppercase: true))")
    }
}
