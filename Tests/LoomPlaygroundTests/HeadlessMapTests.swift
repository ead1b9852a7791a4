import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomPlayground

/// Every test that opens an SDL window lives in this one serialized suite: SDL's video
/// subsystem is process-wide.
@Suite("Headless playground", .serialized)
struct HeadlessPlaygroundTests {
    @Test("the map alone draws the same pixels every run (golden hash)")
    func mapGolden() throws {
        let first = try headless(caveContent())
        let second = try headless(caveContent())
        #expect(first.image.width == 320 && first.image.height == 240)
        #expect(first.image.stableHash == second.image.stableHash)
        #expect(first.image.stableHash == 8_176_983_398_534_530_286)
        // A 48x48 map fitted into 320x240 is 5 pixels a cell, centred: 40 pixels of margin.
        let map = try #require(first.session.map)
        let composite = map.composite(visibility: first.session.layerVisibility)
        #expect(first.image[40 + 5 * 10 + 2, 5 * 20 + 2] == composite[10, 20])
        #expect(first.image[5, 5] == Theme.background)
    }

    @Test("R reseeds deterministically and changes the image; Backspace goes back")
    func reseed() throws {
        let before = try headless(caveContent())
        let after = try headless(caveContent(), frames: 3, script: "1 key r")
        #expect(after.session.seed == Seed(7).derive("reseed"))
        #expect(after.session.mapSeed == Seed(7).derive("reseed"))
        #expect(after.image.differences(from: before.image) > 1000)
        let back = try headless(caveContent(), frames: 4, script: "1 key r\n2 key backspace")
        #expect(back.session.seed == Seed(7))
        #expect(back.image.stableHash == before.image.stableHash)
    }

    @Test("zooming changes the image; F fits the whole map again")
    func zoom() throws {
        let before = try headless(caveContent())
        let zoomed = try headless(caveContent(), frames: 3, script: "1 move 160 120\n1 wheel 2")
        #expect(zoomed.image.differences(from: before.image) > 1000)
        // Zoomed in around the centre, the map covers the margins the fitted view leaves.
        #expect(zoomed.image[5, 120] != Theme.background)
        let keys = try headless(caveContent(), frames: 3, script: "1 key plus")
        #expect(keys.image.differences(from: before.image) > 1000)
        let refit = try headless(
            caveContent(), frames: 4, script: "1 wheel 3\n1 drag 10 10 100 60\n2 key f\n2 move 0 0")
        #expect(refit.image.stableHash == before.image.stableHash)
    }

    @Test("layer toggles hide and show layers")
    func layers() throws {
        let before = try headless(caveContent())
        let hidden = try headless(caveContent(), frames: 3, script: "1 key f2")
        #expect(hidden.session.layerVisibility == [true, false])
        #expect(hidden.image.differences(from: before.image) > 50)
        #expect(hidden.image.count { $0.r > 200 && $0.g < 150 && $0.b < 120 } == 0)
        let shown = try headless(caveContent(), frames: 4, script: "1 key 2\n2 key 2")
        #expect(shown.image.stableHash == before.image.stableHash)
    }

    @Test("panning with keys and dragging moves the map")
    func pan() throws {
        let before = try headless(caveContent())
        for script in ["1 key d", "1 key right", "1 drag 100 100 140 90"] {
            let moved = try headless(caveContent(), frames: 3, script: script)
            #expect(moved.image.differences(from: before.image) > 500, "\(script)")
        }
    }

    @Test("the player walks only over walkable cells in play mode, and entered cells are reported")
    func player() throws {
        let content = StoryCaveContent()
        let script = (2..<40).map { "\($0) key \(["right", "down", "left", "up"][$0 / 10 % 4])" }.joined(
            separator: "\n")
        let result = try headless(content, frames: 42, script: "1 key tab\n" + script)
        let session = result.session
        let map = try #require(session.map)
        #expect(session.isPlayMode)
        #expect(!content.scripted.entered.isEmpty)
        for cell in content.scripted.entered { #expect(map.isWalkable(cell)) }
        #expect(session.playerCell == content.scripted.entered.last)
        // In camera mode arrows pan instead.
        let camera = try headless(StoryCaveContent(), frames: 3, script: "1 key right")
        #expect(camera.session.playerCell == camera.session.map?.startCell)
    }

    @Test("P exports the visible layers as <name>-<seed>.png")
    func export() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = testOptions()
        options.exportDirectory = directory
        let result = try headless(caveContent(), frames: 3, script: "1 key p", options: options)
        let path = directory + "/cave-7.png"
        #expect(result.session.lastExport == path)
        let saved = try RGBAImage.load(from: path)
        let map = try #require(result.session.map)
        #expect(saved.stableHash == map.composite().stableHash)
        #expect(saved.width == 48)
    }

    @Test("a headless run writes its screenshot atomically")
    func screenshotFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shot.png"
        let result = try LoomPlayground.runHeadless(
            content: caveContent(), frames: 2, screenshot: path, options: testOptions())
        #expect(try RGBAImage.load(from: path).stableHash == result.image.stableHash)
        #expect(throws: LoomError.self) {
            try LoomPlayground.runHeadless(content: caveContent(), frames: 0, options: testOptions())
        }
    }
}

extension HeadlessPlaygroundTests {
    @Test(
        "write a screenshot for inspection when LOOM_PLAYGROUND_SHOT names a file",
        .enabled(
            if: ProcessInfo.processInfo.environment["LOOM_PLAYGROUND_SHOT"] != nil,
            "set LOOM_PLAYGROUND_SHOT=FILE.png to write an inspection screenshot"))
    func inspectionShot() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LOOM_PLAYGROUND_SHOT"])
        var options = testOptions(hud: true, panels: true, font: dejaVuMono)
        options.width = 800
        options.height = 500
        try LoomPlayground.runHeadless(
            content: StoryCaveContent(), frames: 4,
            input: try InputScript.parse("1 key tab\n2 key right\n3 move 300 200"),
            screenshot: path, options: options)
    }
}
