import LoomCore

/// A compiled story: the content, never changed by playing it (the mutable side is ``StoryState``).
///
/// Build one with ``StoryCompiler/compile(_:functions:)``, then play it with a ``StoryRunner``.
public struct Story: Sendable, Codable {
    /// A node (or the selection code of a node group) and where its code starts.
    public struct Node: Sendable, Codable {
        /// The node's title; members of a node group are `Title.subtitle` (or `Title.N`).
        public var name: String
        /// Index of the node's first instruction in ``Story/code``.
        public var entry: Int
        /// The `tags:` header, split on spaces.
        public var tags: [String]
        /// Every header, in order.
        public var headers: [String: String]
        /// False for `tracking: never`.
        public var tracked: Bool
        /// For a group member, the index of its group's selection node.
        public var group: Int?
        /// True for the selection code of a node group.
        public var isGroup: Bool
        /// The file the node came from.
        public var file: String
    }

    /// A line, option or command's text with the places its arguments go.
    public struct Template: Sendable, Codable {
        /// Literal text, or the place the next argument goes.
        public enum Segment: Sendable, Codable, Hashable {
            case text(String)
            case argument
        }
        /// The line's id (`line:…`); empty for commands.
        public var id: String
        /// The text in pieces.
        public var segments: [Segment]
        /// How many arguments the template takes from the stack.
        public var argumentCount: Int
        /// Hashtags, without `#`.
        public var tags: [String]
        /// The finished line when it has no arguments (markup already applied).
        public var fixed: MarkupResult?
        /// Where the text was written.
        public var location: SourceLocation
    }

    /// A variable: its name (with `$`), type and the value it has until set.
    public struct Variable: Sendable, Codable {
        /// The name, with `$`.
        public var name: String
        /// The declared or inferred type.
        public var type: StoryType
        /// The declared value, or the type's default (0, "", false, the first enum case).
        public var initialValue: StoryValue
    }

    /// Every node, node group and group member.
    public var nodes: [Node]
    /// Node indices by name.
    public var nodeIndex: [String: Int]
    /// The instructions of every node, one after another.
    public var code: [Instruction]
    /// Lines, options and commands.
    public var templates: [Template]
    /// String constants the code refers to by index.
    public var strings: [String]
    /// Every variable, declared, inferred or hidden (`once` memory).
    public var variables: [Variable]
    /// Host functions the story calls, by name, with their inferred or registered signatures.
    public var functionNames: [String]
    /// Enum types with their cases' raw values, for tools.
    public var enums: [String: [String: StoryValue]]
    /// The source line of each instruction of ``code`` (0 where none applies), so runtime
    /// errors can name the line. Not saved with the story.
    public var lines: [Int] = []
    /// Sentence embeddings of option texts, hints and `#about:` tags, made once per compiled
    /// story and shared by every runner (and copy) of it. Not saved with the story.
    public let embeddings = StoryEmbeddingCache()

    enum CodingKeys: String, CodingKey {
        case nodes, nodeIndex, code, templates, strings, variables, functionNames, enums
    }

    /// The index of the node (or node group) with this name.
    public func node(named name: String) -> Int? { nodeIndex[name] }

    /// Names of every node a player can be sent to (groups, not their members).
    public var nodeNames: [String] {
        nodes.filter { $0.group == nil }.map(\.name)
    }
}
