import CLoomSDL
import Foundation
import LoomCore
import LoomImage
import LoomTestSupport
import Testing

@testable import LoomPlayground

/// The cave image of LoomPlayground's article: wall dark, floor light, one pixel per cell.
/// Records that the window asked for it.
func makeCaveImage(seed: Seed, fill: Double) -> RGBAImage {
    PlaygroundArticle.generated.set()
    let walls = makeCave(seed: seed, width: 64, height: 48, fill: fill, smoothing: 4)
    return RGBAImage(walls) { $0 ? RGBA(40, 36, 48) : RGBA(200, 190, 160) }
}

enum PlaygroundArticle {
    static let generated = Flag()
}

extension HeadlessPlaygroundTests {
    /// The article's block, verbatim between its markers (`DocSnippetCoverageTests` in LoomTests
    /// checks that), opening its window on SDL's offscreen driver: once the window has asked
    /// for a map, a thread pushes the quit event a closed window sends.
    @Test("LoomPlayground's article opens a window on the offscreen driver and returns when it closes")
    func articleWindow() throws {
        LoomPlayground.prepareHeadlessVideo()
        // Wait for the window's first map, then keep asking it to close until it has.
        try WindowCloser.closing(settle: 0, when: { PlaygroundArticle.generated.isSet }) {
            // snippet LoomPlayground.md
            let content = GeneratedContent(
                name: "caves", parameters: [.number("fill", default: 45, range: 30...70)]
            ) { seed, values in
                makeCaveImage(seed: seed, fill: values["fill"])  // any RGBAImage, one pixel per cell
            }
            try LoomPlayground.run(content: content)
            // end snippet
            let map = try content.generate(seed: Seed(1), parameters: PreviewParameterValues())
            #expect(map.width == 64 && map.height == 48)
        }
        #expect(PlaygroundArticle.generated.isSet)
    }
}
