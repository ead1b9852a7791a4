import Foundation
import Loom
import Testing

/// Both example worlds are deterministic: the map's hash for fixed seeds.
@Suite struct GoldenWorldTests {
    static let hashes: [(world: String, seed: UInt64, hash: UInt64)] = [
        ("isles", 7, 0xc207fa1ed0711324),
        ("isles", 1234, 0x248fd0803c064b6d),
        ("crypt", 3, 0x818d2db9a95bb8f6),
        ("crypt", 9, 0x09ab3e269d476203),
    ]

    @Test(arguments: 0..<4)
    func generatedMapsArePinned(case index: Int) throws {
        let (name, seed, hash) = Self.hashes[index]
        let world = try World.load(from: Repository.path("Worlds/\(name)"))
        let generated = try world.generate(seed: Seed(seed))
        #expect(
            generated.map.stableHash == hash,
            "\(name) seed \(seed): 0x\(String(generated.map.stableHash, radix: 16))")
        #expect(try world.generate(seed: Seed(seed)).map.stableHash == generated.map.stableHash)
    }

    @Test func islesHasTownsRiversAndAShrine() throws {
        let world = try World.load(from: Repository.path("Worlds/isles"))
        let generated = try world.generate()
        let map = generated.map
        #expect(map.annotations(of: Annotation.Kind("town")).count >= 3)
        #expect(map.annotations(of: Annotation.Kind("shrine")).count == 1)
        let ground = try #require(map.tiles("ground"))
        #expect(ground.cells.contains(12), "rivers")
        #expect(generated.facts["capital"] != nil)
        for town in map.annotations(of: Annotation.Kind("town")) {
            let cell = try #require(town.rect).origin
            #expect(map.tileset.tile(id: ground[cell.x, cell.y])?.name == "town")
        }
    }

    // The scripted playthroughs are pinned in WorldChatTests (with SmolLM2) and
    // WorldFallbackTests (without it).

    @Test func parametersReachTheGenerator() throws {
        let world = try World.load(from: Repository.path("Worlds/isles"))
        #expect(world.definition.parameters.map(\.name) == ["land", "rivers"])
        let size = Size(width: 64, height: 48)
        let standard = try world.generate(size: size)
        let explicit = try world.generate(size: size, parameters: ["land": 0.25])
        let drowned = try world.generate(size: size, parameters: ["land": 0.0])
        #expect(explicit.map.stableHash == standard.map.stableHash)
        func land(_ map: TileMap) -> Int { map.walkable().cells.filter { $0 }.count }
        #expect(land(drowned.map) < land(standard.map))
    }

    @Test func cryptStoryChoiceOpensTheVault() throws {
        let world = try World.load(from: Repository.path("Worlds/crypt"))
        let session = try world.play(try world.generate())
        let sealed = session.tileMap.annotations(of: Annotation.Kind("seal"))
        #expect(!sealed.isEmpty)
        let ground = try #require(session.tileMap.tiles("ground"))
        for seal in sealed {
            let cell = try #require(seal.rect).origin
            #expect(session.tileMap.tileset.tile(id: ground[cell.x, cell.y])?.isWalkable == false)
        }
        try session.play(walk: WorldWalk(steps: [.place("Chapel")]), choices: [2, 1])
        let opened = try #require(session.tileMap.tiles("ground"))
        for seal in sealed {
            let cell = try #require(seal.rect).origin
            #expect(session.tileMap.tileset.tile(id: opened[cell.x, cell.y])?.name == "door")
        }
        #expect(session.runner?.value(of: "$vault_open") == .bool(true))
    }
}
