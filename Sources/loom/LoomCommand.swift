import ArgumentParser
import Foundation
import Loom

/// The `loom` command line: generate, check, play and measure worlds.
///
/// `LoomMain` (the `loom` executable) calls ``main()``; tests import this module.
public struct LoomCommand: ParsableCommand {
    static let version = LoomRelease.version

    /// The subcommands, with the version `loom --version` prints.
    public static let configuration = CommandConfiguration(
        commandName: "loom",
        abstract: "Generate game worlds and the stories that happen in them.",
        version: version,
        subcommands: [
            GenerateCommand.self,
            CheckCommand.self,
            PlayCommand.self,
            StoryCommand.self,
            BenchCommand.self,
            NoiseCommand.self,
            TrainCommand.self,
            PreviewCommand.self,
            InkCommand.self,
            EmbedCommand.self,
        ]
    )

    /// Answers `loom --version` before ArgumentParser builds its tree of every subcommand's
    /// arguments, which is most of the Swift work that command would otherwise do; every other
    /// command line goes to ArgumentParser.
    ///
    /// What start-up costs beyond this is the process's: `Package.swift`'s `staticLoomFlags` say
    /// why `loom` is linked as it is, and `Scripts/compare`'s start-up rows measure it.
    ///
    /// Every command reports a failure one way: a `LoomError` thrown from any command is printed
    /// as the compiler-style diagnostic it describes (`story.yarn:12:5: error: …`, or `error: …`)
    /// on standard error, and the process exits with status 1; ArgumentParser reports the rest
    /// (usage errors with status 64).
    public static func main() {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(version)
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as LoomError {
            reportFailure(error)
            exit(withError: ExitCode.failure)
        } catch {
            exit(withError: error)
        }
    }

    /// Prints `error` as its diagnostics, one per line, on standard error.
    static func reportFailure(_ error: LoomError) {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
    }

    /// An empty command; ArgumentParser fills one in for each command line.
    public init() {}
}
