import Foundation
import Loom

/// Where `loom play` takes the player's answers from: the numbers of `--choices`, in order, or
/// else standard input, one line at a time. Yarn stories, ink stories and worlds all read their
/// choices through it.
struct ChoiceInput {
    /// One answer to the options on offer.
    enum Answer: Equatable {
        /// An option number, 1-based as printed (not yet checked against the options).
        case number(Int)
        /// A line of standard input that is not a number, trimmed.
        case text(String)
        /// `--choices` ran out, or standard input ended.
        case ended
    }

    /// The numbers `--choices` has left, or `nil` when answers come from standard input.
    private var scripted: ArraySlice<Int>?

    /// Answers from `choices` (such as `1,2,1`) when given, else from standard input.
    /// - Throws: `LoomError` naming the first item that is not a number from 1.
    init(choices: String?) throws {
        scripted = try choices.map { try Self.parse($0)[...] }
    }

    /// Whether the answers come from `--choices` (so a wrong one is an error, not a retry, and
    /// the transcript echoes each choice).
    var isScripted: Bool { scripted != nil }

    /// The next answer. Reading standard input first prints the prompt `> ` when `prompt` is set.
    mutating func next(prompt: Bool) -> Answer {
        if scripted != nil { return scripted?.popFirst().map(Answer.number) ?? .ended }
        if prompt { print("> ", terminator: "") }
        guard let line = readLine() else { return .ended }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return Int(trimmed).map(Answer.number) ?? .text(trimmed)
    }

    /// The next answer as an option number, for callers that treat anything else as the end of
    /// input (ink's transcript): `nil` when the input ended or the line is not a number.
    mutating func nextNumber() -> Int? {
        if case .number(let number) = next(prompt: false) { return number }
        return nil
    }

    /// The option numbers of a `--choices` list such as `1,2,1`.
    /// - Throws: `LoomError` naming the first item that is not a number from 1.
    static func parse(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map {
            let item = $0.trimmingCharacters(in: .whitespaces)
            guard let number = Int(item), number >= 1 else {
                throw LoomError(
                    .invalidArgument,
                    "--choices '\(text)': '\(item)' is not an option number; expected numbers from 1, such as 1,2,1")
            }
            return number
        }
    }
}
