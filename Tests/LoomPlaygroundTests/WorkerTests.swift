import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomPlayground

/// Content whose generations wait at a gate, and which counts the seeds it was asked for.
final class GatedContent: PreviewContent, @unchecked Sendable {
    let name = "gated"
    private let condition = NSCondition()
    private var open = false
    private var started: [Seed] = []

    var generatedSeeds: [Seed] {
        condition.lock()
        defer { condition.unlock() }
        return started
    }

    func release() {
        condition.lock()
        open = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `count` generations have started.
    func waitForStarts(_ count: Int) {
        condition.lock()
        while started.count < count { condition.wait() }
        condition.unlock()
    }

    func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap {
        condition.lock()
        started.append(seed)
        condition.broadcast()
        // The first map comes at once; later ones wait until released.
        while started.count > 1 && !open { condition.wait() }
        condition.unlock()
        let shade = UInt8(truncatingIfNeeded: seed.rawValue)
        return PreviewMap(image: RGBAImage(width: 16, height: 16, fill: RGBA(shade, 80, 160)))
    }
}

extension HeadlessPlaygroundTests {
    @Test("while a generation runs the window keeps drawing; only the newest waiting request runs next")
    func supersede() throws {
        LoomPlayground.prepareHeadlessVideo()
        var options = testOptions(hud: true)
        options.fixedFrameTime = 1.0 / 60
        let content = GatedContent()
        let session = try PlaygroundSession(content: content, options: options, hidden: true)
        session.waitForGeneration()
        #expect(session.mapSeed == Seed(7))

        // The first reseed starts and blocks at the gate; four more pile up behind it.
        try session.step([.key(.character("r"))])
        content.waitForStarts(2)
        for _ in 0..<4 { try session.step([.key(.character("r"))]) }
        // Frames keep coming with the old map while the generation is stuck.
        for _ in 0..<5 { try session.step() }
        #expect(session.isGenerating)
        #expect(session.mapSeed == Seed(7))
        #expect(session.frame == 10)

        content.release()
        session.waitForGeneration()
        try session.step()
        var last = Seed(7)
        for _ in 0..<5 { last = last.derive("reseed") }
        #expect(session.seed == last && session.mapSeed == last)
        // Seed 7, the first reseed (already running), then straight to the newest.
        #expect(content.generatedSeeds == [Seed(7), Seed(7).derive("reseed"), last])
    }

    @Test("a missing font file falls back to the bitmap font")
    func fontFallback() throws {
        let result = try headless(caveContent(), options: testOptions(hud: true, font: "/nonexistent/font.ttf"))
        #expect(!result.session.text.usesTrueType)
        #expect(result.image.count(in: Rect(x: 0, y: 0, width: 150, height: 40)) { $0 == Theme.text } > 50)
    }
}

@Suite("Bitmap font")
struct BitmapFontTests {
    /// The glyphs of `text` from the atlas as ASCII art, `#` for a lit pixel.
    func render(_ text: String) -> String {
        let atlas = BitmapFont.atlas()
        var rows: [String] = []
        for y in 0..<BitmapFont.glyphHeight {
            var row = ""
            for scalar in text.unicodeScalars {
                let cell = BitmapFont.cell(for: scalar)
                for x in 0..<BitmapFont.cellWidth {
                    row += atlas[cell * BitmapFont.cellWidth + x, y].a > 0 ? "#" : "."
                }
            }
            rows.append(row)
        }
        return rows.joined(separator: "\n")
    }

    @Test("every printable ASCII character has a well-formed glyph")
    func table() {
        #expect(BitmapFont.glyphs.count == 95)
        for glyph in BitmapFont.glyphs {
            #expect(glyph.count == 14 && glyph.allSatisfy(\.isHexDigit))
        }
        // Every glyph but the space lights some pixel, and no two glyphs are the same.
        #expect(BitmapFont.glyphs.dropFirst().allSatisfy { $0 != "00000000000000" })
        #expect(Set(BitmapFont.glyphs).count == 95)
    }

    @Test("text renders as designed (snapshot)")
    func snapshot() {
        let expected = """
            #................................#..
            #........................##.....#...
            #......###...###..##.#...##....#....
            #.....#...#.#...#.#.#.#........#....
            #.....#...#.#...#.#.#.#..##....#....
            #.....#...#.#...#.#...#..##.....#...
            #####..###...###..#...#..........#..
            """
        #expect(render("Loom:(") == expected)
        // Characters outside the table draw as a box.
        #expect(render("é").hasPrefix("#####."))
    }
}
