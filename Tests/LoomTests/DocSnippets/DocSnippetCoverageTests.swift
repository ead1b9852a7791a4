import Foundation
import Testing

/// Every ```swift block of every DocC article is compiled and run by a test: the test holds the
/// block verbatim between `// snippet ARTICLE.md` and `// end snippet` (set-up before it,
/// checks after it), and this suite finds each article's blocks among those regions.
@Suite struct DocSnippetCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Blocks not run yet, by article: they need a downloaded model, a window, a trained network
    /// or fixtures that do not exist yet. Listed so that a new article's block cannot slip by.
    static let notYetRun: Set<String> = [
        "LoomLearn.md#1", "LoomLearn.md#2", "MarkovMaps.md#1", "NeuralTiles.md#1", "WaveFunctionCollapse.md#1",
        "RealModels.md#1", "SentenceEmbeddings.md#1", "Transformer.md#1", "LoomInk.md#1", "LoomPlayground.md#1",
        // `world.preview()` opens a window (compiled by EmbeddingArticleTests, not run).
        "LoomPreview.md#1", "EmbeddingAWorld.md#5",
    ]

    /// `(article file name, block index from 1, code)` of every ```swift block, with the
    /// leading `import` lines dropped.
    static func articleBlocks() throws -> [(article: String, index: Int, code: String)] {
        var blocks: [(String, Int, String)] = []
        let sources = root.appendingPathComponent("Sources")
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            let catalog = sources.appendingPathComponent("\(module)/Documentation.docc")
            guard let articles = try? FileManager.default.contentsOfDirectory(atPath: catalog.path) else { continue }
            for article in articles.sorted() where article.hasSuffix(".md") {
                let text = try String(contentsOf: catalog.appendingPathComponent(article), encoding: .utf8)
                var index = 0
                var current: [String]?
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    if current == nil, line == "```swift" {
                        current = []
                    } else if var lines = current, line == "```" {
                        while let first = lines.first, first.hasPrefix("import ") || first.isEmpty {
                            lines.removeFirst()
                        }
                        index += 1
                        blocks.append((article, index, lines.joined(separator: "\n")))
                        current = nil
                    } else if current != nil {
                        current!.append(String(line))
                    }
                }
            }
        }
        return blocks
    }

    /// The regions of the test sources: article name → code, de-indented to the marker's column.
    static func testRegions() throws -> [String: [String]] {
        var regions: [String: [String]] = [:]
        let tests = root.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            var open: (article: String, indent: Int, lines: [String])?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                let indent = line.count - trimmed.count
                if trimmed.hasPrefix("// snippet "), trimmed.hasSuffix(".md") {
                    open = (String(trimmed.dropFirst("// snippet ".count)), indent, [])
                } else if trimmed == "// end snippet", let region = open {
                    regions[region.article, default: []].append(region.lines.joined(separator: "\n"))
                    open = nil
                } else if open != nil {
                    open!.lines.append(String(line.dropFirst(min(open!.indent, indent))))
                }
            }
        }
        return regions
    }

    /// The code with every trailing comment two spaces after its code, as `swift format` writes
    /// it in the tests (articles may align their comments in a column).
    static func normalized(_ code: String) -> String {
        code.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let range = line.range(of: " //") else { return String(line) }
            let code = line[..<range.lowerBound]
            guard !code.allSatisfy({ $0 == " " }) else { return String(line) }
            var trimmed = code
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed + "  " + line[line.index(after: range.lowerBound)...]
        }.joined(separator: "\n")
    }

    @Test func everySnippetIsRunByATest() throws {
        let regions = try Self.testRegions()
        var missing: [String] = []
        var covered: [String] = []
        let blocks = try Self.articleBlocks()
        #expect(blocks.count >= 20)
        for block in blocks {
            let name = "\(block.article)#\(block.index)"
            let found = regions[block.article, default: []].map(Self.normalized).contains(Self.normalized(block.code))
            if found { covered.append(name) } else if !Self.notYetRun.contains(name) { missing.append(name) }
            if found && Self.notYetRun.contains(name) {
                Issue.record("\(name) is run now: take it off DocSnippetCoverageTests.notYetRun")
            }
        }
        #expect(missing == [], "no test runs these blocks verbatim (between // snippet ARTICLE.md and // end snippet)")
        #expect(covered.count >= 10)
    }
}

/// Runs a snippet in a fresh folder that sees the repository's `Worlds`, `Models` and `Assets`
/// (snippets name paths such as `Worlds/isles/grammar.json` and write files such as `sea.png`).
enum SnippetFolder {
    private static let lock = NSLock()

    static func run(files: [String: String] = [:], _ body: () throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("loom-snippet-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        for name in ["Worlds", "Models", "Assets"] {
            try manager.createSymbolicLink(
                at: folder.appendingPathComponent(name),
                withDestinationURL: DocSnippetCoverageTests.root.appendingPathComponent(name))
        }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let previous = manager.currentDirectoryPath
        guard manager.changeCurrentDirectoryPath(folder.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
        }
        defer { _ = manager.changeCurrentDirectoryPath(previous) }
        try body()
    }
}
