import ArgumentParser
import Foundation
import Loom
import LoomPlayground
import LoomPreview

/// `loom preview WORLD`: the world in the playground window, or headless.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract:
            "Preview a world or a map generator in a window: reseed (r), walk (tab, arrows), play its story (1-9).",
        discussion: """
            With --headless (or when no display can be opened), runs --frames frames offscreen, feeding \
            events from --input, writes --screenshot, and prints the story transcript. A map generator \
            (loom preview caves) starts from its defaults with --size and --set applied; its sliders tune it.
            """
    )

    @Argument(help: "The world folder, such as Worlds/isles, or a map generator: terrain, caves, dungeon, maze.")
    var world: String

    @Option(parsing: .unconditional, help: .worldSeed)
    var seed: Seed?

    @Option(help: "The map size as WIDTHxHEIGHT. Default: the world's or the generator's.")
    var size: String?

    @Option(
        name: .customLong("set"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "A map generator's parameter as key=value (see loom generate KIND --list-parameters).",
            valueName: "key=value"))
    var settings: [String] = []

    @Flag(help: "Run without a window (SDL's offscreen driver, software renderer).")
    var headless = false

    @Option(help: "Headless: frames to draw.")
    var frames: Int = 60

    @Option(help: "Headless: an input script (one event per line: FRAME key r, FRAME click X Y, …).")
    var input: String?

    @Option(help: "Headless: write the last frame to this PNG (a path ending in / names it <world>-<seed>.png).")
    var screenshot: String?

    @Option(help: "Window width and height in pixels, as WIDTHxHEIGHT.")
    var window: String = "1280x720"

    func run() throws {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: world, isDirectory: &isFolder) || !isFolder.boolValue,
            MapGenerators.names.contains(world)
        {
            try preview(generator: try MapGenerators.named(world))
            return
        }
        guard settings.isEmpty else {
            throw ValidationError("--set is for a map generator (loom preview caves --set …); a world sets its own")
        }
        let loaded = try WorldLoader.load(world)
        let content = WorldPreviewContent(world: loaded, size: try WorldLoader.size(size))
        try preview(content, seed: seed ?? loaded.definition.seed) { content.currentSession?.transcript ?? [] }
    }

    /// A map generator of the registry, its defaults with --size and --set applied.
    func preview<Generator: MapGenerator>(generator: Generator.Type) throws {
        let parameters = try MapGenerateOptions.parameters(Generator.self, size: size, settings: settings)
        try preview(try MapGeneratorPreviewContent(parameters), seed: seed ?? Seed(0))
    }

    /// Runs the playground on `content`, or headless; headless prints `transcript()` at the end.
    func preview(_ content: any PreviewContent, seed: Seed, transcript: () -> [String] = { [] }) throws {
        var options = PlaygroundOptions()
        options.seed = seed
        guard let windowSize = Size(parsing: window) else {
            throw ValidationError("--window '\(window)' is not WIDTHxHEIGHT")
        }
        options.width = windowSize.width
        options.height = windowSize.height
        if !headless {
            do {
                try LoomPlayground.run(content: content, options: options)
                return
            } catch let error as LoomError {
                StoryFiles.printError("cannot open a window (\(error.message)); running headless")
            }
        }
        try runHeadless(content, options: options, transcript: transcript)
    }

    func runHeadless(_ content: any PreviewContent, options: PlaygroundOptions, transcript: () -> [String]) throws {
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        let script = try input.map { try InputScript.load(from: $0) } ?? InputScript()
        var screenshot = self.screenshot
        if let folder = screenshot, folder.hasSuffix("/") {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            screenshot = folder + "\(content.name)-\(options.seed).png"
        }
        let result = try LoomPlayground.runHeadless(
            content: content, frames: frames, input: script, screenshot: screenshot, options: options)
        let session = result.session
        if let error = session.errorMessage { StoryFiles.printError(error) }
        print("# \(content.name), seed \(session.seed), \(session.frame) frames")
        for line in transcript() { print(line) }
        if let screenshot { print("screenshot: \(screenshot)") }
        if result.unplayedEvents > 0 {
            StoryFiles.printError("warning: \(result.unplayedEvents) input events come after the last frame")
        }
    }
}
