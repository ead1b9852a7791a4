import LoomCore

/// A knot, stitch or the story's top level while generating code.
final class InkFlow {
    let syntax: InkFlowSyntax
    let container: InkContainer
    weak var knot: InkFlow?
    var stitches: [String: InkFlow] = [:]
    /// Gather and choice labels, their containers filled in as the weave is generated.
    var labels: [String: InkContainer] = [:]
    var labelNames: Set<String> = []
    /// Parameters and temporaries declared anywhere in the flow.
    var locals: Set<String> = []

    init(syntax: InkFlowSyntax, knot: InkFlow?) {
        self.syntax = syntax
        self.knot = knot
        container = InkContainer(name: syntax.name.isEmpty ? nil : syntax.name)
        locals = Set(syntax.parameters.map(\.name))
    }

    var isFunction: Bool { syntax.isFunction }
}

/// What a name in a divert or read count refers to.
enum InkSymbol {
    case flow(InkFlow)
    case label(InkFlow, String)
}

/// Turns parsed ink into runtime containers.
final class InkCodegen {
    let syntax: InkStorySyntax
    let root = InkContainer()
    var diagnostics: [Diagnostic] = []
    var knots: [String: InkFlow] = [:]
    var rootFlow: InkFlow
    var globals: Set<String> = []
    var constants: [String: InkExpression] = [:]
    var lists = InkListDefinitions()
    var externals: [String: Int] = [:]
    /// Targets to point at containers once paths are known.
    var pendingTargets: [(target: InkTarget, container: () -> InkContainer?, index: Int?, location: SourceLocation)] =
        []
    /// Divert target values, by the placeholder number in their path.
    var pendingValues: [() -> InkContainer?] = []
    var expandingConstants: Set<String> = []

    init(syntax: InkStorySyntax) {
        self.syntax = syntax
        rootFlow = InkFlow(syntax: syntax.root, knot: nil)
    }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    /// Generates the root container.
    func generate() -> InkContainer {
        declare()
        collectFlows()
        let mainWeave = InkContainer()
        buildWeave(syntax.root.items[...], flow: rootFlow, into: mainWeave, mode: .flowRoot)
        root.append(.container(mainWeave))
        root.append(.command(.done))
        for knot in syntax.knots {
            guard let flow = knots[knot.name], flow.syntax === knot else { continue }
            generateFlow(flow)
            root.addNamedOnly(flow.container)
        }
        root.addNamedOnly(globalDeclaration())
        return root
    }

    private func declare() {
        for list in syntax.lists {
            if globals.contains(list.name) { error("'\(list.name)' is declared twice", at: list.location) }
            globals.insert(list.name)
            var seen: Set<String> = []
            for item in list.items where !seen.insert(item.name).inserted {
                error("the LIST '\(list.name)' has two items called '\(item.name)'", at: list.location)
            }
            lists.add(InkListDefinition(name: list.name, items: list.items.map { ($0.name, $0.value) }))
        }
        for variable in syntax.variables {
            if globals.contains(variable.name) { error("'\(variable.name)' is declared twice", at: variable.location) }
            globals.insert(variable.name)
        }
        for constant in syntax.constants {
            if globals.contains(constant.name) || constants[constant.name] != nil {
                error("'\(constant.name)' is declared twice", at: constant.location)
            }
            constants[constant.name] = constant.value
        }
        for external in syntax.externals { externals[external.name] = external.parameters.count }
    }

    private func collectFlows() {
        collectLabels(syntax.root.items, into: rootFlow)
        for knot in syntax.knots {
            if knots[knot.name] != nil {
                error("a knot or function called '\(knot.name)' already exists", at: knot.location)
                continue
            }
            let flow = InkFlow(syntax: knot, knot: nil)
            flow.container.countFlags = knot.isFunction ? 0 : 7
            collectLabels(knot.items, into: flow)
            for stitch in knot.stitches {
                if flow.stitches[stitch.name] != nil {
                    error("a stitch called '\(stitch.name)' already exists in '\(knot.name)'", at: stitch.location)
                    continue
                }
                let child = InkFlow(syntax: stitch, knot: flow)
                child.container.countFlags = 7
                collectLabels(stitch.items, into: child)
                flow.stitches[stitch.name] = child
            }
            knots[knot.name] = flow
        }
    }

    private func collectLabels(_ items: [InkWeaveItem], into flow: InkFlow) {
        for item in items {
            switch item {
            case .choice(let choice):
                if let label = choice.label { addLabel(label, to: flow, at: choice.location) }
                collectLabels(in: choice.start + choice.inner + (choice.choiceOnly ?? []), into: flow)
            case .gather(let gather):
                if let label = gather.label { addLabel(label, to: flow, at: gather.location) }
            case .line(let content, _, _): collectLabels(in: content, into: flow)
            case .logic(.temp(let name, _), _): flow.locals.insert(name)
            case .logic: break
            }
        }
    }

