import LoomCore

/// The shape of an ink story for tools: its knots and stitches, and the diverts, tunnels,
/// threads, function calls and choices that connect them, read from the compiled container
/// tree (so a story compiled by Loom and inklecate's JSON draw alike). Export as Graphviz DOT.
///
/// ```swift
/// let graph = InkGraph(story: try InkCompiler.compile(source))
/// try AtomicFile.write(graph.dot(), to: "story.dot")
/// ```
public struct InkGraph: Sendable, Equatable {
    /// A knot, stitch or function, or the story's top (`(start)`, the content before the
    /// first knot).
    public struct Node: Sendable, Equatable {
        /// `knot` or `knot.stitch`; `(start)` for the top of the story.
        public var name: String
        /// Whether a function call leads here (ink's JSON does not mark functions otherwise).
        public var isFunction: Bool
        /// The text of the node's choices, in order (`…` where the text is computed).
        public var choices: [String]
        /// How many line breaks the node's text holds: about the lines it can deliver.
        public var lineCount: Int
    }

    /// How one node leads to another.
    public struct Edge: Sendable, Equatable {
        /// The kind of link.
        public enum Kind: String, Sendable {
            /// A divert (`-> knot`).
            case divert
            /// A tunnel (`-> knot ->`), which returns.
            case tunnel
            /// A function call.
            case function
            /// A thread (`<- knot`).
            case thread
        }
        /// The node the link starts in.
        public var from: String
        /// The destination node, or `"?"` for a divert to a variable's target.
        public var to: String
        /// The kind of link.
        public var kind: Kind
        /// The text of the choice whose body holds the link, if any.
        public var choice: String?
    }

    /// The nodes in story order: the top, then each knot followed by its stitches.
    public var nodes: [Node] = []
    /// The links, in content order per node; repeated links of one kind and choice appear once.
    public var edges: [Edge] = []

    /// Reads the graph out of `story`'s containers.
    public init(story: InkStory) {
        var owners: [ObjectIdentifier: String] = [:]
        var order: [(name: String, container: InkContainer)] = [("(start)", story.root)]
        owners[ObjectIdentifier(story.root)] = "(start)"
        for knot in story.knotNames {
            guard let container = story.root.namedChildren[knot] else { continue }
            order.append((knot, container))
            owners[ObjectIdentifier(container)] = knot
            for (name, child) in Self.stitches(of: container) {
                order.append(("\(knot).\(name)", child))
                owners[ObjectIdentifier(child)] = "\(knot).\(name)"
            }
        }
        func owner(of container: InkContainer?) -> String? {
            var current = container
            while let node = current {
                if let name = owners[ObjectIdentifier(node)] { return name }
                current = node.parent
            }
            return nil
        }
        var functions = Set<String>()
        for (name, container) in order {
            var walk = Walk(isOwn: { owners[ObjectIdentifier($0)] == nil })
            walk.run(container, choice: nil)
            nodes.append(Node(name: name, isFunction: false, choices: walk.choices, lineCount: walk.lineCount))
            for link in walk.links {
                let inner = link.target.flatMap { $0.container ?? $0.pointer.container }
                let target = owner(of: inner) ?? "?"
                // Diverts within the node (to its gathers, its choices' bodies) are its own
                // flow; a divert back to its start is a loop and is drawn.
                if target == name, inner !== container { continue }
                if link.kind == .function { functions.insert(target) }
                let edge = Edge(from: name, to: target, kind: link.kind, choice: link.choice)
                if !edges.contains(edge) { edges.append(edge) }
            }
        }
        for index in nodes.indices where functions.contains(nodes[index].name) { nodes[index].isFunction = true }
    }

    /// The named children of a knot that are stitches: every name the compiler does not make
    /// up itself (`c-0`, `g-1`, `s`, `b`, `$r1`, sequence branches `s0`).
    static func stitches(of knot: InkContainer) -> [(String, InkContainer)] {
        var result: [(String, InkContainer)] = []
        var seen = Set<String>()
        let inOrder = knot.content.compactMap { object -> String? in
            if case .container(let child) = object { return child.name }
            return nil
        }
        for name in inOrder + knot.namedOnlyOrder where !seen.contains(name) && !isGenerated(name) {
            seen.insert(name)
            if let child = knot.namedChildren[name] { result.append((name, child)) }
        }
        return result
    }

