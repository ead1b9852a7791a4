import Foundation
import LoomTestSupport
import Testing

/// Every ```swift block of every DocC article is compiled and run by a test: the test holds the
/// block verbatim between `// snippet ARTICLE.md` and `// end snippet` (set-up before it,
/// checks after it), and this suite finds each article's blocks among those regions.
@Suite struct DocSnippetCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Blocks not run yet, by article (`"LoomLearn.md#2"`). Empty: every block runs, those that
    /// need a downloaded model when it is present, those that open a window on SDL's offscreen
    /// driver. A block that truly cannot run is listed here with the reason.
    static let notYetRun: Set<String> = []

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
    static func testRegions() throws -> [String: [String]] { try testRegions(marker: "snippet", suffix: ".md") }

    /// The regions between `// MARKER NAME` (NAME ending in `suffix`) and `// end MARKER`: name →
    /// code, de-indented to the marker's column.
    static func testRegions(marker: String, suffix: String) throws -> [String: [String]] {
        var regions: [String: [String]] = [:]
        let tests = root.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            var open: (article: String, indent: Int, lines: [String])?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                let indent = line.count - trimmed.count
                if trimmed.hasPrefix("// \(marker) "), trimmed.hasSuffix(suffix) {
                    open = (String(trimmed.dropFirst("// \(marker) ".count)), indent, [])
                } else if trimmed == "// end \(marker)", let region = open {
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

    /// `(source file relative to the repository, code)` of every ```swift example in a `///`
    /// comment under `Sources`, without the comment markers.
    static func docExamples() throws -> [(file: String, code: String)] {
        var examples: [(String, String)] = []
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            var current: [String]?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix("///") else { continue }
                let content = trimmed.dropFirst(3).hasPrefix(" ") ? trimmed.dropFirst(4) : trimmed.dropFirst(3)
                if current == nil, content == "```swift" {
                    current = []
                } else if let lines = current, content == "```" {
                    examples.append(("Sources/\(file)", lines.joined(separator: "\n")))
                    current = nil
                } else if current != nil {
                    current!.append(String(content))
                }
            }
        }
        return examples
    }

    /// Every region between `// example Sources/…/File.swift` and `// end example` is, verbatim,
    /// a ```swift example of that file's `///` comments, and every example is such a region: a
    /// test runs each one (those that need a downloaded model when it is present, those that
    /// open a window on SDL's offscreen driver), and fails here, not silently, when the example
    /// changes.
    @Test func markedDocExamplesAreTheSourcesExamples() throws {
        let examples = try Self.docExamples()
        #expect(examples.count >= 80)
        var checked = Set<String>()
        for (file, regions) in try Self.testRegions(marker: "example", suffix: ".swift") {
            let own = examples.filter { $0.file == file }.map { Self.normalized($0.code) }
            for region in regions {
                if let index = own.firstIndex(of: Self.normalized(region)) {
                    checked.insert("\(file)#\(index + 1)")
                } else {
                    Issue.record("no ```swift example of \(file) reads:\n\(region)")
                }
            }
        }
        print("doc examples: \(checked.count) of \(examples.count) run by tests")
        var numbers: [String: Int] = [:]
        let unrun = examples.compactMap { example -> String? in
            numbers[example.file, default: 0] += 1
            let name = "\(example.file)#\(numbers[example.file]!)"
            return checked.contains(name) ? nil : name
        }
        #expect(unrun == [], "no test runs these examples verbatim (between // example FILE and // end example)")
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
    static func run(files: [String: String] = [:], _ body: () throws -> Void) throws {
        try CurrentFolder.withTemporaryFolder(
            prefix: "loom-snippet", files: files,
            prepare: { folder in
                for name in ["Worlds", "Models", "Assets"] {
                    try FileManager.default.createSymbolicLink(
                        at: folder.appendingPathComponent(name),
                        withDestinationURL: DocSnippetCoverageTests.root.appendingPathComponent(name))
                }
            }, body)
    }
}
