import Foundation
import LoomCore
import LoomInk
import LoomStory

/// The story a world plays, in either of the languages Loom speaks.
///
/// A world plays Yarn Spinner's story of its `story/*.yarn` files, unless `world.lua`'s table
/// names an ink story:
///
/// ```lua
/// return {
///   name = "lighthouse",
///   story = "story/main.ink",   -- or a .json file inklecate compiled
///   start = "arrival",          -- a knot; without it, the top of the story
///   ...
/// }
/// ```
///
/// The world's story functions (`generate`, `generate_n`, `grammar`, `name`, `fact`,
/// `fact_number`, `has_fact` and those of `world.lua`'s `functions` table) answer the ink
/// story's `EXTERNAL` functions of the same names; the story declares each one it calls, as
/// ink requires (`EXTERNAL generate(instruction, fallback)`). A fact of the generated world sets
/// the ink global of the same name when the story declares it (`VAR rooms = 0`), as it sets
/// the Yarn variable `$rooms`.
public enum WorldStory: Sendable {
    /// A Yarn Spinner story, compiled from `story/*.yarn` with the world's functions.
    case yarn(Story)
    /// An ink story, compiled from the `.ink` file `world.lua` names (or read from its `.json`).
    case ink(InkStory)

    /// The Yarn Spinner story, or `nil` for an ink world.
    public var yarn: Story? {
        if case .yarn(let story) = self { story } else { nil }
    }

    /// The ink story, or `nil` for a Yarn world.
    public var ink: InkStory? {
        if case .ink(let story) = self { story } else { nil }
    }

    /// What a session can start (``WorldSession/start(node:)``) and `on_enter` can return:
    /// Yarn's node names, or ink's knots and functions.
    public var nodeNames: [String] {
        switch self {
        case .yarn(let story): story.nodeNames
        case .ink(let story): story.knotNames
        }
    }
}

extension LoadedWorld {
    /// The world's story: the ink story `world.lua` names, else `story/*.yarn`.
    static func compileStory(
        folder: String, definition: WorldDefinition, functions: FunctionLibrary
    ) throws -> WorldStory {
        guard let file = definition.storyFile else {
            return .yarn(try compileStory(folder: folder, functions: functions))
        }
        let story = try compileInk(folder: folder, file: file)
        let problems = inkExternalProblems(story, file: file, functions: functions)
        if !problems.isEmpty { throw LoomError(.world, diagnostics: problems) }
        return .ink(story)
    }

    /// The ink story at `file` (relative to `folder`): compiled from source, its `INCLUDE`s read
    /// beside it inside the world, or read from inklecate's JSON.
    /// - Throws: the compiler's located errors (`story/main.ink:12:5: error: …`); a `.world`
    ///   error when the file is missing or leads outside the folder.
    static func compileInk(folder: String, file: String) throws -> InkStory {
        let files = try WorldFiles(folder: folder)
        let path = try files.path(file, what: "the story", at: WorldDefinition.location)
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoomError(
                .world, "world.lua names the story '\(file)', which is not in \(folder)", at: WorldDefinition.location)
        }
        let text = try AtomicFile.readText(path)
        if file.hasSuffix(".json") { return try InkStory(json: text, file: file) }
        let base = (file as NSString).deletingLastPathComponent
        return try InkCompiler.compile(text, file: file) { included in
            let name = base.isEmpty ? included : base + "/" + included
            return try AtomicFile.readText(try files.path(name, what: "INCLUDE", at: SourceLocation(file: file)))
        }
    }

    /// The `EXTERNAL` calls of `story` the world cannot answer: a function the world does not
    /// define and the story gives no fallback for, or a call with another number of arguments
    /// than the world's function takes. Located at the story file (ink's JSON has no lines).
    static func inkExternalProblems(_ story: InkStory, file: String, functions: FunctionLibrary) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var reported: Set<String> = []
        let location = SourceLocation(file: file)
        for call in story.externalCalls where !reported.contains(call.name) {
            let place = call.path.isEmpty ? "the story's top" : call.path
            if let function = functions.functions[call.name] {
                let count = function.parameters.count
                guard count != call.arguments else { continue }
                reported.insert(call.name)
                problems.append(
                    Diagnostic(
                        .error,
                        "the story calls '\(call.name)' with \(call.arguments) argument\(call.arguments == 1 ? "" : "s") "
                            + "(in \(place)), but the world's function takes \(count)", at: location))
            } else if !story.definesFunction(named: call.name) {
                reported.insert(call.name)
                let known = functions.functions.keys.sorted().joined(separator: ", ")
                problems.append(
                    Diagnostic(
                        .error,
                        "the story calls the EXTERNAL function '\(call.name)' (in \(place)), which the world does not "
                            + "define and the story has no fallback function for; the world's functions: \(known)",
                        at: location))
            }
        }
        return problems
    }
}

extension StoryPlayerFunction {
    /// A world's story function (a ``StoryFunction`` of its ``FunctionLibrary``) as ink binds
    /// it: Yarn's types map to the shared ones (an enumeration takes any value).
    init(world function: StoryFunction) {
        self.init(
            function.name, parameters: function.parameters.map(StoryPlayerValueType.init(world:)),
            returns: StoryPlayerValueType(world: function.returnType)
        ) { arguments in
            StoryPlayerValue(world: try function.body(arguments.map(StoryValue.init(world:))))
        }
    }
}

extension StoryPlayerValueType {
    init(world type: StoryType) {
        switch type {
        case .number: self = .number
        case .string: self = .string
        case .bool: self = .bool
        default: self = .any
        }
    }
}

extension StoryValue {
    /// A shared story value as the world's functions take it.
    init(world value: StoryPlayerValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        }
    }
}

extension StoryPlayerValue {
    /// A world value (a fact, a function's result) in the shared terms.
    init(world value: StoryValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        }
    }
}
