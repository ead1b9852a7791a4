import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory
import LoomText

/// A world folder loaded: `world.lua` (its name, size, tileset, default seed, `generate(ctx)`
/// pipeline and rules), its story compiled with the Lua hooks connected (`story/*.yarn`, or the
/// ink story `world.lua` names: ``WorldStory``), and the optional `grammar.json` and `corpus.txt`.
///
/// ```swift
/// let world = try World.load(from: "Worlds/isles")
/// let generated = try world.generate(seed: Seed(7))
/// let session = try world.play(generated)
/// ```
///
/// A `World` is content, as ink's `Story` is: once loaded it does not change, and it is
/// `Sendable`, so any task may generate from it. Everything that changes while playing —
/// the facts, the story runner, the text binding, the listeners, the player, the map's edits
/// and the Lua state — lives in a ``WorldSession``, which has a Lua VM of its own; two sessions
/// of one world never see each other. ``generate(seed:size:parameters:)`` runs `world.lua` in a
/// fresh VM each time. To take up edited files, load the folder again (``reloaded()``).
///
/// Generating off the main actor:
///
/// ```swift
/// @MainActor func newMap(of world: World, seed: Seed) async throws -> GeneratedWorld {
///     try await Task.detached { try world.generate(seed: seed) }.value
/// }
/// ```
public final class World: @unchecked Sendable {
    /// The folder.
    public let folder: String
    /// What `world.lua` declared (name, size, seed, start node, tileset).
    public let definition: WorldDefinition
    /// The story: Yarn Spinner's, compiled from `story/*.yarn` with the world's functions, or
    /// the ink story `world.lua` names (`story = "story/main.ink"`).
    public let story: WorldStory
    /// The text of `grammar.json`, when the folder has one.
    public let grammarText: String?
    /// The text of `corpus.txt`, when the folder has one.
    public let corpusText: String?
    /// The declarations the story was compiled against: the facts, the text functions and the
    /// functions `world.lua` declares. Each session binds its own copies to its own Lua VM.
    public let functions: FunctionLibrary
    /// The text assets the story's `generate`, `grammar` and `name` use: `corpus.txt`'s n-gram
    /// model, `grammar.json`, `names/`, `banned-words.txt` and the transformer of `world.lua`'s
    /// `text` table (`WorldProseSettings`).
    public let text: WorldText
    /// A digest of the files that decide what a seed makes and what the story says (`*.lua`,
    /// `grammar.json`, `corpus.txt`, `banned-words.txt`, `names/*.txt`, `story/*.yarn`; not
    /// models): 16 hex digits of a `StableHasher`, the same on every machine. A save records
    /// it, and refuses to load once the files have changed.
    public let digest: String
    /// The global `state` table as `world.lua` declared it, which every session starts from
    /// and saves keep; `nil` when it declares none.
    public let initialState: WorldSavedValue?
    /// Where `world.lua` assigns `state`, for errors about it.
    let stateLocation: SourceLocation
    /// Whether the model of `world.lua`'s `text` table is loaded (see ``load(from:textModel:)``).
    public let usesTextModel: Bool
    /// `world.lua`'s source, which every session and every generation runs in a VM of its own.
    let source: String
    /// `grammar.json` parsed: the global `grammar` of every VM.
    let grammar: Grammar?

    /// The one mutable part, behind a lock: the sentence model sessions share, and the
    /// warnings its loading adds.
    private let shared = SharedState()
    /// The embeddings of an ink story's option texts for typed choices, shared by the world's
    /// sessions (a Yarn story keeps its own, `Story.embeddings`).
    let inkEmbeddings = StoryEmbeddingCache()

    fileprivate final class SharedState: @unchecked Sendable {
        let lock = NSLock()
        var warnings: [Diagnostic] = []
        var textEmbedder: (any TextEmbedder)?
        var sentenceModelAttempted = false
    }

    /// Problems that did not stop the world loading, such as a missing transformer file
    /// (`generate` then writes with the n-gram model); `loom` prints them.
    public var warnings: [Diagnostic] { locked { $0.warnings } }

    /// The sentence model every session made from now on starts with (typed choices,
    /// `similarity(a, b)`, `most_similar` saliency); `nil` until set, for example to
    /// ``loadTextEmbedder(named:)``, or until the first session of a story that needs it
    /// loads the shipped one.
    public var textEmbedder: (any TextEmbedder)? {
        get { locked { $0.textEmbedder } }
        set { locked { $0.textEmbedder = newValue } }
    }

