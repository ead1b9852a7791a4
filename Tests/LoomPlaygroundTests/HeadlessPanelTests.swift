import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomPlayground

let dejaVuMono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

extension HeadlessPlaygroundTests {
    @Test("a number key chooses a story option and the panel shows the next lines", arguments: [nil, dejaVuMono])
    func storyNumberKey(font: String?) throws {
        let options = testOptions(font: font)
        let before = try headless(StoryCaveContent(), options: options)
        let content = StoryCaveContent()
        let after = try headless(content, frames: 4, script: "1 key 2\n2 key 1", options: options)
        // Option 2 is unavailable: nothing happens; option 1 advances.
        #expect(content.scripted.node == 1)
        #expect(content.scripted.lines.last == "It is dark in here.")
        let panel = try #require(after.session.storyPanelRect)
        #expect(after.image.differences(from: before.image, in: panel) > 100)
        // Only the panel changed: the map above it is identical.
        let above = Rect(x: 0, y: 0, width: 320, height: panel.minY - 1)
        #expect(after.image.differences(from: before.image, in: above) == 0)
        // Text is drawn in the panel's text colours.
        #expect(after.image.count(in: panel) { $0.r > 200 && $0.g > 150 } > 20)
    }

    @Test("clicking an option chooses it; a story choice that changes the world regenerates the map")
    func storyClickChangesWorld() throws {
        let content = StoryCaveContent()
        let first = try headless(content, frames: 3, script: "1 key 1")
        let optionRow = try #require(first.session.storyOptionRects().first)
        let clicked = try first.session.step(
            [
                .mouseMove(x: optionRow.x + 20, y: optionRow.y + 4),
                .mouseDown(x: optionRow.x + 20, y: optionRow.y + 4),
                .mouseUp(x: optionRow.x + 20, y: optionRow.y + 4),
            ], capture: true)
        let image = try #require(clicked)
        #expect(content.scripted.node == 2)
        #expect(content.scripted.mapChanges == 1)
        // The ice palette's walls replace the stone ones at once.
        #expect(image.count { $0 == RGBA(40, 60, 110) } > 500)
        #expect(image.count { $0 == RGBA(60, 52, 48) } == 0)
        #expect(content.scripted.options.isEmpty)
    }

    @Test("G shows the story graph with the current node highlighted")
    func storyGraph() throws {
        let content = StoryCaveContent()
        let result = try headless(content, frames: 3, script: "1 key g")
        #expect(result.session.showsStoryGraph)
        let graph = try #require(content.scripted.graph)
        let boxes = result.session.storyGraphBoxes(graph, view: Size(width: 320, height: 240))
        let current = boxes[0]
        #expect(result.image.count(in: current) { $0 == Theme.accent } > current.area / 3)
        #expect(result.image.count(in: boxes[1]) { $0 == Theme.accent } == 0)
        // Links are drawn between the columns.
        #expect(result.image.count { $0 == Theme.graphEdge } > 20)
        let closed = try headless(StoryCaveContent(), frames: 4, script: "1 key g\n2 key escape")
        #expect(!closed.session.showsStoryGraph && !closed.session.wantsToQuit)
    }

