import Foundation
import Loom
import LoomPlayground
import LoomPreview
import Testing

/// The cave image of the `GeneratedContent` example: a cave map with `fill` percent of walls
/// at the start, one pixel per cell.
@Sendable func makeCaveImage(seed: Seed, fill: Double) -> RGBAImage {
    var caves = CaveParameters(width: 80, height: 50)
    caves.fillProbability = fill / 100
    return (try? caves.generate(seed: seed).image()) ?? RGBAImage(width: 80, height: 50)
}

/// The ```swift examples of LoomPreview's and LoomPlayground's `///` comments, verbatim
/// between `// example SOURCE-FILE` and `// end example`: the windows open on SDL's offscreen
/// driver and are closed as the articles' windows are.
@Suite(.serialized) struct PreviewDocExampleTests {
    @Test func worldPreviewExamples() throws {
        LoomPlayground.prepareHeadlessVideo()
        try PreviewArticleWindowTests.inFolderWithIsles {
            try PreviewArticleWindowTests.closingTheWindow {
                // example Sources/LoomPreview/World+Preview.swift
                let world = try World.load(from: "Worlds/isles")
                try world.preview()
                // end example
            }
            let world = try World.load(from: "Worlds/isles")
            // example Sources/LoomPreview/World+Preview.swift
            let run = try world.previewHeadless(frames: 5, screenshot: "isles.png")
            print(run.session?.transcript.joined(separator: "\n") ?? "")
            // end example
            #expect(run.session?.transcript.isEmpty == false)
            let screenshot = try RGBAImage.load(from: "isles.png")
            #expect(screenshot.width > 0 && screenshot.height > 0)
            try PreviewArticleWindowTests.closingTheWindow {
                // example Sources/LoomPreview/WorldPreviewContent.swift
                let content = WorldPreviewContent(world: try World.load(from: "Worlds/isles"))
                try LoomPlayground.run(content: content)  // or World.preview(), which does both
                // end example
            }
        }
    }

    @Test func mapGeneratorContentExample() throws {
        LoomPlayground.prepareHeadlessVideo()
        try PreviewArticleWindowTests.closingTheWindow {
            // example Sources/LoomPreview/MapGeneratorPreviewContent.swift
            var caves = CaveParameters()
            caves.width = 96
            caves.height = 64
            let content = try MapGeneratorPreviewContent(caves)
            try LoomPlayground.run(content: content)
            // end example
        }
    }

    @Test func generatedContentExample() throws {
        LoomPlayground.prepareHeadlessVideo()
        try PreviewArticleWindowTests.closingTheWindow {
            // example Sources/LoomPlayground/Content/PreviewContent.swift
            let content = GeneratedContent(name: "caves", parameters: [.number("fill", default: 45, range: 30...70)]) {
                seed, values in makeCaveImage(seed: seed, fill: values["fill"])
            }
            try LoomPlayground.run(content: content)
            // end example
        }
        let content = GeneratedContent(name: "caves", parameters: [.number("fill", default: 45, range: 30...70)]) {
            seed, values in makeCaveImage(seed: seed, fill: values["fill"])
        }
        let map = try content.generate(seed: Seed(4), parameters: PreviewParameterValues(["fill": 55]))
        #expect(map.layers.count == 1 && map.width == 80 && map.height == 50)
        #expect(map.layers[0].image == makeCaveImage(seed: Seed(4), fill: 55))
        #expect(map.layers[0].image != makeCaveImage(seed: Seed(4), fill: 35))
    }
}
