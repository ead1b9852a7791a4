import ArgumentParser

/// `loom train KIND …`: learns a model from examples and writes it to a file.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from examples.",
        subcommands: TrainCommand.kinds
    )

    /// Every `loom train` kind; each lives in its own file beside this one.
    static let kinds: [ParsableCommand.Type] = [TrainTextCommand.self, TrainTilesCommand.self]
}
