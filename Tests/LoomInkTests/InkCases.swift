import Foundation
import LoomCore
import LoomInk

/// Locates the ink-proof conformance cases in `../shared/conformance/ink` and plays them.
enum InkCases {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/conformance/ink` beside the repository (for a git worktree nested deeper, the
    /// nearest ancestor's `shared` folder).
    static let folder: URL = {
        var folder = repositoryRoot.deletingLastPathComponent()
        let relative = "shared/conformance/ink"
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent(relative)
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: folder.path) }

    static let unavailableMessage =
        "../shared/conformance/ink is absent (the ink-proof cases are not beside the repository)"

    /// The seed whose ink story seed (84) the reference transcripts were written with: the two
    /// unseeded random cases (LIST_RANDOM in I074, a shuffle in I107) match it and no other.
    static let seed = Seed(84)

    /// One case: `ink/Innn` (source) or `bytecode/Bnnn` (compiled JSON).
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var folder: URL
        var isSource: Bool
        var description: String { name }

        var input: [Int] {
            let text = (try? String(contentsOf: folder.appendingPathComponent("input.txt"), encoding: .utf8)) ?? ""
            return text.split(whereSeparator: \.isNewline).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }

        var transcript: String {
            (try? String(contentsOf: folder.appendingPathComponent("transcript.txt"), encoding: .utf8)) ?? ""
        }

        /// The story: source compiled by Loom (and read back from Loom's JSON), or the JSON.
        func story() throws -> InkStory {
            if isSource {
                let compiled = try InkCompiler.compile(file: folder.appendingPathComponent("story.ink").path)
                return try InkStory(json: compiled.json(), file: "\(name).json")
            }
            let json = try String(contentsOf: folder.appendingPathComponent("bytecode.json"), encoding: .utf8)
            return try InkStory(json: json, file: "\(name)/bytecode.json")
        }

        /// Plays the case; with `reloading`, saves at every choice point and continues in a
        /// fresh runner loaded from the save.
        func play(reloading: Bool = false) -> String {
            do {
                let story = try story()
                var remaining = input[...]
                var out = ""
                InkTranscript.play(
                    try InkRunner(story: story, seed: InkCases.seed), choices: { remaining.popFirst() },
                    write: { out += $0 },
                    atChoicePoint: reloading
                        ? { old in
                            let fresh = try InkRunner(story: story, seed: Seed(1))
                            try fresh.loadState(old.saveState())
                            return fresh
                        } : nil)
                return out
            } catch {
                return "ERROR: \(error)"
            }
        }

        /// Whether `output` matches the transcript line for line (trailing empty lines ignored).
        func matches(_ output: String) -> Bool {
            InkCases.lines(output) == InkCases.lines(transcript)
        }
    }

    static func lines(_ text: String) -> [String] {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static var all: [Case] {
        guard isAvailable else { return [] }
        var cases: [Case] = []
        for (kind, isSource) in [("bytecode", false), ("ink", true)] {
            let base = folder.appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
            for name in names.sorted() {
                cases.append(Case(name: name, folder: base.appendingPathComponent(name), isSource: isSource))
            }
        }
        return cases
    }
}
