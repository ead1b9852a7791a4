import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomPlayground

/// A 4x4 map whose one layer has tiles from a two-tile atlas: tile 0 is a red square with a
/// white centre pixel pattern, tile 1 is solid blue.
func tiledContent() -> GeneratedContent {
    GeneratedContent(name: "tiles") { _, _ in
        var atlas = RGBAImage(width: 8, height: 4, fill: RGBA(0, 0, 255))
        atlas.fill(Rect(x: 0, y: 0, width: 4, height: 4), with: RGBA(255, 0, 0))
        atlas[1, 1] = .white
        let tiles = Grid<Int32>(width: 4, height: 4) { x, y in Int32((x + y) % 2) }
        let flat = RGBAImage(width: 4, height: 4, fill: RGBA(0, 255, 0))
        let layer = PreviewLayer(
            name: "ground", image: flat, tiles: tiles, tileset: PreviewTileset(atlas: atlas, tileSize: 4))
        return PreviewMap(layers: [layer])!
    }
}

extension HeadlessPlaygroundTests {
    @Test("tiles come from the atlas when cells are large enough, flat colours when small")
    func tileset() throws {
        let large = try headless(tiledContent())
        // 4x4 cells fitted into 320x240: 60 pixels a cell, so the atlas draws.
        #expect(large.image.count { $0 == RGBA(255, 0, 0) } > 20_000)
        #expect(large.image.count { $0 == RGBA(0, 0, 255) } > 20_000)
        #expect(large.image.count { $0 == .white } > 1000)
        #expect(large.image.count { $0 == RGBA(0, 255, 0) } == 0)
        // Zoomed out to 6 pixels a cell (under the tileset's 8): flat colours.
        let small = try headless(tiledContent(), frames: 3, script: "1 wheel -10")
        #expect(small.image.count { $0 == RGBA(0, 255, 0) } > 0)
        #expect(small.image.count { $0 == RGBA(255, 0, 0) } == 0)
    }

    @Test("layer textures are uploaded once per map, not per frame or camera move")
    func textureCache() throws {
        let result = try headless(caveContent(), frames: 2)
        let session = result.session
        let uploads = session.uploadCount
        #expect(uploads == 2)
        for input: PlaygroundInput in [.wheel(1), .key(.character("d")), .key(.function(2)), .mouseMove(x: 50, y: 50)] {
            try session.step([input])
        }
        #expect(session.uploadCount == uploads)
        try session.step([.key(.character("r"))])
        #expect(session.uploadCount == uploads + 2)
    }

    @Test("a resize event resizes the window and the map stays drawn")
    func resize() throws {
        let result = try headless(caveContent(), frames: 3, script: "1 resize 200 150\n1 key f")
        #expect(result.image.width == 200 && result.image.height == 150)
        #expect(result.image.count { $0 == RGBA(210, 180, 120) } > 2000)
    }

    @Test("a large map is cut into texture chunks and draws across their seams")
    func chunks() throws {
        let size = MapRenderer.chunkSize + 16
        let content = GeneratedContent(name: "big") { _, _ in
            PreviewMap(image: RGBAImage(width: size, height: 64, fill: RGBA(10, 200, 30)))
        }
        let result = try headless(content, frames: 3, script: "1 wheel 12\n1 key f")
        #expect(result.session.uploadCount == 2)
        // Fitted, the map is a green band across the whole width, without a gap (the row
        // checked passes above the player marker in the centre).
        let row = result.image.height / 2 - 8
        let green = (0..<result.image.width).filter { result.image[$0, row] == RGBA(10, 200, 30) }.count
        #expect(green == result.image.width)
    }
}

extension HeadlessPlaygroundTests {
    @Test("events after the last frame or a quit are counted as unplayed")
    func unplayed() throws {
        let short = try headless(caveContent(), frames: 3, script: "1 key r\n5 key r\n9 key f")
        #expect(short.unplayedEvents == 2)
        let quit = try headless(caveContent(), frames: 10, script: "1 quit\n2 key r")
        #expect(quit.unplayedEvents == 1 && quit.session.frame == 2 && quit.session.seed == Seed(7))
    }

    @Test("export names are one file even when the content's name has slashes")
    func exportName() {
        #expect(PlaygroundSession.fileSafe("worlds/isles") == "worlds-isles")
        #expect(PlaygroundSession.fileSafe("..") == "map..")
        #expect(PlaygroundSession.fileSafe("") == "map")
        #expect(PlaygroundSession.fileSafe("isles") == "isles")
    }
}
