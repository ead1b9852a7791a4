import ArgumentParser
import Loom

/// The `loom` command line: generate, check, play and measure worlds.
///
/// `LoomMain` (the `loom` executable) calls ``main()``; tests import this module.
public struct LoomCommand: ParsableCommand {
    static let version = "0.1.0"

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
    public static func main() {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(version)
            return
        }
        main(nil)
    }

    /// An empty command; ArgumentParser fills one in for each command line.
    public init() {}
}