    private func collectLabels(in content: [InkInline], into flow: InkFlow) {
        for inline in content {
            switch inline {
            case .conditional(let conditional):
                for branch in conditional.branches { collectLabels(in: branch.content, into: flow) }
            case .sequence(let sequence):
                for element in sequence.elements { collectLabels(in: element, into: flow) }
            default: break
            }
        }
    }

    private func collectLabels(in body: InkBody, into flow: InkFlow) {
        switch body {
        case .inline(let content): collectLabels(in: content, into: flow)
        case .lines(let items): collectLabels(items, into: flow)
        }
    }

    private func addLabel(_ label: String, to flow: InkFlow, at location: SourceLocation) {
        if flow.labelNames.contains(label) {
            error("the label '\(label)' is used twice in the same flow", at: location)
        }
        flow.labelNames.insert(label)
    }

    private func generateFlow(_ flow: InkFlow) {
        let container = flow.container
        mark(container, flow.syntax.location)
        for parameter in flow.syntax.parameters.reversed() {
            container.append(.assignment(InkAssignment(name: parameter.name, isGlobal: false, isNewDeclaration: true)))
        }
        if flow.syntax.items.isEmpty, let first = flow.syntax.stitches.first, first.parameters.isEmpty,
            let stitch = flow.stitches[first.name]
        {
            let target = InkTarget(path: "")
            pendingTargets.append((target, { stitch.container }, nil, first.location))
            container.append(.divert(InkDivert(target: target)))
        }
        if !flow.syntax.items.isEmpty {
            let weave = InkContainer()
            buildWeave(flow.syntax.items[...], flow: flow, into: weave, mode: flow.isFunction ? .function : .flowRoot)
            container.append(.container(weave))
        }
        for stitch in flow.syntax.stitches {
            guard let child = flow.stitches[stitch.name], child.syntax === stitch else { continue }
            generateFlow(child)
            container.addNamedOnly(child.container)
        }
    }

    private func globalDeclaration() -> InkContainer {
        let container = InkContainer(name: "global decl")
        container.append(.command(.evalStart))
        for list in syntax.lists {
            var value = InkList()
            for item in list.items where item.selected {
                value.insert(InkListItem(origin: list.name, name: item.name), value: item.value)
            }
            value.originNames = [list.name]
            container.append(.value(.list(value)))
            container.append(.assignment(InkAssignment(name: list.name, isGlobal: true, isNewDeclaration: true)))
        }
        for variable in syntax.variables {
            expression(variable.value, flow: rootFlow, into: container)
            container.append(.assignment(InkAssignment(name: variable.name, isGlobal: true, isNewDeclaration: true)))
        }
        container.append(.command(.evalEnd))
        container.append(.command(.end))
        return container
    }

    /// Fills in every path once the tree is complete.
    /// Records in `container`'s source map that what it holds next was written at `location`
    /// (for runtime errors; see ``InkContainer/sourceMarks``).
    func mark(_ container: InkContainer, _ location: SourceLocation) {
        guard location.line > 0 else { return }
        container.sourceMarks.append((container.content.count, location))
    }

    func resolvePaths() {
        InkCodegen.assignPaths(root, path: "")
        for pending in pendingTargets {
            guard let container = pending.container() else {
                error("internal: an unresolved target", at: pending.location)
                continue
            }
            if let index = pending.index {
                pending.target.path = container.path.isEmpty ? String(index) : "\(container.path).\(index)"
            } else {
                pending.target.path = container.path
            }
        }
        replaceValuePlaceholders(in: root)
    }

    static func assignPaths(_ container: InkContainer, path: String) {
        container.path = path
        for (position, object) in container.content.enumerated() {
            if case .container(let child) = object {
                let component = child.name ?? String(position)
                assignPaths(child, path: path.isEmpty ? component : "\(path).\(component)")
            }
        }
        for name in container.namedOnlyOrder {
            guard let child = container.namedChildren[name], child.indexInParent < 0 else { continue }
            assignPaths(child, path: path.isEmpty ? name : "\(path).\(name)")
        }
    }

    private func replaceValuePlaceholders(in container: InkContainer) {
        for (position, object) in container.content.enumerated() {
            switch object {
            case .value(.divertTarget(let path)) where path.hasPrefix("\u{1}"):
                if let number = Int(path.dropFirst()), let target = pendingValues[number]() {
                    container.content[position] = .value(.divertTarget(target.path))
                }
            case .container(let child): replaceValuePlaceholders(in: child)
            default: break
            }
        }
        for name in container.namedOnlyOrder {
            if let child = container.namedChildren[name], child.indexInParent < 0 {
                replaceValuePlaceholders(in: child)
            }
        }
    }
}
