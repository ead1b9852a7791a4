import LoomCore

/// Name resolution: knots, stitches, labels, variables, constants and list items.
extension InkCodegen {
    /// What a dotted path names, seen from `flow`.
    func resolve(_ path: String, from flow: InkFlow) -> InkSymbol? {
        let components = path.split(separator: ".").map(String.init)
        guard let first = components.first else { return nil }
        var symbol: InkSymbol?
        let knotFlow = flow.knot ?? flow
        if flow.labelNames.contains(first) {
            symbol = .label(flow, first)
        } else if let knot = flow.knot, knot.labelNames.contains(first) {
            symbol = .label(knot, first)
        } else if let stitch = knotFlow.stitches[first] {
            symbol = .flow(stitch)
        } else if let knot = knots[first] {
            symbol = .flow(knot)
        } else if rootFlow.labelNames.contains(first) {
            symbol = .label(rootFlow, first)
        }
        for component in components.dropFirst() {
            guard case .flow(let current)? = symbol else { return nil }
            if let stitch = current.stitches[component] {
                symbol = .flow(stitch)
            } else if current.labelNames.contains(component) {
                symbol = .label(current, component)
            } else if let firstStitch = current.syntax.stitches.first.flatMap({ current.stitches[$0.name] }),
                firstStitch.labelNames.contains(component)
            {
                symbol = .label(firstStitch, component)
            } else {
                return nil
            }
        }
        return symbol
    }

    /// The container a symbol names, looked up once the weave that holds it is generated.
    func containerLookup(_ symbol: InkSymbol) -> () -> InkContainer? {
        switch symbol {
        case .flow(let flow): return { [flow] in flow.container }
        case .label(let flow, let name): return { [flow] in flow.labels[name] }
        }
    }

    /// A divert target to `path`, resolved later; reports an error when it names nothing.
    func target(_ path: String, from flow: InkFlow, at location: SourceLocation) -> InkTarget {
        let target = InkTarget(path: path)
        if let symbol = resolve(path, from: flow) {
            pendingTargets.append((target, containerLookup(symbol), nil, location))
        } else {
            error("divert target not found: '\(path)'", at: location)
        }
        return target
    }

    /// A divert target value (`-> knot`) whose path is filled in later.
    func divertTargetValue(_ path: String, from flow: InkFlow, at location: SourceLocation) -> InkObject {
        guard let symbol = resolve(path, from: flow) else {
            error("divert target not found: '\(path)'", at: location)
            return .value(.divertTarget(path))
        }
        pendingValues.append(containerLookup(symbol))
        return .value(.divertTarget("\u{1}\(pendingValues.count - 1)"))
    }

    /// Whether `name` is a temporary or parameter visible in `flow`.
    func isLocal(_ name: String, in flow: InkFlow) -> Bool {
        flow.locals.contains(name) || (flow.knot?.locals.contains(name) ?? false)
    }

    /// Whether `name` is a variable: local, global, or a list.
    func isVariable(_ name: String, in flow: InkFlow) -> Bool {
        isLocal(name, in: flow) || globals.contains(name)
    }

    /// The single-item list a list item name (`red` or `colours.red`) stands for.
    func listItem(_ name: String) -> InkList? {
        lists.list(forItemNamed: name)
    }

    /// The parameters of the flow a call or divert targets, when it is a known flow.
    func parameters(of path: String, from flow: InkFlow) -> [InkParameter]? {
        if case .flow(let target)? = resolve(path, from: flow) { return target.syntax.parameters }
        return nil
    }
}
