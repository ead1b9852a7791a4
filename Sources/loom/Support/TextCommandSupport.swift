import ArgumentParser
import Foundation
import Loom

/// Helpers shared by the text commands.
enum TextCommandSupport {
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
