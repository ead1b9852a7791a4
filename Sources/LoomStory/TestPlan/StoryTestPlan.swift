import Foundation
import LoomCore

/// A Yarn Spinner test plan: runs of expected lines, options, commands and choices.
///
/// The format is Yarn Spinner's own (`X.testplan` beside `X.yarn`): steps `line:`, `option:`,
/// `select:`, `command:`, `stop`, `set:`, `node:` and `saliency:`; runs separated by `---`;
/// `#` starts a comment.
public struct StoryTestPlan: Sendable {
    /// One expectation or action.
    public enum Step: Sendable, Equatable {
        /// The next line's text (`nil` for any text) and tags it must carry.
        case line(String?, tags: [String])
        /// An expected option of the next option set.
        case option(String, tags: [String], available: Bool)
        /// Choose this option (1-based; 0 when none is available).
        case select(Int)
        case command(String)
        case stop
        case set(String, StoryValue)
        case node(String)
        case saliency(SaliencyStrategy)
    }

    /// A step and the plan line it came from.
    public struct LocatedStep: Sendable {
        /// What to expect or do.
        public var step: Step
        /// The 1-based line of the plan it came from.
        public var line: Int
    }

    /// The runs, each restarting the dialogue.
    public var runs: [[LocatedStep]]
    /// The plan's file name, for messages.
    public var file: String

    /// Parses a plan; errors carry the plan's file, line and column.
    public static func parse(_ text: String, file: String) throws -> StoryTestPlan {
        var runs: [[LocatedStep]] = [[]]
        var errors: [Diagnostic] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = String(rawLine).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == "---" {
                runs.append([])
                continue
            }
            let keyword = String(line.prefix { $0 != ":" }).trimmingWhitespace()
            let value = line.contains(":") ? String(line.drop { $0 != ":" }.dropFirst()).trimmingWhitespace() : ""
            func fail(_ message: String) {
                errors.append(Diagnostic(.error, message, at: SourceLocation(file: file, line: number, column: 1)))
            }
            switch keyword {
            case "stop": runs[runs.count - 1].append(LocatedStep(step: .stop, line: number))
            case "line", "option", "command":
                if keyword == "line", value.hasPrefix("*") {
                    runs[runs.count - 1].append(LocatedStep(step: .line(nil, tags: []), line: number))
                    continue
                }
                var body = value
                var rest: [Substring] = []
                if let first = value.firstIndex(of: "`"), let last = value.lastIndex(of: "`"), first < last {
                    body = String(value[value.index(after: first)..<last])
                    rest = value[value.index(after: last)...].split(separator: " ")
                } else if value.isEmpty {
                    fail("expected text in backticks after '\(keyword):'")
                    continue
                }
                let tags = rest.filter { $0.hasPrefix("#") && $0.count > 1 }.map { String($0.dropFirst()) }
                let step: Step =
                    switch keyword {
                    case "line": .line(body, tags: tags)
                    case "option": .option(body, tags: tags, available: !rest.contains("[disabled]"))
                    default: .command(body)
                    }
                runs[runs.count - 1].append(LocatedStep(step: step, line: number))
            case "select":
                guard let choice = Int(value), choice >= 0 else {
                    fail("expected an option number after 'select:'")
                    continue
                }
                runs[runs.count - 1].append(LocatedStep(step: .select(choice), line: number))
            case "set":
                let parts = value.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
                guard parts.count == 2, parts[0].hasPrefix("$") else {
                    fail("expected 'set: $variable = value'")
                    continue
                }
                let stored: StoryValue =
                    switch parts[1] {
                    case "true": .bool(true)
                    case "false": .bool(false)
                    default: Double(parts[1]).map { .number($0) } ?? .string(parts[1].trimmingCharacters(in: ["\""]))
                    }
                runs[runs.count - 1].append(LocatedStep(step: .set(parts[0], stored), line: number))
            case "node":
                runs[runs.count - 1].append(LocatedStep(step: .node(value), line: number))
            case "saliency":
                guard let strategy = SaliencyStrategy(rawValue: value) else {
                    fail("unknown saliency strategy '\(value)'")
                    continue
                }
                runs[runs.count - 1].append(LocatedStep(step: .saliency(strategy), line: number))
            default:
                fail("unknown test plan step '\(keyword)'")
            }
        }
        if !errors.isEmpty { throw LoomError(.syntax, diagnostics: errors) }
        return StoryTestPlan(runs: runs.filter { !$0.isEmpty }, file: file)
    }

    /// The host functions Yarn Spinner's test cases expect (see the conformance README).
    public static var conformanceFunctions: FunctionLibrary {
        var library = FunctionLibrary()
        library.register("assert", parameters: [.bool], returns: .bool) { arguments in
            guard arguments[0].boolValue else { throw LoomError(.runtime, "assertion failed") }
            return .bool(true)
        }
        library.register("add_three_operands") { (a: Double, b: Double, c: Double) in a + b + c }
        library.register("set_objective_complete") { (_: String) in true }
        library.register("is_objective_active") { (_: String) in true }
        library.register("get_quest_status") { (_: String) in "InProgress" }
        library.register("dummy_bool") { true }
        library.register("dummy_number") { 1.0 }
        library.register("dummy_string") { "string" }
        return library
    }
}