    /// Whether a container name is one the compiler makes (not a writer's stitch).
    static func isGenerated(_ name: String) -> Bool {
        if name == "s" || name == "b" || name.hasPrefix("$") { return true }
        for prefix in ["c-", "g-", "s"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if !rest.isEmpty, rest.allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// Graphviz DOT: boxes for knots and stitches, ellipses for functions, dashed arrows for
    /// tunnels, dotted for function calls, bold for threads, choice text as edge labels.
    public func dot() -> String {
        var graph = DOTGraph()
        for node in nodes {
            let label = node.name + (node.choices.isEmpty ? "" : "\n\(node.choices.count) choices")
            graph.node(node.name, label: label, attributes: node.isFunction ? ["shape=ellipse"] : [])
        }
        if edges.contains(where: { $0.to == "?" }) { graph.node("?", attributes: ["shape=diamond"]) }
        for edge in edges {
            let attributes: [String] =
                switch edge.kind {
                case .divert: []
                case .tunnel: ["style=dashed"]
                case .function: ["style=dotted"]
                case .thread: ["style=bold"]
                }
            graph.edge(from: edge.from, to: edge.to, attributes: attributes, label: edge.choice)
        }
        return graph.text
    }
}

/// One node's content read for the graph: its choices, line breaks and links, without
/// entering the containers of other nodes.
private struct Walk {
    struct Link {
        var target: InkTarget?
        var kind: InkGraph.Edge.Kind
        var choice: String?
    }

    /// Whether a container belongs to this node (it is not another node's).
    let isOwn: (InkContainer) -> Bool
    var choices: [String] = []
    var lineCount = 0
    var links: [Link] = []
    /// The choice text of each choice's target container, found at its choice point.
    var choiceOfContainer: [ObjectIdentifier: String] = [:]

    mutating func run(_ container: InkContainer, choice: String?) {
        let choice = choiceOfContainer[ObjectIdentifier(container)] ?? choice
        var pendingThread = false
        for (index, object) in container.content.enumerated() {
            switch object {
            case .container(let child):
                if isOwn(child) { run(child, choice: choice) }
            case .value(.string(let text)):
                if text == "\n" { lineCount += 1 }
            case .command(.startThread):
                pendingThread = true
            case .divert(let divert):
                guard divert.externalName == nil else { break }
                var kind = InkGraph.Edge.Kind.divert
                if pendingThread {
                    kind = .thread
                } else if divert.pushType == .tunnel {
                    kind = .tunnel
                } else if divert.pushType == .function {
                    kind = .function
                }
                pendingThread = false
                // A choice's start content returns through a variable the compiler names `$r`.
                if divert.target == nil && !(divert.variableName.map { !$0.hasPrefix("$") } ?? false) { break }
                links.append(Link(target: divert.target, kind: kind, choice: choice))
            case .choicePoint(let point):
                let text = Self.choiceText(before: index, in: container)
                choices.append(text)
                if let target = point.target.container ?? point.target.pointer.container {
                    choiceOfContainer[ObjectIdentifier(target)] = text
                }
            default: break
            }
        }
        for name in container.namedOnlyOrder {
            if let child = container.namedChildren[name], isOwn(child) { run(child, choice: choice) }
        }
    }

    /// The text a choice point shows, read back from the string evaluations before it:
    /// literal text, and the text of the `s` container its start content diverts to; `…`
    /// stands for anything computed.
    static func choiceText(before index: Int, in container: InkContainer) -> String {
        var start = index - 1
        while start >= 0 {
            if case .command(.evalStart) = container.content[start] { break }
            start -= 1
        }
        var text = ""
        var inString = false
        for object in container.content[max(start, 0)..<index] {
            switch object {
            case .command(.beginString): inString = true
            case .command(.endString): inString = false
            case .value(.string(let piece)) where inString: text += piece
            case .divert(let divert) where inString:
                if let target = divert.target?.container ?? divert.target?.pointer.container {
                    for case .value(.string(let piece)) in target.content { text += piece }
                } else {
                    text += "…"
                }
            case .variableReference where inString, .native where inString: text += "…"
            default: break
            }
        }
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        return trimmed.isEmpty ? "…" : trimmed
    }
}
