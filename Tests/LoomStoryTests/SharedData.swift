import Foundation

/// Locates `../shared` (the conformance cases) relative to the repository root.
enum SharedData {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/conformance/yarn/TestCases` beside the repository (for a git worktree nested one
    /// level deeper, the nearest ancestor's `shared` folder).
    static let yarnCases: URL = {
        var folder = repositoryRoot.deletingLastPathComponent()
        let relative = "shared/conformance/yarn/TestCases"
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent(relative)
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: yarnCases.path) }

    /// Every `.yarn` file under the cases folder, sorted, as paths relative to it.
    static var caseNames: [String] {
        guard isAvailable,
            let enumerator = FileManager.default.enumerator(atPath: yarnCases.path)
        else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".yarn") }.sorted()
    }
}
