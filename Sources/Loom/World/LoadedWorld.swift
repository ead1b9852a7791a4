import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory
import LoomText

/// Everything read from a world folder, made before a ``World`` adopts it.
struct LoadedWorld {
    var definition: WorldDefinition
    var story: WorldStory
    var functions: FunctionLibrary
    var grammarText: String?
    var grammar: Grammar?
    var corpus: String?
    var text: WorldText
    var warnings: [Diagnostic] = []
    var source: String
    /// ``World/digest``.
    var digest: String
    /// The global `state` table as world.lua left it: what every session starts from.
    var initialState: WorldSavedValue?
    /// Where world.lua assigns `state`, for errors about it.
    var stateLocation: SourceLocation

    init(folder: String, textModel: Bool = true) throws {
        let path = (folder as NSString).appendingPathComponent("world.lua")
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoomError(.world, "\(folder) has no world.lua", at: SourceLocation(file: path))
        }
        let files = try WorldFiles(folder: folder)
        source = try AtomicFile.readText(
            try files.path("world.lua", what: "world.lua", at: SourceLocation(file: "world.lua")))
        let read = { (name: String) throws -> String? in
            let path = try files.existing(name, at: SourceLocation(file: name))
            return try path.map { try AtomicFile.readText($0) }
        }
        grammarText = try read("grammar.json")
        corpus = try read("corpus.txt")
        grammar = try grammarText.map { try Grammar(json: $0, file: "grammar.json") }
        let script = try WorldScript.run(folder: folder, source: source, grammar: grammar)
        let table = script.table
        definition = try WorldDefinition(table: table, folder: folder)
        script.tileset = definition.tileset
        try script.readHooks()
        digest = try Self.digest(folder: folder, files: files, storyFile: definition.storyFile)
        stateLocation = Self.stateLocation(in: source)
        let state = try WorldScript.located { try script.vm.global("state") }
        initialState = try Self.savable(state, at: stateLocation)
        // The story's text functions (`generate`, `grammar`, `name`) over the folder's text assets,
        // with the transformer `text = { model = … }` names.
        var text = try WorldText.load(from: folder)
        if table[.string("text")] != .nil {
            let settings = try WorldProseSettings.read(table[.string("text")], source: source)
            if textModel, let warning = try text.loadProse(settings, folder: folder, source: source) {
                warnings.append(warning)
            }
        }
        self.text = text
        // The declarations the story compiles against; sessions bind their own.
        functions = try script.storyFunctions(text: text, facts: FactBox()).0
        story = try Self.compileStory(folder: folder, definition: definition, functions: functions)
    }
    /// The savable `state` global as a save keeps it; `nil` when world.lua declares none.
    static func savable(_ state: LuaValue, at location: SourceLocation) throws -> WorldSavedValue? {
        switch state {
        case .nil: return nil
        case .table: return try WorldSavedValue(state, path: "state", at: location)
        default:
            throw LoomError(
                .world, "the global 'state' is \(WorldFunctions.describe(state)); a world's savable state is a table",
                at: location)
        }
    }

    /// The line of world.lua that assigns the global `state` (`state = {`), or the file.
    static func stateLocation(in source: String) -> SourceLocation {
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("state =") || trimmed.hasPrefix("state=") {
                return SourceLocation(file: "world.lua", line: index + 1, column: line.count - trimmed.count + 1)
            }
        }
        return WorldDefinition.location
    }

    /// The files that decide what a seed makes and what the story says, in a fixed order:
    /// `*.lua`, `grammar.json`, `corpus.txt`, `banned-words.txt`, `names/*.txt` and
    /// `story/*.yarn` (not models, walks or READMEs); for a world with an ink story
    /// (`storyFile`), `story/*.ink`, `story/*.json` and the story file instead of `story/*.yarn`.
    static func digestFiles(in folder: String, storyFile: String? = nil) -> [String] {
        let manager = FileManager.default
        func list(_ sub: String, _ keep: (String) -> Bool) -> [String] {
            let path = sub.isEmpty ? folder : (folder as NSString).appendingPathComponent(sub)
            return ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter(keep).sorted()
                .map { sub.isEmpty ? $0 : sub + "/" + $0 }
        }
        return list("") { $0.hasSuffix(".lua") || ["grammar.json", "corpus.txt", "banned-words.txt"].contains($0) }
            + list("names") { $0.hasSuffix(".txt") } + storyFiles(in: folder, storyFile: storyFile, list: list)
    }

    private static func storyFiles(
        in folder: String, storyFile: String?, list: (String, (String) -> Bool) -> [String]
    ) -> [String] {
        guard let storyFile else { return list("story") { $0.hasSuffix(".yarn") } }
        let files = list("story") { $0.hasSuffix(".ink") || $0.hasSuffix(".json") }
        return files.contains(storyFile) ? files : files + [storyFile]
    }

    /// ``World/digest``: a ``StableHasher`` over the names and bytes of ``digestFiles(in:)``.
    static func digest(folder: String, files: WorldFiles, storyFile: String? = nil) throws -> String {
        var hasher = StableHasher()
        for name in digestFiles(in: folder, storyFile: storyFile) {
            let path = try files.path(name, what: name, at: SourceLocation(file: name))
            hasher.combine(name)
            let bytes = try AtomicFile.read(path)
            hasher.combine(bytes: bytes)
            hasher.combine(UInt64(bytes.count))
        }
        return WorldSave.hex(hasher.finalize())
    }

    static func compileStory(folder: String, functions: FunctionLibrary) throws -> Story {
        let storyFolder = (folder as NSString).appendingPathComponent("story")
        let files = try WorldFiles(folder: folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: storyFolder)) ?? [])
            .filter { $0.hasSuffix(".yarn") }.sorted()
        var sources: [StorySource] = []
        for name in names {
            let location = SourceLocation(file: "story/\(name)")
            let text = try AtomicFile.readText(try files.path("story/\(name)", what: "story/\(name)", at: location))
            sources.append(StorySource(name: "story/\(name)", text: text))
        }
        guard !sources.isEmpty else {
            throw LoomError(.world, "\(folder) has no story/*.yarn files", at: SourceLocation(file: storyFolder))
        }
        return try StoryCompiler.compile(sources, functions: functions)
    }
}