    @Test("a reload error shows the overlay with file and line, keeps the map and clears on a fix")
    func reloadError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/world.lua"
        try AtomicFile.write(Data("-- fine\n".utf8), to: source)
        let content = StoryCaveContent(source: source)
        let before = try headless(content, frames: 2)
        let session = before.session
        try AtomicFile.write(Data("-- line 1\nlocal x = 1\n    error here\n".utf8), to: source)
        let broken = try #require(try session.step([.key(.function(5))], capture: true))
        #expect(session.errorMessage == "\(source):3:5: error: unexpected 'error' in world script")
        #expect(session.map != nil && session.mapSeed == Seed(7))
        let reddish = broken.count { $0.r > 120 && $0.g < 60 && $0.b < 60 }
        #expect(reddish > 5000)
        #expect(before.image.count { $0.r > 120 && $0.g < 60 && $0.b < 60 } == 0)
        // Reseeding still works from the last good content while the error shows.
        try session.step([.key(.character("r"))])
        #expect(session.errorMessage != nil && session.mapSeed == Seed(7).derive("reseed"))
        try AtomicFile.write(Data("-- fixed\n".utf8), to: source)
        let fixed = try #require(try session.step([.key(.function(5))], capture: true))
        #expect(session.errorMessage == nil)
        #expect(fixed.count { $0.r > 120 && $0.g < 60 && $0.b < 60 } == 0)
    }

    @Test("a watched file that changes on disk is reloaded without a key")
    func hotReload() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/world.lua"
        try AtomicFile.write(Data("-- fine\n".utf8), to: source)
        let session = try headless(StoryCaveContent(source: source), frames: 2).session
        try AtomicFile.write(Data("error\n".utf8), to: source)
        // Make the change visible even on file systems with coarse time stamps.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 10)], ofItemAtPath: source)
        for _ in 0..<40 { try session.step() }
        #expect(session.errorMessage?.hasPrefix("\(source):1:1: error:") == true)
    }

    @Test("a generation error shows the overlay and keeps the last good map")
    func generationError() throws {
        let content = GeneratedContent(name: "fragile", parameters: [.number("n", default: 1, range: 0...3)]) {
            seed, values in
            if values["n"] == 2 {
                throw LoomError(.semantic, "n = 2 is not allowed", at: SourceLocation(file: "gen.lua", line: 4))
            }
            return PreviewMap(image: RGBAImage(width: 8, height: 8, fill: RGBA(0, 200, 0)))
        }
        let result = try headless(content, frames: 3, script: "1 key ]")
        #expect(result.session.errorMessage == "gen.lua:4: error: n = 2 is not allowed")
        #expect(result.image.count { $0 == RGBA(0, 200, 0) } > 10_000)
        let recovered = try result.session.step([.key(.character("]"))], capture: true)
        #expect(result.session.errorMessage == nil)
        #expect(result.session.parameterValues["n"] == 3)
        #expect(recovered != nil)
    }

    @Test("the HUD and panels draw text only in their own regions", arguments: [nil, dejaVuMono])
    func hudAndPanels(font: String?) throws {
        let plain = try headless(caveContent(), options: testOptions(font: font))
        let withText = try headless(caveContent(), options: testOptions(hud: true, panels: true, font: font))
        let session = withText.session
        #expect(session.text.usesTrueType == (font != nil))
        let layerPanel = session.layerPanelRect, parameterPanel = session.parameterPanelRect
        #expect(withText.image.count(in: layerPanel) { $0.r > 200 && $0.g > 200 && $0.b > 200 } > 30)
        #expect(withText.image.count(in: parameterPanel) { $0 == Theme.barFill } > 50)
        // Below the HUD and left of the panels, the map is untouched.
        let free = Rect(
            x: 0, y: 5 * session.lineHeight, width: layerPanel.minX - 1, height: 240 - 5 * session.lineHeight)
        #expect(withText.image.differences(from: plain.image, in: free) == 0)
        #expect(withText.image.differences(from: plain.image) > 500)
    }

    @Test("dragging a parameter bar and the bracket keys regenerate the map live")
    func parameterPanel() throws {
        let options = testOptions(panels: true)
        let before = try headless(caveContent(), options: options)
        let bar = try #require(before.session.parameterBarRects().first)
        let dragged = try headless(
            caveContent(), frames: 3, script: "1 drag \(bar.minX + 2) \(bar.minY + 2) \(bar.maxX - 1) \(bar.minY + 2)",
            options: options)
        #expect(dragged.session.parameterValues["fill"] == 70)
        #expect(dragged.image.differences(from: before.image) > 500)
        let keys = try headless(caveContent(), frames: 5, script: "1 key .\n2 key ]\n3 key ]", options: options)
        #expect(keys.session.parameterValues["smoothing"] == 6)
        #expect(keys.session.parameterValues["fill"] == 45)
    }

    @Test("hovering a cell shows its info box")
    func hover() throws {
        let before = try headless(caveContent(), options: testOptions(font: dejaVuMono))
        let hovered = try headless(
            caveContent(), frames: 3, script: "1 move 100 100", options: testOptions(font: dejaVuMono))
        let box = Rect(x: 116, y: 116, width: 100, height: 2 * hovered.session.lineHeight)
        #expect(hovered.image.differences(from: before.image, in: box) > 200)
        #expect(hovered.image.differences(from: before.image, in: Rect(x: 0, y: 0, width: 100, height: 100)) == 0)
    }

    @Test("the worker thread delivers the newest of many requests")
    func worker() throws {
        LoomPlayground.prepareHeadlessVideo()
        var options = testOptions()
        options.fixedFrameTime = 1.0 / 60
        let session = try PlaygroundSession(content: caveContent(size: 96), options: options, hidden: true)
        session.waitForGeneration()
        #expect(session.mapSeed == Seed(7))
        var expected = Seed(7)
        for _ in 0..<6 {
            try session.step([.key(.character("r"))])
            expected = expected.derive("reseed")
        }
        session.waitForGeneration()
        try session.step()
        #expect(session.seed == expected && session.mapSeed == expected)
        #expect(!session.isGenerating)
    }
}
