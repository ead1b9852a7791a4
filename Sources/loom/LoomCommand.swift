import ArgumentParser
import Loom

/// The `loom` command line: generate, check, play and measure worlds.
@main
struct LoomCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
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
    /// The rest of the start-up cost is the dynamic loader's: see `Scripts/compare`'s start-up row.
    static func main() {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(version)
            return
        }
        main(nil)
    }
}
