import Foundation
import LoomCore

@testable import LoomText

/// Test inputs written for Loom, beside this file in `Fixtures/`.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func text(_ name: String) throws -> String { try AtomicFile.readText(path(name)) }

    /// ~390 words of hand-written prose.
    static var prose: String { get throws { try text("prose.txt") } }

    /// `count` passages expanded from the corpus grammar, one per line, from seeds `first...`.
    static func grammarCorpus(count: Int, first: Int = 0) throws -> String {
        let grammar = try Grammar.load(from: path("corpus-grammar.json"))
        return try (first..<first + count).map { try grammar.expand(seed: Seed(UInt64($0))) }.joined(separator: "\n")
    }

    /// A fresh temporary folder for files a test writes.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
