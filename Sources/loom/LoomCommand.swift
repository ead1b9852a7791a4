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
}
