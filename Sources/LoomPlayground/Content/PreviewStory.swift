import LoomCore

/// The story panel's model: what the story says now and what the player may answer.
///
/// The playground reads it on the render thread after every change and calls ``select(_:)``
/// when the player picks an option (click or number key). `LoomStory`'s runner is plugged in
/// behind this protocol by the `Loom` facade.
public protocol PreviewStory: AnyObject {
    /// The lines shown, oldest first; the panel shows the last few.
    var lines: [String] { get }
    /// The options offered now; empty when the story waits or has ended.
    var options: [PreviewStoryOption] { get }
    /// Chooses the option at `index` (into ``options``); throws when it is unavailable or out
    /// of range. The returned update says whether the world's map must be regenerated.
    func select(_ index: Int) throws -> PreviewUpdate
    /// The story as a graph for the graph view; `nil` when there is none to show.
    var graph: PreviewStoryGraph? { get }
    /// Chooses the option typed `text` means (the text box: Enter, type, Enter). The result
    /// carries the note to show (`matched "…", score 0.73` or `no option matches "…"`); throws
    /// when the story cannot understand typed text (for example without its sentence model).
    /// Default: throws, for stories that take numbers only.
    func select(matching text: String) throws -> PreviewTextChoice
}

extension PreviewStory {
    /// Throws: this story takes option numbers only.
    public func select(matching text: String) throws -> PreviewTextChoice {
        throw LoomError(.invalidArgument, "this story takes option numbers only, not typed text")
    }
}

/// What typed text did in the story panel.
public struct PreviewTextChoice: Hashable, Sendable {
    /// The note the panel shows under the options, such as `matched "light it", score 0.81`.
    public var note: String
    /// What must be redrawn or regenerated.
    public var update: PreviewUpdate

    /// A result with a note and an update.
    public init(note: String, update: PreviewUpdate) {
        self.note = note
        self.update = update
    }
}

/// One option of the story panel.
public struct PreviewStoryOption: Hashable, Sendable {
    /// The option's text.
    public var text: String
    /// Unavailable options are shown greyed and cannot be chosen.
    public var isAvailable: Bool

    /// An option, available unless told otherwise.
    public init(_ text: String, isAvailable: Bool = true) {
        self.text = text
        self.isAvailable = isAvailable
    }
}

/// Nodes and links of a story, with the node being played.
public struct PreviewStoryGraph: Hashable, Sendable {
    /// Node names; edges refer to them by index.
    public var nodes: [String]
    /// Links between nodes by index, `from` → `to`.
    public var edges: [Edge]
    /// The node being played, if any.
    public var current: Int?

    /// A link from one node to another.
    public struct Edge: Hashable, Sendable {
        /// Index of the source node.
        public var from: Int
        /// Index of the target node.
        public var to: Int

        /// A link `from` → `to`.
        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    /// A graph; edges naming missing nodes are dropped.
    public init(nodes: [String], edges: [Edge], current: Int? = nil) {
        self.nodes = nodes
        self.edges = edges.filter { nodes.indices.contains($0.from) && nodes.indices.contains($0.to) }
        self.current = current.flatMap { nodes.indices.contains($0) ? $0 : nil }
    }

    /// Each node's column in the graph view: its distance in links from node 0 (or from the
    /// nearest earlier unreached node), so a story reads left to right.
    public var depths: [Int] {
        var depth = [Int](repeating: -1, count: nodes.count)
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for edge in edges { outgoing[edge.from].append(edge.to) }
        for root in nodes.indices where depth[root] < 0 {
            depth[root] = 0
            var queue = [root]
            var head = 0
            while head < queue.count {
                let node = queue[head]
                head += 1
                for next in outgoing[node] where depth[next] < 0 {
                    depth[next] = depth[node] + 1
                    queue.append(next)
                }
            }
        }
        return depth
    }
}

/// What changed after the player acted, so the playground knows what to redraw or redo.
public struct PreviewUpdate: OptionSet, Hashable, Sendable {
    /// The bits of the set.
    public let rawValue: Int
    /// A set from its bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Nothing changed.
    public static let none: PreviewUpdate = []
    /// The story panel changed (it is redrawn every frame anyway; kept for callers' clarity).
    public static let story = PreviewUpdate(rawValue: 1)
    /// The world changed: regenerate the map with the current seed and parameters.
    public static let map = PreviewUpdate(rawValue: 2)
}
