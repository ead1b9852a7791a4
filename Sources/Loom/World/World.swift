import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory

/// A world folder loaded: `world.lua` (its name, size, tileset, default seed, `generate(ctx)`
/// pipeline and rules), `story/*.yarn` compiled with the Lua hooks connected, and the optional
/// `grammar.json` and `corpus.txt`.
///
/// ```swift
/// let world = try World.load(from: "Worlds/isles")
/// let generated = try world.generate(seed: Seed(7))
/// let session = try world.play(generated)
/// ```
///
/// A `World` is not thread-safe: use it from one thread at a time.
public final class World {
    /// The world folder.
    public let folder: String
    /// What `world.lua` declared (name, size, seed, start node, tileset).
    public private(set) var definition: WorldDefinition
    /// The story compiled from `story/*.yarn` with the world's functions.
    public private(set) var story: Story
    /// The text of `grammar.json`, when the folder has one.
    public private(set) var grammarText: String?
    /// The text of `corpus.txt`, when the folder has one.
    public private(set) var corpusText: String?
    /// The story functions: the facts, and the functions `world.lua` declares.
    public private(set) var functions: FunctionLibrary
    /// The text assets the story's `generate`, `grammar` and `name` use: `corpus.txt`'s n-gram
    /// model, `grammar.json`, `names/`, `banned-words.txt` and the transformer of `world.lua`'s
    /// `text` table (``WorldProseSettings``).
    public private(set) var text: WorldText
    /// Problems that did not stop the world loading, such as a missing transformer file
    /// (`generate` then writes with the n-gram model); `loom` prints them.
    public internal(set) var warnings: [Diagnostic]

    /// A digest of the files that decide what a seed makes and what the story says (`*.lua`,
    /// `grammar.json`, `corpus.txt`, `banned-words.txt`, `names/*.txt`, `story/*.yarn`; not
    /// models): 16 hex digits of a ``StableHasher``, the same on every machine. A save records
    /// it, and refuses to load once the files have changed.
    public private(set) var digest: String
    /// The global `state` table as `world.lua` declared it, which every session starts from
    /// and saves keep; `nil` when it declares none.
    public private(set) var initialState: WorldSavedValue?
    /// Where `world.lua` assigns `state`, for errors about it.
    var stateLocation: SourceLocation

    /// The error of the last failed ``reload()``; `nil` after a successful one.
    public private(set) var lastError: LoomError?

    /// The sentence model every session made from now on starts with (typed choices,
    /// `similarity(a, b)`, `most_similar` saliency); `nil` until set, for example to
    /// ``loadTextEmbedder(named:)``.
    public var textEmbedder: (any TextEmbedder)?
    /// Whether a session already tried to load the sentence model the story needs.
    var sentenceModelAttempted = false

    /// Whether the model of `world.lua`'s `text` table is loaded (see ``load(from:textModel:)``).
    public private(set) var usesTextModel = true

    /// Connects the story's text functions to the runner playing them.
    var textBinding: StoryTextBinding

    /// The Lua side: the VM and the world table's functions.
    var script: WorldScript
    /// Facts of the world being played, read by the story's `fact` functions.
    let facts = FactBox()

    init(folder: String, loaded: Loaded) {
        self.folder = folder
        self.definition = loaded.definition
        self.story = loaded.story
        self.script = loaded.script
        self.functions = loaded.functions
        self.textBinding = loaded.textBinding
        self.grammarText = loaded.grammar
        self.corpusText = loaded.corpus
        self.text = loaded.text
        self.warnings = loaded.warnings
        self.digest = loaded.digest
        self.initialState = loaded.initialState
        self.stateLocation = loaded.stateLocation
        bindFacts()
        if let warning = sentenceModelWarning() { warnings.append(warning) }
    }

    /// Prompts read the facts of the world being played.
    private func bindFacts() {
        let facts = self.facts
        textBinding.facts = { facts.all }
    }

    /// Reads and compiles a world folder.
    /// - Throws: `LoomError` naming the file and line: `world.lua:12: …` for Lua,
    ///   `story/intro.yarn:3:5: error: …` for Yarn.
    ///
    /// With `textModel` false, the model of `world.lua`'s `text` table is not loaded (nor
    /// warned about): `generate` writes with the n-gram model and the authored text, and
    /// `<<generate_options>>` adds nothing. For quick previews, and to compare writers.
    public static func load(from folder: String, textModel: Bool = true) throws -> World {
        let loaded = try Loaded(folder: folder, textModel: textModel)
        let world = World(folder: folder, loaded: loaded)
        world.usesTextModel = textModel
        loaded.script.world = world
        return world
    }

    /// Reads the folder again. On success the world uses the new files (the seed a caller
    /// keeps stays valid); on failure the last good world stays, ``lastError`` holds the error
    /// and it is rethrown.
    public func reload() throws {
        do {
            let loaded = try Loaded(folder: folder, textModel: usesTextModel)
            definition = loaded.definition
            story = loaded.story
            script = loaded.script
            functions = loaded.functions
            textBinding = loaded.textBinding
            grammarText = loaded.grammar
            corpusText = loaded.corpus
            text = loaded.text
            warnings = loaded.warnings
            digest = loaded.digest
            initialState = loaded.initialState
            stateLocation = loaded.stateLocation
            bindFacts()
            sentenceModelAttempted = false
            if let warning = sentenceModelWarning() { warnings.append(warning) }
            loaded.script.world = self
            lastError = nil
        } catch let error as LoomError {
            lastError = error
            throw error
        }
    }

    /// The files a preview watches: `world.lua`, every `*.lua` module, the grammar, the corpus,
    /// the transformer's model file (when present) and the stories.
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
        where name.hasSuffix(".yarn") {
            files.append((storyFolder as NSString).appendingPathComponent(name))
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
