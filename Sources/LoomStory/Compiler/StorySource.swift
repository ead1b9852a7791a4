import LoomCore

/// The text of one `.yarn` file and the name its diagnostics use.
public struct StorySource: Sendable {
    /// The file's name or path, as diagnostics should print it.
    public var name: String
    /// The file's contents.
    public var text: String

    /// A source from text already in memory.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// Reads a file; errors name the path.
    public static func load(from path: String) throws -> StorySource {
        StorySource(name: path, text: try AtomicFile.readText(path))
    }
}

extension LoomError.Kind {
    /// A story failed to compile; every diagnostic is in `LoomError.related`.
    public static let story = LoomError.Kind("story")
}
