import LoomCore

/// How a weave's loose ends (choices and gathers whose content runs out) are tied off.
enum InkWeaveMode {
    /// The top weave of a knot, stitch or the story: loose ends finish the flow (`done`).
    case flowRoot
    /// The top weave of a function: running out returns.
    case function
    /// A weave nested under a choice: loose ends go to the enclosing weave's next gather.
    case nested
    /// The lines of a conditional or sequence branch: loose ends rejoin after the block.
    case block(InkContainer, Int)
}

/// Weaves: choices, gathers and the diverts that join them.
extension InkCodegen {
    private func depth(_ item: InkWeaveItem) -> Int? {
        switch item {
        case .choice(let choice): choice.depth
        case .gather(let gather): gather.depth
        default: nil
        }
    }

    /// Generates `items` into `root`; returns the loose ends a nested weave passes up.
    @discardableResult
    func buildWeave(
        _ items: ArraySlice<InkWeaveItem>, flow: InkFlow, into root: InkContainer, mode: InkWeaveMode
    )
        -> [InkContainer]
    {
        var baseDepth = 1
        for item in items {
            if let found = depth(item) {
                baseDepth = found
                break
            }
        }
        var current = root
        var choiceTarget: InkContainer?
        var looseEnds: [(container: InkContainer, isGather: Bool)] = []
        var previousPoint: InkContainer?
        var previousIsGather = false
        var seenChoice = false
        var choiceCount = 0
        var gatherCount = 0
        var k = items.startIndex
        while k < items.endIndex {
            let item = items[k]
            if let found = depth(item), found > baseDepth {
                var j = k
                while j < items.endIndex {
                    if let inner = depth(items[j]), inner <= baseDepth { break }
                    j += 1
                }
                let nested = InkContainer()
                let nestedEnds = buildWeave(items[k..<j], flow: flow, into: nested, mode: .nested)
                (choiceTarget ?? current).append(.container(nested))
                if let previous = previousPoint { looseEnds.removeAll { $0.container === previous } }
                looseEnds += nestedEnds.map { ($0, false) }
                k = j
                continue
            }
            switch item {
            case .choice(let syntax):
                if previousIsGather, let previous = previousPoint {
                    looseEnds.removeAll { $0.container === previous }
                }
                let (outer, inner) = choice(syntax, number: choiceCount, flow: flow)
                mark(current, syntax.location)
                current.append(.container(outer))
                current.addNamedOnly(inner)
                choiceCount += 1
                seenChoice = true
                if !InkCodegen.endsInDivert(syntax.inner) { looseEnds.append((inner, false)) }
                previousPoint = inner
                previousIsGather = false
                choiceTarget = inner
            case .gather(let syntax):
                let container = InkContainer(name: syntax.label ?? "g-\(gatherCount)")
                mark(container, syntax.location)
                if let label = syntax.label {
                    flow.labels[label] = container
                    container.countFlags = 7
                } else {
                    gatherCount += 1
                    container.countFlags = 5
                }
                if seenChoice { root.addNamedOnly(container) } else { current.append(.container(container)) }
                seenChoice = false
                for end in looseEnds where !end.isGather { end.container.append(divert(to: container)) }
                looseEnds = [(container, true)]
                current = container
                choiceTarget = nil
                previousPoint = container
                previousIsGather = true
            case .line(let content, let newline, let location):
                mark(choiceTarget ?? current, location)
                line(content, newline: newline, flow: flow, into: choiceTarget ?? current)
            case .logic(let statement, let location):
                mark(choiceTarget ?? current, location)
                self.statement(statement, flow: flow, into: choiceTarget ?? current, at: location)
                // A function called on a logic line may print; its text ends the line.
                if callsFunction(statement) { (choiceTarget ?? current).append(.value(.string("\n"))) }
            }
            k += 1
        }
        switch mode {
        case .nested:
            return looseEnds.map(\.container)
        case .flowRoot:
            for end in looseEnds { end.container.append(.command(.done)) }
        case .function:
            break
        case .block(let container, let index):
            for end in looseEnds {
                let target = InkTarget(path: "")
                pendingTargets.append((target, { container }, index, SourceLocation(file: "")))
                end.container.append(.divert(InkDivert(target: target)))
            }
        }
        return []
    }

