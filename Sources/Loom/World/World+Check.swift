import Foundation
import LoomCore
import LoomInk
import LoomScript
import LoomStory
import LoomText

/// What a world adds to its story's language: the functions stories may call and the commands
/// they may run, read from `world.lua` without generating a map, loading a text model or
/// compiling the story. ``World/checkStory(folder:files:)`` compiles with it; tools write it as
/// Yarn Spinner's declaration file (``declarations``).
///
/// ```swift
/// let language = try World.storyLanguage(folder: "Worlds/isles")
/// try AtomicFile.write(try language.declarations.ysls(), to: "isles.ysls.json")
/// ```
public struct WorldStoryLanguage: Sendable {
    /// The functions the world's stories compile with: the facts (`fact`, `fact_number`,
    /// `has_fact`), the text functions (`generate`, `generate_n`, `grammar`, `name`) and those of
    /// `world.lua`'s `functions` table. Their bodies are the world's, but a world checked this
    /// way has no generated map: use it to compile, not to play.
    public var functions: FunctionLibrary
    /// The same functions with parameter names and documentation, and the commands: those of
    /// `world.lua`'s `commands` table and Loom's `<<generate_options>>`.
    public var declarations: StoryDeclarations
    /// The story files of the world, `story/*.yarn` relative to its folder, sorted; for a world
    /// with an ink story, the file `world.lua` names.
    public var storyFiles: [String]
    /// The ink story `world.lua` names (`story = "story/main.ink"`), or `nil` for a Yarn world.
    public var inkStoryFile: String?
}

/// A world's ink story checked with the world's functions (``World/checkInkStory(folder:)``).
public struct WorldInkCheck: Sendable {
    /// The story file, relative to the world's folder.
    public var file: String
    /// The compiled story, or `nil` when any diagnostic is an error.
    public var story: InkStory?
    /// The compiler's errors and warnings, then the `EXTERNAL` calls the world cannot answer.
    public var diagnostics: [Diagnostic]
}

extension World {
    /// Reads the story language of the world at `folder`: runs `world.lua`'s top level (as
    /// ``load(from:textModel:)`` does) and declares its functions and commands.
    /// - Throws: `LoomError` located in `world.lua` when it fails to run or declares a function
    ///   wrongly; `.world` when `folder` has no `world.lua`.
    public static func storyLanguage(folder: String) throws -> WorldStoryLanguage {
        let files = try WorldFiles(folder: folder)
        let path = try files.path("world.lua", what: "world.lua", at: SourceLocation(file: "world.lua"))
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoomError(.world, "\(folder) has no world.lua", at: SourceLocation(file: path))
        }
        let source = try AtomicFile.readText(path)
        // world.lua may read the global `grammar` while it runs, as when the world loads.
        let grammar = try files.existing("grammar.json", at: SourceLocation(file: "grammar.json")).map {
            try Grammar(json: try AtomicFile.readText($0), file: "grammar.json")
        }
        // The same VM set-up and the same function library as a session's, without a map.
        let script = try WorldScript.run(folder: folder, source: source, grammar: grammar)
        let table = script.table
        let functions = try script.storyFunctions(text: WorldText(), facts: FactBox()).0
        var documentation = builtinDocumentation
        for (key, value) in table[.string("functions")].tableValue?.fields ?? [:] {
            if let name = key.stringValue { documentation[name] = declaredText(value.tableValue?[.string("body")]) }
        }
        var declarations = StoryDeclarations(
            functions: functions, names: builtinParameterNames, documentation: documentation)

