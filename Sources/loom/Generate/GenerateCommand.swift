import ArgumentParser

/// `loom generate KIND …`: makes a map, a world or text and writes it to a file.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a map, a world or text.",
        discussion: """
            Sizes that would need more memory than the budget (LOOM_MEMORY_BUDGET, default 4G; \
            e.g. LOOM_MEMORY_BUDGET=16G) are refused before anything is allocated.
            """,
        subcommands: GenerateCommand.kinds,
        // `loom generate Worlds/isles --out map.png`: a word that names no kind is a world folder.
        defaultSubcommand: GenerateWorld.self
    )

    /// Every `loom generate` kind: the map generators' (GenerateMapCommands.swift), then the
    /// others, each in its own file beside this one.
    static let kinds: [ParsableCommand.Type] =
        GenerateMapCommands.all + [
            GenerateWFC.self,
            GenerateMarkov.self,
            GenerateTextCommand.self,
            GenerateNamesCommand.self,
            GenerateNeuralCommand.self,
            GenerateWorld.self,
        ]
}
