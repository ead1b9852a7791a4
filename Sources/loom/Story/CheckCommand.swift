import ArgumentParser
import Loom
import LoomInk

/// `loom check FILES…`: compiles Yarn files and reports every error with its location.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Yarn Spinner story files and print their diagnostics.",
        discussion: """
            Prints `file:line:column: error: message` for every problem; exits 1 when there is an error. \
            A world's story compiles with the functions and commands its world.lua declares (world.lua's \
            top level runs; no map is generated).

            With --json, prints one JSON object on standard output instead: \
            {"ok": true, "nodes": 12, "lines": 80, "diagnostics": [{"severity": "error", "message": "…", \
            "file": "story/a.yarn", "line": 4, "column": 9}]} ("nodes" and "lines" only when ok; \
            "file", "line" and "column" where known). The exit status is the same.
            """
    )

    @Argument(
        help: """
            The .yarn files of one story, a world folder (its story/*.yarn with the world's functions and \
            commands), .yarn files of a world, or one .ink file.
            """)
    var files: [String]

    @Option(help: "The world folder whose functions the .yarn files use (default: the world that holds them).")
    var world: String?

    @Flag(help: "Compile with the host functions Yarn Spinner's test cases use (assert, dummy_number, …).")
    var conformanceFunctions = false

    @Flag(help: "Print the diagnostics as one JSON object (see the discussion).")
    var json = false

    func run() throws {
        // ink stories are checked by the ink compiler.
        if files.count == 1, files[0].hasSuffix(".ink") {
            if json { throw ValidationError("--json is for Yarn stories and worlds, not .ink files") }
            try InkFiles.check(files[0])
            return
        }
        let result: StoryCompiler.Result
        do {
            if let world = try StoryFiles.world(for: files, explicit: world) {
                // A world whose world.lua names an ink story is checked by the ink compiler, with
                // the world's functions answering its EXTERNALs.
                if files.count == 1, World.isWorldFolder(files[0]), let ink = try World.checkInkStory(folder: world) {
                    try Self.report(ink, json: json)
                    return
                }
                if conformanceFunctions {
                    throw ValidationError(
                        "--conformance-functions is not used with a world: the world declares its functions")
                }
                result = try StoryFiles.checkWorld(world, files: files, printing: !json)
            } else {
                let functions = conformanceFunctions ? StoryTestPlan.conformanceFunctions : FunctionLibrary()
                result = try StoryFiles.check(files, functions: functions, printing: !json)
            }
        } catch let error as LoomError where json {
            // world.lua failed, or a file could not be read: the same JSON, with that error.
            JSONOutput.print(["ok": false, "diagnostics": error.diagnostics.map(JSONOutput.diagnostic)])
            throw ExitCode(1)
        }
        if json {
            var object: [String: Any] = [
                "ok": result.story != nil, "diagnostics": result.diagnostics.map(JSONOutput.diagnostic),
            ]
            if let story = result.story {
                object["nodes"] = story.nodeNames.count
                object["lines"] = Self.lineCount(story)
            }
            JSONOutput.print(object)
        }
        guard let story = result.story else { throw ExitCode(1) }
        if !json { print("ok: \(story.nodeNames.count) nodes, \(Self.lineCount(story)) lines") }
    }

    /// Prints a world's ink check as the Yarn checks print (`ok: 4 knots`), or as JSON.
    static func report(_ check: WorldInkCheck, json: Bool) throws {
        if json {
            var object: [String: Any] = [
                "ok": check.story != nil, "diagnostics": check.diagnostics.map(JSONOutput.diagnostic),
            ]
            if let story = check.story { object["knots"] = story.knotNames.count }
            JSONOutput.print(object)
        } else {
            for diagnostic in check.diagnostics { StoryFiles.printError(diagnostic.description) }
        }
        guard let story = check.story else { throw ExitCode(1) }
        if !json { print("ok: \(check.file), \(story.knotNames.count) knots") }
    }

    /// The lines with an id (authored lines and options).
    static func lineCount(_ story: Story) -> Int { story.templates.filter { !$0.id.isEmpty }.count }
}
