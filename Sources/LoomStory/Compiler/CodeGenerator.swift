import LoomCore

/// Turns checked syntax into a ``Story``: node layout, node groups, line ids, then code.
struct CodeGenerator {
    var syntax: StorySyntax
    var checker: TypeChecker
    var context: ParseContext

    /// Nodes in story order: plain nodes, group selection nodes, group members.
    struct PlannedNode {
        var name: String
        var syntax: Int?
        var group: Int?
        var members: [Int] = []
    }
    var planned: [PlannedNode] = []
    var plannedIndex: [String: Int] = [:]

    var code: [Instruction] = []
    /// The source line of each instruction of ``code``.
    var codeLines: [Int] = []
    /// The line of the statement being compiled.
    var currentLine = 0
    var templates: [Story.Template] = []
    var strings: [String] = []
    var stringIndex: [String: Int] = [:]
    var variables: [Story.Variable] = []
    var variableIndex: [String: Int] = [:]
    var functionNames: [String] = []
    var functionIndex: [String: Int] = [:]
    var lineIDs: Set<String> = []
    var onceCounter = 0
    var lineCounter = 0
    var currentNode = ""

    init(syntax: StorySyntax, checker: TypeChecker, context: ParseContext) {
        self.syntax = syntax
        self.checker = checker
        self.context = context
    }

    /// Checks titles, node groups, line ids and shadow lines, and lays out the nodes.
    mutating func checkStructure() {
        var order: [String] = []
        var byTitle: [String: [Int]] = [:]
        for (index, node) in syntax.nodes.enumerated() {
            if byTitle[node.title] == nil { order.append(node.title) }
            byTitle[node.title, default: []].append(index)
        }
        var members: [(title: String, indices: [Int])] = []
        for title in order {
            let indices = byTitle[title]!
            let withWhen = indices.filter { !syntax.nodes[$0].whenClauses.isEmpty }
            if withWhen.isEmpty {
                for duplicate in indices.dropFirst() {
                    context.error("a node named '\(title)' already exists", at: syntax.nodes[duplicate].location)
                }
                plannedIndex[title] = planned.count
                planned.append(PlannedNode(name: title, syntax: indices[0]))
            } else {
                for index in indices where syntax.nodes[index].whenClauses.isEmpty {
                    context.error(
                        "'\(title)' is a node group, so every node named '\(title)' needs a 'when:' header",
                        at: syntax.nodes[index].location)
                }
                plannedIndex[title] = planned.count
                planned.append(PlannedNode(name: title, syntax: nil))
                members.append((title, withWhen))
            }
        }
        for (title, indices) in members {
            let group = plannedIndex[title]!
            for (ordinal, index) in indices.enumerated() {
                let name = "\(title).\(syntax.nodes[index].header("subtitle") ?? String(ordinal + 1))"
                if plannedIndex[name] != nil {
                    context.error("a node named '\(name)' already exists", at: syntax.nodes[index].location)
                    continue
                }
                plannedIndex[name] = planned.count
                planned[group].members.append(planned.count)
                planned.append(PlannedNode(name: name, syntax: index, group: group))
            }
        }
        checkLines()
    }

    /// Every line's content, in source order.
    func allContents() -> [LineContent] {
        var result: [LineContent] = []
        func walk(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .line(let content): result.append(content)
                case .options(let items), .lineGroup(let items):
                    for item in items {
                        result.append(item.content)
                        walk(item.body)
                    }
                case .ifBlock(let clauses): for clause in clauses { walk(clause.body) }
                case .once(_, let body, let otherwise):
                    walk(body)
                    walk(otherwise)
                default: break
                }
            }
        }
        for node in syntax.nodes { walk(node.body) }
        return result
    }

    mutating func checkLines() {
        var sources: [String: LineContent] = [:]
        let contents = allContents()
        for content in contents {
            guard let id = content.lineID else { continue }
            if sources[id] != nil {
                context.error("the line id '\(id)' is already used by another line", at: content.location)
            } else {
                sources[id] = content
            }
        }
        for content in contents {
            guard let shadow = content.shadowOf else { continue }
            guard let source = sources[shadow] else {
                context.error(
                    "'#shadow:\(shadow)' refers to no line; add '#line:\(shadow)' to the source line",
                    at: content.location)
                continue
            }
            if !content.template.expressions.isEmpty {
                context.error("a shadow line cannot contain inline expressions", at: content.location)
            } else if source.sourceText != content.sourceText {
                context.error(
                    "a shadow line must have exactly the text of its source line at \(source.location)",
                    at: content.location)
            }
        }
        lineIDs = Set(sources.keys)
    }
}
