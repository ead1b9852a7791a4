import Foundation
import Loom

/// The input lines of `loom play --free-text`: each is an option number or typed text, read from
/// `--input FILE` or standard input.
struct FreeTextInput {
    private var lines: [String]?
    private var position = 0
    /// The sentence model, or `nil` when it could not be loaded (then only numbers work).
    let embedder: SentenceEmbedder?
    /// The model's name, for the message when it is missing.
    let modelName: String

    /// Reads `file` (or prepares to read standard input) and loads the model; a missing model
    /// is reported once on standard error and numbers keep working.
    init(file: String?, model: String, searchPath: ModelSearchPath) throws {
        if let file {
            lines = try AtomicFile.readText(file).split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0.hasSuffix("\r") ? $0.dropLast() : $0)
            }
        }
        modelName = model
        do {
            embedder = try SentenceEmbedder.loadForFreeText(model, searchPath: searchPath)
        } catch let error as LoomError {
            StoryFiles.printError("warning: \(error.message)")
            embedder = nil
        }
    }

    /// The next non-blank line, or `nil` at the end of the input.
    mutating func next() -> String? {
        while true {
            let line: String?
            if let lines {
                line = position < lines.count ? lines[position] : nil
                position += 1
            } else {
                line = readLine()
            }
            guard let line else { return nil }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { return trimmed }
        }
    }

    /// What the transcript says when typed text arrives and no model is loaded.
    var missingModelNote: String {
        "(free text needs the sentence model \(modelName); run Scripts/fetch-models; type an option number)"
    }
}

extension PlayCommand {
    /// Plays with `--free-text`: numbers choose as usual, other lines are matched by meaning.
    func playFreeText(_ runner: StoryRunner, input: inout FreeTextInput) throws {
        runner.textEmbedder = input.embedder
        while true {
            switch try runner.continue() {
            case .line(let line):
                print(line.text)
            case .command(let command):
                print("<<\(command.text)>>")
            case .options(let options):
                Self.printOptions(options)
                guard options.contains(where: \.isAvailable) else {
                    print("  (no option is available)")
                    continue
                }
                while true {
                    guard let line = input.next() else {
                        print("(out of input)")
                        return
                    }
                    if let number = Int(line) {
                        guard options.indices.contains(number - 1), options[number - 1].isAvailable else {
                            print("(option \(number) is not available)")
                            continue
                        }
                        print("> \(number). \(options[number - 1].line.text)")
                        try runner.selectOption(number - 1)
                        break
                    }
                    guard input.embedder != nil else {
                        print(input.missingModelNote)
                        continue
                    }
                    let match = try runner.selectOption(matching: line)
                    if let option = match.option {
                        print("> \(option.index + 1). \(option.line.text)")
                        print("(\(match.summary))")
                        break
                    }
                    print("(\(match.summary))")
                    Self.printOptions(options)
                }
            case .nodeStart, .nodeEnd:
                continue
            case .end:
                return
            }
        }
    }

    static func printOptions(_ options: [StoryOption]) {
        for option in options {
            print("  \(option.index + 1). \(option.line.text)\(option.isAvailable ? "" : " (unavailable)")")
        }
    }
}
