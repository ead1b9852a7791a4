import Foundation

/// Runs test code in a fresh current folder, one such test at a time in the whole test process.
///
/// Every test target runs in one process, and the current folder belongs to the process: the
/// doc-snippet tests of LoomTests, LoomInkTests' article and LoomPreviewTests' windows all
/// change it, so all of them go through here and take the same lock (a file lock, which also
/// holds across targets built as separate bundles).
public enum CurrentFolder {
    private static let lock = NSLock()

    /// Runs `body` with the current folder set to a new temporary folder, then restores the
    /// previous folder and removes the new one.
    /// - Parameters:
    ///   - prefix: the start of the folder's name, for finding it in a failed run.
    ///   - files: texts to write first, by path relative to the folder (sub-folders are made).
    ///   - prepare: fills the folder further (symbolic links, copied worlds) before `body` runs.
    public static func withTemporaryFolder(
        prefix: String, files: [String: String] = [:], prepare: (URL) throws -> Void = { _ in },
        _ body: () throws -> Void
    ) throws {
        lock.lock()
        defer { lock.unlock() }
        let lockFile = open(NSTemporaryDirectory() + "loom-current-folder.lock", O_CREAT | O_RDWR, 0o644)
        flock(lockFile, LOCK_EX)
        defer {
            flock(lockFile, LOCK_UN)
            close(lockFile)
        }
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try prepare(folder)
        let previous = manager.currentDirectoryPath
        guard manager.changeCurrentDirectoryPath(folder.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
        }
        defer { _ = manager.changeCurrentDirectoryPath(previous) }
        try body()
    }
}