        declarations.commands.append(generateOptionsCommand)
        for (key, value) in table[.string("commands")].tableValue?.fields ?? [:] {
            guard let name = key.stringValue, value.functionValue != nil else {
                throw LoomError(.world, "commands.\(key) must be a function", at: WorldDefinition.location)
            }
            declarations.commands.append(
                StoryDeclarations.Command(
                    name: name,
                    parameters: [
                        .init(
                            name: "arguments", type: .string,
                            documentation: "The command's words after its name, each a string.", isParamsArray: true)
                    ],
                    documentation: "A command of the world. " + declaredText(value)))
        }
        let inkFile = try WorldDefinition(table: table, folder: folder).storyFile
        return WorldStoryLanguage(
            functions: functions, declarations: declarations,
            storyFiles: inkFile.map { [$0] } ?? storyFiles(of: folder),
            inkStoryFile: inkFile)
    }

    /// Checks the ink story of the world at `folder` without generating: compiles it and checks
    /// that the world answers every `EXTERNAL` function it calls (the world defines it with as
    /// many parameters, or the story has a fallback). Returns `nil` for a world whose story is
    /// Yarn Spinner's (``checkStory(folder:files:)`` checks those).
    /// - Throws: `LoomError` when `world.lua` fails (see ``storyLanguage(folder:)``) or the story
    ///   file is missing; problems in the story are diagnostics, not errors.
    public static func checkInkStory(folder: String) throws -> WorldInkCheck? {
        let language = try storyLanguage(folder: folder)
        guard let file = language.inkStoryFile else { return nil }
        let story: InkStory
        do {
            story = try LoadedWorld.compileInk(folder: folder, file: file)
        } catch let error as LoomError where error.kind == .syntax || error.kind == .format {
            return WorldInkCheck(file: file, story: nil, diagnostics: error.diagnostics)
        }
        let problems = LoadedWorld.inkExternalProblems(story, file: file, functions: language.functions)
        return WorldInkCheck(file: file, story: problems.isEmpty ? story : nil, diagnostics: problems)
    }

    /// Checks a world's story with the world's functions declared, without generating: every
    /// diagnostic of every file, located. `files` are the story files to compile (paths as the
    /// diagnostics should name them); `nil` compiles the world's `story/*.yarn`, named
    /// `story/name.yarn`.
    /// - Throws: `LoomError` when `world.lua` fails (see ``storyLanguage(folder:)``) or a story
    ///   file cannot be read; problems in the story are diagnostics, not errors.
    public static func checkStory(folder: String, files: [String]? = nil) throws -> StoryCompiler.Result {
        let language = try storyLanguage(folder: folder)
        if let ink = language.inkStoryFile, files == nil {
            throw LoomError(
                .world,
                "the world's story is the ink story \(ink), not Yarn Spinner's (checkInkStory(folder:) checks it)",
                at: WorldDefinition.location)
        }
        var sources: [StorySource] = []
        if let files {
            for file in files { sources.append(try StorySource.load(from: file)) }
        } else {
            let confined = try WorldFiles(folder: folder)
            for name in language.storyFiles {
                let path = try confined.path(name, what: name, at: SourceLocation(file: name))
                sources.append(StorySource(name: name, text: try AtomicFile.readText(path)))
            }
            guard !sources.isEmpty else {
                throw LoomError(.world, "\(folder) has no story/*.yarn files", at: SourceLocation(file: folder))
            }
        }
        return StoryCompiler.check(sources, functions: language.functions)
    }

    /// The world folder that holds `path` (a story file or any file inside a world): the
    /// nearest folder at or above it with a `world.lua`, or `nil`.
    public static func enclosingWorldFolder(of path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            if isWorldFolder(url.path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// `story/*.yarn` of `folder`, sorted, relative to it.
    private static func storyFiles(of folder: String) -> [String] {
        let storyFolder = (folder as NSString).appendingPathComponent("story")
        return ((try? FileManager.default.contentsOfDirectory(atPath: storyFolder)) ?? [])
            .filter { $0.hasSuffix(".yarn") }.sorted().map { "story/\($0)" }
    }

    /// "Declared in world.lua:12." for a Lua function.
    private static func declaredText(_ value: LuaValue?) -> String {
        guard let location = value?.functionValue?.definition, location.line > 0 else {
            return "Declared in world.lua."
        }
        return "Declared in \(location.file):\(location.line)."
    }

    private static let builtinParameterNames: [String: [String]] = [
        "fact": ["name"], "fact_number": ["name"], "has_fact": ["name"],
        "generate": ["instruction", "fallback"], "generate_n": ["instruction", "fallback", "tokens"],
        "grammar": ["symbol"], "name": ["culture"],
    ]

    private static let builtinDocumentation: [String: String] = [
        "fact": "The world's fact `name` as text (empty when the generated world has no such fact).",
        "fact_number": "The world's fact `name` as a number (0 when absent).",
        "has_fact": "Whether the generated world has the fact `name`.",
        "generate":
            "Prose the world's writers write for `instruction` (its text model, else the n-gram model); "
            + "`fallback` when they write nothing (empty: the grammar symbol `fallback`).",
        "generate_n": "`generate` with a budget of at most `tokens` tokens (at least 1).",
        "grammar": "An expansion of the symbol `symbol` of the world's grammar.json.",
        "name": "A new name of the naming culture `culture` (names/CULTURE.txt).",
    ]

    private static let generateOptionsCommand = StoryDeclarations.Command(
        name: GeneratedOptionsCall.command,
        parameters: [
            .init(name: "instruction", type: .string, documentation: "What the options are about (quoted)."),
            .init(name: "count", type: .number, documentation: "How many options to offer, 1 to 8."),
            .init(
                name: "route_and_variables", type: .string,
                documentation: "Optionally `passage` (the default) or `about`, then the `$variables` a chosen "
                    + "option sets.", isParamsArray: true),
        ],
        documentation: "Adds up to `count` options written by the world's text model to the next option set.")
}
