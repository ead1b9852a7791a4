import Foundation
import LoomCore

/// The shape of a compiled story for tools: its nodes, and the jumps, detours, node-group
/// choices and options that connect them. Export as Graphviz DOT or JSON.
public struct StoryGraph: Codable, Sendable, Equatable {
    /// A node of the story.
    public struct Node: Codable, Sendable, Equatable {
        /// The node's name (group members are `Title.subtitle`).
        public var name: String
        /// The `tags:` header.
        public var tags: [String]
        /// True for a node group (its members are nodes of their own).
        public var isGroup: Bool
        /// The text of the node's options, in order.
        public var options: [String]
        /// Number of lines the node can deliver.
        public var lineCount: Int
        /// The node's `<<generate_options …>>` calls (their text), where a model adds options
        /// to the next option set. Default: none.
        public var generatedOptions: [String] = []
    }

    /// How one node leads to another.
    public struct Edge: Codable, Sendable, Equatable {
        /// The kind of link.
        public enum Kind: String, Codable, Sendable {
            case jump, detour
            /// From a node group to one of its members.
            case member
            /// From a `<<generate_options … about>>` call to a node a generated option may lead
            /// to (a node with an `about:` tag).
            case generated
        }
        /// The node the link starts in.
        public var from: String
        /// The destination, or `"?"` when an expression picks it while playing.
        public var to: String
        /// Jump, detour or group member.
        public var kind: Kind
        /// The text of the option whose body holds the jump, if any.
        public var option: String?
    }

    /// Every node, in the order their code appears.
    public var nodes: [Node]
    /// Every link, in code order per node.
    public var edges: [Edge]

    /// Reads the graph out of a story's code.
    public init(story: Story) {
        nodes = []
        edges = []
        let order = story.nodes.indices.sorted { story.nodes[$0].entry < story.nodes[$1].entry }
        for (position, index) in order.enumerated() {
            let node = story.nodes[index]
            let end = position + 1 < order.count ? story.nodes[order[position + 1]].entry : story.code.count
            var options: [String] = []
            var optionRanges: [(range: Range<Int>, text: String)] = []
            var pending: [(destination: Int, text: String)] = []
            var lineCount = 0
            var generated: [String] = []
            for pc in node.entry..<end {
                switch story.code[pc] {
                case .line: lineCount += 1
                case .command(let template):
                    let text = Self.text(of: story.templates[template])
                    if text.hasPrefix(GeneratedOptionsCall.command + " ") { generated.append(text) }
                case .addOption(let template, _, let destination):
                    let text = Self.text(of: story.templates[template])
                    options.append(text)
                    pending.append((destination, text))
                case .showOptions:
                    if pc + 1 < end, case .jump(let exit) = story.code[pc + 1] {
                        for (k, option) in pending.enumerated() {
                            let upper = k + 1 < pending.count ? pending[k + 1].destination : exit
                            optionRanges.append((option.destination..<max(option.destination, upper), option.text))
                        }
                    }
                    pending = []
                default: break
                }
            }
            nodes.append(
                Node(
                    name: node.name, tags: node.tags, isGroup: node.isGroup, options: options, lineCount: lineCount,
                    generatedOptions: generated))
            // A call routed by topic may lead to any node with an `about:` tag.
            for call in generated where StoryCommand(text: call).arguments.dropFirst(3).first == "about" {
                let instruction = StoryCommand(text: call).arguments.dropFirst().first ?? ""
                for target in story.nodes
                where !target.isGroup && target.tags.contains(where: { $0.hasPrefix("about:") }) {
                    edges.append(
                        Edge(from: node.name, to: target.name, kind: .generated, option: "generated: \(instruction)"))
                }
            }
            func option(at pc: Int) -> String? { optionRanges.last { $0.range.contains(pc) }?.text }
            for pc in node.entry..<end {
                switch story.code[pc] {
                case .jumpToNode(let target):
                    edges.append(
                        Edge(from: node.name, to: story.nodes[target].name, kind: .jump, option: option(at: pc)))
                case .detourToNode(let target):
                    edges.append(
                        Edge(from: node.name, to: story.nodes[target].name, kind: .detour, option: option(at: pc)))
                case .jumpToNamedNode:
                    edges.append(Edge(from: node.name, to: "?", kind: .jump, option: option(at: pc)))
                case .detourToNamedNode:
                    edges.append(Edge(from: node.name, to: "?", kind: .detour, option: option(at: pc)))
                case .enterGroupMember(let member):
                    edges.append(Edge(from: node.name, to: story.nodes[member].name, kind: .member, option: nil))
                default: break
                }
            }
        }
    }

    static func text(of template: Story.Template) -> String {
        if let fixed = template.fixed { return fixed.text }
        return template.segments.map {
            switch $0 {
            case .text(let text): text
            case .argument: "{…}"
            }
        }.joined()
    }

    /// Graphviz DOT: boxes for nodes, dashed arrows for detours, dotted for group members,
    /// option text as edge labels.
    public func dot() -> String {
        var graph = DOTGraph()
        for node in nodes {
            var label = node.name + (node.options.isEmpty ? "" : "\n\(node.options.count) options")
            for call in node.generatedOptions {
                let arguments = StoryCommand(text: call).arguments
                label +=
                    "\n+ \(arguments.dropFirst(2).first ?? "?") generated (\(arguments.dropFirst(3).first ?? "passage"))"
            }
            graph.node(node.name, label: label, attributes: node.isGroup ? ["shape=folder"] : [])
        }
        if edges.contains(where: { $0.to == "?" }) { graph.node("?", attributes: ["shape=diamond"]) }
        for edge in edges {
            var attributes: [String] = []
            if edge.kind == .detour { attributes.append("style=dashed") }
            if edge.kind == .member { attributes.append("style=dotted") }
            if edge.kind == .generated { attributes.append(contentsOf: ["style=dashed", "color=blue"]) }
            graph.edge(from: edge.from, to: edge.to, attributes: attributes, label: edge.option)
        }
        return graph.text
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
