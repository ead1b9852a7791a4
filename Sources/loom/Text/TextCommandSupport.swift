import ArgumentParser
import Foundation
import Loom

/// Helpers shared by the text commands.
enum TextCommandSupport {
    /// Runs `body`, printing a `LoomError` as `file:line:column: error: message` on standard
    /// error and exiting with status 1, instead of a stack of Swift text.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LoomError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }

    /// A seed from a number (`42`, `-1`, `0x2a`) or, failing that, from text (`isles`).
    static func seed(_ text: String) -> Seed { Seed(parsing: text) }

    /// The seed of item `index` of a `--count` run: the seed itself first, then derived ones,
    /// so `--count 1` matches a library call with the same seed.
    static func seed(_ base: Seed, item index: Int) -> Seed {
        index == 0 ? base : base.derive(index, 0)
    }

    /// A byte count for people: `812 B`, `14.2 KiB`, `3.1 MiB`.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