    /// Runs `body` with the lock held.
    func locked<T>(_ body: (SharedStateAccess) throws -> T) rethrows -> T {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        return try body(SharedStateAccess(state: shared))
    }

    /// The mutable part, reachable only while ``locked(_:)`` holds the lock.
    struct SharedStateAccess {
        fileprivate let state: SharedState
        var warnings: [Diagnostic] {
            get { state.warnings }
            nonmutating set { state.warnings = newValue }
        }
        var textEmbedder: (any TextEmbedder)? {
            get { state.textEmbedder }
            nonmutating set { state.textEmbedder = newValue }
        }
        var sentenceModelAttempted: Bool {
            get { state.sentenceModelAttempted }
            nonmutating set { state.sentenceModelAttempted = newValue }
        }
    }

    init(folder: String, loaded: LoadedWorld, textModel: Bool) {
        self.folder = folder
        self.definition = loaded.definition
        self.story = loaded.story
        self.functions = loaded.functions
        self.grammarText = loaded.grammarText
        self.corpusText = loaded.corpus
        self.text = loaded.text
        self.digest = loaded.digest
        self.initialState = loaded.initialState
        self.stateLocation = loaded.stateLocation
        self.usesTextModel = textModel
        self.source = loaded.source
        self.grammar = loaded.grammar
        shared.warnings = loaded.warnings
        if let warning = sentenceModelWarning() { shared.warnings.append(warning) }
    }

    /// Reads and compiles a world folder.
    /// - Throws: `LoomError` naming the file and line: `world.lua:12: …` for Lua,
    ///   `story/intro.yarn:3:5: error: …` for Yarn, `story/main.ink:12:5: error: …` for ink.
    ///
    /// With `textModel` false, the model of `world.lua`'s `text` table is not loaded (nor
    /// warned about): `generate` writes with the n-gram model and the authored text, and
    /// `<<generate_options>>` adds nothing. For quick previews, and to compare writers.
    public static func load(from folder: String, textModel: Bool = true) throws -> World {
        World(folder: folder, loaded: try LoadedWorld(folder: folder, textModel: textModel), textModel: textModel)
    }

    /// The folder loaded again (with the same `textModel`): the world as its files are now.
    /// This world, and every session of it, stay as they were; on failure the error is thrown
    /// and nothing changes.
    public func reloaded() throws -> World {
        try World.load(from: folder, textModel: usesTextModel)
    }

    /// The files a preview watches: `world.lua`, every `*.lua` module, the grammar, the corpus,
    /// the transformer's model file (when present) and the stories (`story/*.yarn`, `story/*.ink`
    /// and the ink story `world.lua` names).
    public var files: [String] {
        let manager = FileManager.default
        var files: [String] = []
        for name in (try? manager.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        where name.hasSuffix(".lua") || name == "grammar.json" || name == "corpus.txt" {
            files.append((folder as NSString).appendingPathComponent(name))
        }
        if let model = text.proseSettings?.model {
            let path = WorldText.resolve(model, in: folder)
            if manager.fileExists(atPath: path) { files.append(path) }
        }
        let storyFolder = (folder as NSString).appendingPathComponent("story")
        for name in (try? manager.contentsOfDirectory(atPath: storyFolder))?.sorted() ?? []
        where name.hasSuffix(".yarn") || name.hasSuffix(".ink") {
            files.append((storyFolder as NSString).appendingPathComponent(name))
        }
        if let file = definition.storyFile, !file.hasPrefix("story/") || file.hasSuffix(".json") {
            files.append((folder as NSString).appendingPathComponent(file))
        }
        return files
    }

    /// Whether `folder` holds a `world.lua`.
    public static func isWorldFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("world.lua"))
    }
}

/// The facts of the generated world being played, shared with the story's functions.
final class FactBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: StoryValue] = [:]

    func set(_ facts: [String: StoryValue]) {
        lock.lock()
        values = facts
        lock.unlock()
    }

    var all: [String: StoryValue] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }

    subscript(name: String) -> StoryValue? {
        lock.lock()
        defer { lock.unlock() }
        return values[name]
    }
}

extension LoomError.Kind {
    /// A world folder is missing a file or declares something wrong.
    public static let world = LoomError.Kind("world")
}
