/// A Graphviz DOT digraph as Loom's graphs write it (`loom story graph` for Yarn and ink):
/// boxes by default, one line per node and per edge, every name and label quoted.
///
/// ```swift
/// var graph = DOTGraph()
/// graph.node("Start", label: "Start\n2 options")
/// graph.edge(from: "Start", to: "Harbour", attributes: ["style=dashed"], label: "Sail")
/// print(graph.text)
/// // digraph story {
/// //     node [shape=box, fontname="Helvetica"];
/// //     "Start" [label="Start\n2 options"];
/// //     "Start" -> "Harbour" [style=dashed, label="Sail"];
/// // }
/// ```
public struct DOTGraph: Sendable, Equatable {
    /// The node and edge lines written so far, indented, each ending in `;`.
    public private(set) var lines: [String] = []

    /// An empty graph.
    public init() {}

    /// Adds a node: `"id" [label="…", attributes…];`, or `"id" [attributes…];` without a label.
    ///
    /// - Parameters:
    ///   - id: The node's name, quoted as DOT needs.
    ///   - label: The text drawn in the node, or `nil` for none (DOT then draws the name).
    ///   - attributes: DOT attributes written as they are (`shape=folder`); quote a text value
    ///     with ``quote(_:)``.
    public mutating func node(_ id: String, label: String? = nil, attributes: [String] = []) {
        let all = (label.map { ["label=\(Self.quote($0))"] } ?? []) + attributes
        lines.append("    \(Self.quote(id))\(Self.list(all));")
    }

    /// Adds an edge: `"from" -> "to" [attributes…, label="…"];`.
    public mutating func edge(from: String, to: String, attributes: [String] = [], label: String? = nil) {
        let all = attributes + (label.map { ["label=\(Self.quote($0))"] } ?? [])
        lines.append("    \(Self.quote(from)) -> \(Self.quote(to))\(Self.list(all));")
    }

    /// The whole graph, named `story`, ending in a newline.
    public var text: String {
        (["digraph story {", "    node [shape=box, fontname=\"Helvetica\"];"] + lines + ["}"])
            .joined(separator: "\n") + "\n"
    }

    /// `text` as a DOT string: in double quotes, with `\`, `"` and line breaks escaped.
    public static func quote(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// ` [a, b]`, or nothing for no attributes.
    private static func list(_ attributes: [String]) -> String {
        attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
    }
}
