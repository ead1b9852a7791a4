import Foundation
import Loom
import Testing

/// The README's Swift snippet, compiled and run: the README must stay true.
@Suite struct ReadmeSnippetTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The snippet exactly as the README shows it (only the PNG path differs here).
    func snippet(output: String) throws {

        // A 128×64 island with biomes and rivers, the same for seed 42 everywhere.
        var terrain = TerrainParameters()
        terrain.width = 128
        terrain.height = 64
        let island = try terrain.generate(seed: Seed(42))
        try island.export(to: output)

        // A dungeon whose rooms and doors are annotations a story can use.
        let dungeon = try DungeonParameters().generate(seed: Seed(42).derive("crypt"))
        print(dungeon.ascii())

        // A Yarn Spinner story, played by pulling events.
        let story = try StoryCompiler.compile([
            StorySource(
                name: "intro.yarn",
                text: """
                    title: Start
                    ---
                    Keeper: The lamp is out.
                    -> Light it
                        Keeper: Thank you.
                    -> Leave it
                    ===
                    """)
        ])
        let runner = StoryRunner(story: story, seed: Seed(42))
        try runner.setNode("Start")
        playing: while true {
            switch try runner.continue() {
            case .line(let line):
                print(line.text)
            case .options(let options):
                try runner.selectOption(options[0].index)
            case .end:
                break playing
            default:
                continue
            }
        }
    }

    @Test func snippetRunsAndWritesTheIsland() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("island.png").path
        try snippet(output: output)
        let image = try RGBAImage.load(from: output)
        #expect(image.width == 128 && image.height == 64)
    }

    @Test func readmeShowsThisSnippet() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let start = try #require(source.range(of: "    func snippet(output: String) throws {\n"))
        let end = try #require(source.range(of: "\n    }\n", range: start.upperBound..<source.endIndex))
        let body = source[start.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
            .replacingOccurrences(of: "try island.export(to: output)", with: "try island.export(to: \"island.png\")")
        #expect(readme.contains("```swift\nimport Loom\n" + body + "\n```"))
    }
}
