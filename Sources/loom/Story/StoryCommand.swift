import ArgumentParser
import Loom

/// `loom story …`: tools for stories.
struct StoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story",
        abstract: "Tools for Yarn Spinner stories.",
        subcommands: [StoryGraphCommand.self, TextReportCommand.self]
    )
}

/// `loom story graph FILES… --out graph.dot`: draws the story's nodes and their links.
struct StoryGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Export a story's nodes, jumps, detours and options as Graphviz DOT or JSON.",
        discussion: "The format follows the extension of --out: .dot or .json."
    )

    @Argument(help: "The .yarn files of one story, or a world folder (its story/*.yarn with its functions).")
    var files: [String]

    @Option(help: "The output file, ending in .dot or .json.")
    var out: String

    func validate() throws {
        guard out.hasSuffix(".dot") || out.hasSuffix(".json") else {
            throw ValidationError("--out must end in .dot or .json")
        }
    }

    func run() throws {
        let story =
            files.count == 1 && World.isWorldFolder(files[0])
            ? try WorldLoader.load(files[0], textModel: false).story : try StoryFiles.compile(files)
        let graph = StoryGraph(story: story)
        let text = out.hasSuffix(".json") ? try graph.json() : graph.dot()
        try AtomicFile.write(text, to: out)
        print("wrote \(out): \(graph.nodes.count) nodes, \(graph.edges.count) edges")
    }
}
