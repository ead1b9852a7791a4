import ArgumentParser
import Loom

/// `loom story …`: tools for stories.
struct StoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story",
        abstract: "Tools for stories (Yarn Spinner; ink for graph).",
        subcommands: [StoryGraphCommand.self, StoryDeclarationsCommand.self, TextReportCommand.self]
    )
}

/// `loom story graph FILES… --out graph.dot`: draws the story's nodes and their links.
struct StoryGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Export a story's nodes, jumps, detours and options as Graphviz DOT or JSON.",
        discussion: """
            The format follows the extension of --out: .dot or .json. An ink story (one .ink or .json \
            file, or a world whose story is ink) draws its knots, stitches, diverts, tunnels, threads, \
            function calls and choices, as .dot only.
            """
    )

    @Argument(
        help:
            "The .yarn files of one story, a world folder (its story/*.yarn with its functions, or its ink story), .yarn files of a world, or one .ink or .json ink story."
    )
    var files: [String]

    @Option(help: "The world folder whose functions the .yarn files use (default: the world that holds them).")
    var world: String?

    @Option(help: "The output file, ending in .dot or .json.")
    var out: String

    func validate() throws {
        guard out.hasSuffix(".dot") || out.hasSuffix(".json") else {
            throw ValidationError("--out must end in .dot or .json")
        }
    }

    func run() throws {
        if let ink = try inkStory() {
            guard !out.hasSuffix(".json") else { throw ValidationError("an ink story's graph is written as .dot") }
            let graph = InkGraph(story: ink)
            try AtomicFile.write(graph.dot(), to: out)
            print("wrote \(out): \(graph.nodes.count) nodes, \(graph.edges.count) edges")
            return
        }
        let story: Story
        if let world = try StoryFiles.world(for: files, explicit: world) {
            guard let compiled = try StoryFiles.checkWorld(world, files: files).story else { throw ExitCode(1) }
            story = compiled
        } else {
            story = try StoryFiles.compile(files)
        }
        let graph = StoryGraph(story: story)
        let text = out.hasSuffix(".json") ? try graph.json() : graph.dot()
        try AtomicFile.write(text, to: out)
        print("wrote \(out): \(graph.nodes.count) nodes, \(graph.edges.count) edges")
    }
}

extension StoryGraphCommand {
    /// The ink story to draw: one `.ink` or `.json` file, or a world whose story is ink;
    /// `nil` for a Yarn story.
    func inkStory() throws -> InkStory? {
        if files.count == 1, InkFiles.isInk(files[0]) { return try InkFiles.load(files[0]) }
        guard let folder = try StoryFiles.world(for: files, explicit: world),
            let check = try World.checkInkStory(folder: folder)
        else { return nil }
        for diagnostic in check.diagnostics { StoryFiles.printError(diagnostic.description) }
        guard let story = check.story else { throw ExitCode(1) }
        return story
    }
}

/// `loom story declarations WORLD --out F.ysls.json`: Yarn Spinner's declaration file for a world.
struct StoryDeclarationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declarations",
        abstract: "Write Yarn Spinner's declaration file (.ysls.json) for the functions and commands a world adds.",
        discussion: """
            Yarn Spinner's language server (the VS Code extension) reads *.ysls.json files in the project, \
            so the editor knows the world's functions (fact, generate, grammar, name and world.lua's \
            `functions`) and commands (generate_options and world.lua's `commands`). Runs world.lua's top \
            level only: no map is generated.
            """
    )

    @Argument(help: "The world folder, such as Worlds/isles.")
    var world: String

    @Option(help: "The file to write, ending in .ysls.json (for example Worlds/isles/story/isles.ysls.json).")
    var out: String

    func validate() throws {
        guard out.hasSuffix(".ysls.json") else { throw ValidationError("--out must end in .ysls.json") }
        guard World.isWorldFolder(world) else {
            throw ValidationError("\(world) is not a world folder (a folder with a world.lua)")
        }
    }

    func run() throws {
        let declarations = try World.storyLanguage(folder: world).declarations
        try AtomicFile.write(try declarations.ysls(), to: out)
        print(
            "wrote \(out): \(declarations.functions.count) functions, \(declarations.commands.count) commands")
    }
}
