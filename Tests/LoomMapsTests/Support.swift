import Foundation
import LoomCore

/// Paths of files beside the tests and in the repository, found from this source file.
enum TestFiles {
    static var testsFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
    static var repositoryRoot: URL {
        testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The text of `Snapshots/<name>` beside the tests.
    static func snapshot(_ name: String) -> String? {
        try? String(contentsOf: testsFolder.appendingPathComponent("Snapshots/\(name)"), encoding: .utf8)
    }

    /// Writes a snapshot that does not exist yet (so a new test shows what it would pin) and
    /// returns whether it already existed.
    static func recordIfMissing(_ name: String, _ text: String) -> Bool {
        let url = testsFolder.appendingPathComponent("Snapshots/\(name)")
        if FileManager.default.fileExists(atPath: url.path) { return true }
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return false
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loom-maps-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
