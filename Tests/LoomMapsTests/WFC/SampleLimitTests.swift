import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// Sample images are size-checked from their header, pattern sets are capped, and tile images
/// that are missing, oversized, of the wrong size or outside their folder are located errors.
@Suite struct SampleLimitTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "loom-samples-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A PNG signature and an IHDR chunk claiming `width × height`, and nothing else.
    func writeHeader(width: UInt32, height: UInt32, to path: String) throws {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        bytes += [8, 6, 0, 0, 0, 0, 0, 0, 0]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func aHugeHeaderIsRefusedBeforeDecoding() throws {
        let path = folder + "/huge.png"
        try writeHeader(width: 20000, height: 20000, to: path)
        let error = try #require(throws: LoomError.self) { try SampleImage.load(from: path) }
        #expect(
            error.description
                == "\(path): error: the image is 20000x20000 pixels; a sample image has at most 1048576 pixels "
                + "(e.g. 1024x1024)")
        let missing = try #require(throws: LoomError.self) { try SampleImage.load(from: folder + "/none.png") }
        #expect(missing.location?.file == folder + "/none.png")
        #expect(missing.message.contains("cannot read the image"))
    }

    @Test func aNoisySampleIsRefusedAtThePatternCap() throws {
        // 80×80 pixels, every one a different colour: 6,400 distinct 2×2 patterns.
        var image = RGBAImage(width: 80, height: 80, fill: .black)
        for y in 0..<80 {
            for x in 0..<80 { image[x, y] = RGBA(UInt8(x), UInt8(y), 7) }
        }
        let error = try #require(throws: LoomError.self) {
            try OverlappingRules(image: image, options: OverlappingOptions(N: 2, symmetry: 1))
        }
        #expect(
            error.message
                == "the sample has more than 4096 distinct 2x2 patterns (reached at pixel 16,51); use a sample with "
                + "fewer colours or less noise, a smaller N or less symmetry")
    }

    func tiledRules(tileSize: Int? = nil) throws -> TiledRules {
        let size = tileSize.map { " size=\"\($0)\"" } ?? ""
        let xml = """
            <set\(size)>
              <tiles><tile name="a" symmetry="X"/><tile name="b" symmetry="X"/></tiles>
              <neighbors><neighbor left="a" right="b"/><neighbor left="a" right="a"/></neighbors>
            </set>
            """
        return try TiledRules(try TilesetDescription.parseXML(Data(xml.utf8), file: "data.xml"))
    }

    @Test func tileImageProblemsAreLocated() throws {
        let rules = try tiledRules()
        try RGBAImage(width: 4, height: 4, fill: .black).export(to: folder + "/a.png")
        let missing = try #require(throws: LoomError.self) { try rules.loadImages(folder: folder) }
        #expect(missing.location?.file == folder + "/b.png")
        try RGBAImage(width: 5, height: 5, fill: .black).export(to: folder + "/b.png")
        let mismatched = try #require(throws: LoomError.self) { try rules.loadImages(folder: folder) }
        #expect(
            mismatched.description
                == "\(folder)/b.png: error: the image of 'b' is 5x5, but the first tile's is 4x4; every tile image "
                + "must be the same square size")
        try RGBAImage(width: 4, height: 4, fill: .black).export(to: folder + "/b.png")
        #expect(try rules.loadImages(folder: folder).count == 2)
        let declared = try #require(throws: LoomError.self) { try rules.loadImages(folder: folder, tileSize: 8) }
        #expect(declared.message.contains("the image of 'a' is 4x4, but the tileset's tileSize is 8"))
        try writeHeader(width: 16000, height: 16000, to: folder + "/b.png")
        let huge = try #require(throws: LoomError.self) { try rules.loadImages(folder: folder) }
        #expect(huge.description.hasPrefix("\(folder)/b.png: error: the image is 16000x16000 pixels"))
        try "not a png".write(toFile: folder + "/b.png", atomically: true, encoding: .utf8)
        let truncated = try #require(throws: LoomError.self) { try rules.loadImages(folder: folder) }
        #expect(truncated.location?.file == folder + "/b.png")
    }

    @Test func tileImagesOutsideTheFolderAreRefused() throws {
        let outside = folder + "/outside"
        let tiles = folder + "/tiles"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tiles, withIntermediateDirectories: true)
        try RGBAImage(width: 4, height: 4, fill: .black).export(to: outside + "/secret.png")
        try RGBAImage(width: 4, height: 4, fill: .black).export(to: tiles + "/a.png")
        try FileManager.default.createSymbolicLink(
            atPath: tiles + "/b.png", withDestinationPath: outside + "/secret.png")
        let error = try #require(throws: LoomError.self) { try tiledRules().loadImages(folder: tiles) }
        #expect(
            error.description
                == "\(tiles)/b.png: error: the image of tile 'b' would be read from outside the tileset's folder")
        let xml = """
            <set><tiles><tile name="../outside/secret" symmetry="X"/></tiles>
            <neighbors><neighbor left="../outside/secret" right="../outside/secret"/></neighbors></set>
            """
        let dotted = try TiledRules(try TilesetDescription.parseXML(Data(xml.utf8), file: "data.xml"))
        let escape = try #require(throws: LoomError.self) { try dotted.loadImages(folder: tiles) }
        #expect(
            escape.message == "the image of tile '../outside/secret' would be read from outside the tileset's folder")
    }
}

/// The BSP dungeon joins each split's halves through their nearest rooms: the scan from the
/// cut finds the same pair as comparing every pair (ties to the first in list order).
@Suite struct DungeonNearestPairTests {
    @Test func theScanFromTheCutMatchesEveryPair() throws {
        var random = Seed(11).makeRandom()
        for trial in 0..<200 {
            let cut = 50
            let vertical = trial % 2 == 0
            var centers: [Point] = []
            let count = 1 + random.nextInt(below: 30), otherCount = 1 + random.nextInt(below: 30)
            for k in 0..<(count + otherCount) {
                let along = random.nextInt(below: 12) * 4
                let across = k < count ? cut - 1 - random.nextInt(below: 8) : cut + random.nextInt(below: 8)
                centers.append(vertical ? Point(x: across, y: along) : Point(x: along, y: across))
            }
            let first = Array(0..<count).shuffled(using: &random)
            let second = Array(count..<(count + otherCount)).shuffled(using: &random)
            var best = (distance: Int.max, from: 0, to: 0)
            for from in first {
                for to in second {
                    let distance = centers[from].manhattanDistance(to: centers[to])
                    if distance < best.distance { best = (distance, from, to) }
                }
            }
            let found = BSPDungeon.nearestPair(
                first, second, centers: centers, cut: vertical ? .vertical(cut) : .horizontal(cut))
            #expect(found.from == best.from && found.to == best.to, "trial \(trial)")
        }
    }

    @Test func aLargeDungeonStillJoinsEveryRoom() throws {
        let map = try DungeonParameters(width: 1024, height: 1024, algorithm: .bsp).generate(seed: Seed(3))
        let rooms = map.annotations.filter { $0.kind == .room }.compactMap(\.rect)
        #expect(rooms.count > 2000)
        let ground = try #require(map.tiles("ground"))
        let wall = StandardTiles.shared.wall
        let distances = DistanceMap(from: [rooms[0].center], passable: ground.mapped { $0 != wall })
        #expect(rooms.allSatisfy { distances[$0.center].isFinite })
    }
}
