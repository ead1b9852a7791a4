import Foundation
import LoomCore

@testable import LoomStory

/// Helpers shared by the story tests.
enum StoryTesting {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    /// Compiles one source text named `test.yarn`.
    static func compile(_ text: String, functions: FunctionLibrary = FunctionLibrary()) throws -> Story {
        try StoryCompiler.compile([StorySource(name: "test.yarn", text: text)], functions: functions)
    }

    /// The error diagnostics for a source text.
    static func errors(_ text: String, functions: FunctionLibrary = FunctionLibrary()) -> [Diagnostic] {
        StoryCompiler.check([StorySource(name: "test.yarn", text: text)], functions: functions).diagnostics
            .filter { $0.severity == .error }
    }

    static func fixture(_ name: String) throws -> Story {
        try StoryCompiler.compile([try StorySource.load(from: fixtures.appendingPathComponent(name).path)])
    }

    /// Plays from the runner's current position, picking options from `choices` (1-based),
    /// and writes every event as a line of text.
    static func transcript(_ runner: StoryRunner, choices: [Int], limit: Int = 10_000) throws -> [String] {
        var output: [String] = []
        var queue = choices
        for _ in 0..<limit {
            let event = runner.currentOptions.isEmpty ? try runner.continue() : .options(runner.currentOptions)
            switch event {
            case .line(let line): output.append(line.text)
            case .command(let command): output.append("<<\(command.text)>>")
            case .nodeStart(let name): output.append("[\(name)]")
            case .nodeEnd(let name): output.append("[/\(name)]")
            case .options(let options):
                for option in options {
                    output.append(
                        "  \(option.index + 1). \(option.line.text)\(option.isAvailable ? "" : " (unavailable)")")
                }
                if options.contains(where: \.isAvailable) {
                    let choice = queue.isEmpty ? options.first { $0.isAvailable }!.index + 1 : queue.removeFirst()
                    output.append("> \(choice)")
                    try runner.selectOption(choice - 1)
                }
            case .end:
                output.append("(end)")
                return output
            }
        }
        return output
    }

    /// Lines, option texts and commands of a whole playthrough, as one string per event.
    static func events(_ runner: StoryRunner, choices: [Int]) throws -> [String] {
        try transcript(runner, choices: choices)
    }
}
