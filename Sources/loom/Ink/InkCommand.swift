import ArgumentParser
import Foundation
import LoomCore
import LoomInk

/// `loom ink …`: ink stories, in inklecate's conventions.
struct InkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ink",
        abstract: "Compile and play ink stories (inkle's narrative language).",
        discussion: "`loom play` and `loom check` also take .ink and compiled .json files.",
        subcommands: [InkCompileCommand.self, InkPlayCommand.self, InkCheckCommand.self]
    )
}

/// `loom ink compile story.ink -o story.json`.
struct InkCompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile an .ink file to ink's JSON runtime format (what inklecate writes).",
        discussion: "Prints `file:line:column: error: message` for every problem and exits 1 when there is one."
    )

    @Argument(help: "The .ink file (its INCLUDEs are read relative to it).")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the JSON (default: the .ink file's name with .json).")
    var output: String?

    func run() throws {
        let story = try InkFiles.compile(file)
        let path = output ?? (file.hasSuffix(".ink") ? String(file.dropLast(4)) : file) + ".json"
        try AtomicFile.write(story.json(), to: path)
    }
}

/// `loom ink play story.ink|story.json`.
struct InkPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play an .ink or compiled .json story, printing inklecate's transcript format.",
        discussion: """
            Lines print as they come; at a choice point an empty line, the choices as `N: text` and \
            the prompt `?> `. Choice numbers come from --choices (such as 1,2,1), else from standard input, \
            one a line. Runtime errors print as `RUNTIME ERROR: …` and exit 1.
            """
    )

    @Argument(help: "The .ink or .json story.")
    var file: String

    @Option(
        parsing: .unconditional,
        help:
            "The seed for RANDOM, shuffles and LIST_RANDOM: an integer (negative, or hex with 0x, too) or any text (hashed); default 0."
    )
    var seed: Seed?

    @Option(help: "Choice numbers to take in order, such as 1,2,1 (1-based).")
    var choices: String?

    @Flag(help: "Print the transcript as JSON Lines, in the events of `loom play --json`.")
    var json = false

    func run() throws {
        try InkFiles.play(file, seed: seed, choices: choices, json: json)
    }
}

/// `loom ink check story.ink`.
struct InkCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an .ink file and print every diagnostic.",
        discussion: "Prints `file:line:column: error: message` for every problem; exits 1 when there is an error."
    )

    @Argument(help: "The .ink file.")
    var file: String

    func run() throws {
        try InkFiles.check(file)
    }
}

/// What `loom ink`, `loom play` and `loom check` share for ink files.
enum InkFiles {
    /// Whether a path names an ink story (`.ink`) or a compiled one (`.json`).
    static func isInk(_ path: String) -> Bool { path.hasSuffix(".ink") || path.hasSuffix(".json") }

    static func compile(_ file: String) throws -> InkStory {
        try InkCompiler.compile(file: file)
    }

    static func load(_ file: String) throws -> InkStory {
        if file.hasSuffix(".ink") { return try compile(file) }
        return try InkStory(json: try AtomicFile.readText(file), file: file)
    }

    /// Plays `file` in inklecate's transcript format (or JSON Lines); with `freeText`, input
    /// lines may be typed text as well as numbers (``playFreeText(_:input:)``).
    static func play(
        _ file: String, seed: Seed?, choices: String?, json: Bool = false, freeText: FreeTextInput? = nil
    ) throws {
        let story = try load(file)
        var input = try ChoiceInput(choices: choices)
        let runner: InkRunner
        do {
            runner = try InkRunner(story: story, seed: seed ?? Seed(0))
        } catch {
            print("RUNTIME ERROR: \(error)")
            throw ExitCode(1)
        }
        if var lines = freeText {
            if !playFreeText(runner, input: &lines) { throw ExitCode(1) }
            return
        }
        let next: () -> Int? = { input.nextNumber() }
        if json {
            if !playJSON(runner, choices: next) { throw ExitCode(1) }
            return
        }
        let finished = InkTranscript.play(
            runner,
            choices: next,
            write: { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            })
        if !finished { throw ExitCode(1) }
    }

    static func check(_ file: String) throws {
        let story = try compile(file)
        print("ok: \(story.knotNames.count) knots and functions")
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