    /// Whether a statement calls an ink or external function (which may print text).
    func callsFunction(_ statement: InkStatement) -> Bool {
        switch statement {
        case .temp(_, let value), .assign(_, let value, _), .compoundAssign(_, _, let value, _), .expression(let value):
            return callsFunction(value)
        case .returnValue(let value): return value.map(callsFunction) ?? false
        }
    }

    private func callsFunction(_ expression: InkExpression) -> Bool {
        switch expression {
        case .call(let name, let arguments, _):
            if InkCodegen.isBuiltin(name) == false && lists.definitions[name] == nil { return true }
            return arguments.contains(where: callsFunction)
        case .unary(_, let operand): return callsFunction(operand)
        case .binary(_, let left, let right): return callsFunction(left) || callsFunction(right)
        default: return false
        }
    }

    /// A divert straight to a container of this compilation.
    func divert(to container: InkContainer) -> InkObject {
        let target = InkTarget(path: "")
        pendingTargets.append((target, { container }, nil, SourceLocation(file: "")))
        return .divert(InkDivert(target: target))
    }

    static func endsInDivert(_ content: [InkInline]) -> Bool {
        var meaningful = content
        while case .text(let text)? = meaningful.last, text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            meaningful.removeLast()
        }
        while case .tag? = meaningful.last { meaningful.removeLast() }
        guard case .divert(let links, _)? = meaningful.last, let last = links.last else { return false }
        if case .tunnelEnd = last { return false }
        return true
    }

    private func choice(_ syntax: InkChoiceSyntax, number: Int, flow: InkFlow) -> (InkContainer, InkContainer) {
        let outer = InkContainer()
        let inner = InkContainer(name: "c-\(number)")
        mark(outer, syntax.location)
        mark(inner, syntax.location)
        inner.countFlags = syntax.label != nil ? 7 : 5
        if let label = syntax.label { flow.labels[label] = inner }
        let isInvisible = syntax.isInvisibleDefault
        let hasStart = !isInvisible && !syntax.start.isEmpty
        let hasChoiceOnly = !(syntax.choiceOnly ?? []).isEmpty
        var flags = 0
        if !syntax.conditions.isEmpty { flags |= 1 }
        if hasStart { flags |= 2 }
        if hasChoiceOnly { flags |= 4 }
        if isInvisible { flags |= 8 }
        if !syntax.isSticky { flags |= 16 }

        outer.append(.command(.evalStart))
        var startContainer: InkContainer?
        if hasStart {
            let start = InkContainer(name: "s")
            for inline in syntax.start { self.inline(inline, flow: flow, into: start) }
            start.append(.divert(InkDivert(variableName: "$r")))
            startContainer = start
            let returnPoint = InkContainer(name: "$r1")
            pendingValues.append({ returnPoint })
            outer.append(.value(.divertTarget("\u{1}\(pendingValues.count - 1)")))
            outer.append(.assignment(InkAssignment(name: "$r", isGlobal: false, isNewDeclaration: true)))
            outer.append(.command(.beginString))
            outer.append(divert(to: start))
            outer.append(.container(returnPoint))
            outer.append(.command(.endString))
        }
        if hasChoiceOnly, let choiceOnly = syntax.choiceOnly {
            outer.append(.command(.beginString))
            for inline in choiceOnly { self.inline(inline, flow: flow, into: outer) }
            outer.append(.command(.endString))
        }
        for (index, condition) in syntax.conditions.enumerated() {
            expression(condition, flow: flow, into: outer)
            if index > 0 { outer.append(.native(.and)) }
        }
        outer.append(.command(.evalEnd))
        let choiceTarget = InkTarget(path: "")
        pendingTargets.append((choiceTarget, { inner }, nil, syntax.location))
        outer.append(.choicePoint(InkChoicePoint(target: choiceTarget, flags: flags)))
        if let startContainer { outer.addNamedOnly(startContainer) }

        if let startContainer {
            let returnPoint = InkContainer(name: "$r2")
            pendingValues.append({ returnPoint })
            inner.append(.command(.evalStart))
            inner.append(.value(.divertTarget("\u{1}\(pendingValues.count - 1)")))
            inner.append(.command(.evalEnd))
            inner.append(.assignment(InkAssignment(name: "$r", isGlobal: false, isNewDeclaration: true)))
            inner.append(divert(to: startContainer))
            inner.append(.container(returnPoint))
        }
        let newline = isInvisible ? false : (syntax.inner.isEmpty || InkParser.wantsNewline(syntax.inner))
        line(syntax.inner, newline: newline, flow: flow, into: inner)
        return (outer, inner)
    }
}
