import LoomCore

/// Lines, inline content, diverts, conditionals and sequences.
extension InkCodegen {
    func line(_ content: [InkInline], newline: Bool, flow: InkFlow, into container: InkContainer) {
        for inline in content { self.inline(inline, flow: flow, into: container) }
        if newline { container.append(.value(.string("\n"))) }
    }

    func inline(_ inline: InkInline, flow: InkFlow, into container: InkContainer) {
        switch inline {
        case .text(let text): container.append(.value(.string(text)))
        case .glue: container.append(.glue)
        case .expression(let expression, _):
            container.append(.command(.evalStart))
            self.expression(expression, flow: flow, into: container)
            container.append(.command(.evalOutput))
            container.append(.command(.evalEnd))
        case .conditional(let conditional): self.conditional(conditional, flow: flow, into: container)
        case .sequence(let sequence): self.sequence(sequence, flow: flow, into: container)
        case .divert(let links, let location): divertChain(links, flow: flow, into: container, at: location)
        case .thread(let target):
            arguments(target, flow: flow, into: container)
            container.append(.command(.startThread))
            container.append(.divert(InkDivert(target: self.target(target.path, from: flow, at: target.location))))
        case .tag(let content):
            container.append(.command(.beginTag))
            for piece in content { self.inline(piece, flow: flow, into: container) }
            container.append(.command(.endTag))
        }
    }

    private func divertChain(
        _ links: [InkDivertLink], flow: InkFlow, into container: InkContainer, at location: SourceLocation
    ) {
        for (position, link) in links.enumerated() {
            let isLast = position == links.count - 1
            switch link {
            case .target(let target):
                divert(to: target, flow: flow, pushType: isLast ? nil : .tunnel, into: container)
            case .tunnelEnd:
                break
            case .tunnelReturn(let target):
                container.append(.command(.evalStart))
                if let target {
                    for argument in target.arguments { expression(argument, flow: flow, into: container) }
                    if isLocal(target.path, in: flow) || globals.contains(target.path) {
                        container.append(.variableReference(target.path))
                    } else {
                        container.append(divertTargetValue(target.path, from: flow, at: target.location))
                    }
                } else {
                    container.append(.void)
                }
                container.append(.command(.evalEnd))
                container.append(.command(.popTunnel))
            }
        }
    }

    private func divert(to target: InkDivertTarget, flow: InkFlow, pushType: InkPushType?, into container: InkContainer)
    {
        if pushType == nil && target.arguments.isEmpty {
            if target.path == "DONE" {
                container.append(.command(.done))
                return
            }
            if target.path == "END" {
                container.append(.command(.end))
                return
            }
        }
        arguments(target, flow: flow, into: container)
        if isVariable(target.path, in: flow) {
            container.append(.divert(InkDivert(variableName: target.path, pushType: pushType)))
            return
        }
        let resolved = self.target(target.path, from: flow, at: target.location)
        if case .flow(let destination)? = resolve(target.path, from: flow), destination.isFunction, pushType == nil {
            error(
                "'\(target.path)' is a function; call it as '\(target.path)()' rather than diverting to it",
                at: target.location)
        }
        container.append(.divert(InkDivert(target: resolved, pushType: pushType)))
    }

    /// Evaluates a divert's arguments onto the stack (by reference for `ref` parameters).
    private func arguments(_ target: InkDivertTarget, flow: InkFlow, into container: InkContainer) {
        guard !target.arguments.isEmpty else { return }
        let parameters = parameters(of: target.path, from: flow)
        if let parameters, parameters.count != target.arguments.count {
            error(
                "'\(target.path)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), not \(target.arguments.count)",
                at: target.location)
        }
        container.append(.command(.evalStart))
        for (index, argument) in target.arguments.enumerated() {
            let parameter = parameters.flatMap { index < $0.count ? $0[index] : nil }
            callArgument(argument, parameter: parameter, flow: flow, into: container)
        }
        container.append(.command(.evalEnd))
    }

    func callArgument(_ argument: InkExpression, parameter: InkParameter?, flow: InkFlow, into container: InkContainer)
    {
        if parameter?.isReference == true {
            if case .name(let name, _) = argument, isVariable(name, in: flow) {
                container.append(.value(.variablePointer(name, context: -1)))
            } else {
                error(
                    "a 'ref' parameter needs a variable as its argument",
                    at: argument.location ?? SourceLocation(file: ""))
            }
            return
        }
        if parameter?.isDivertTarget == true, case .name(let name, let location) = argument, !isVariable(name, in: flow)
        {
            container.append(divertTargetValue(name, from: flow, at: location))
            return
        }
        expression(argument, flow: flow, into: container)
    }

    private func body(_ body: InkBody, flow: InkFlow, into container: InkContainer, rejoin: (InkContainer, Int)) {
        switch body {
        case .inline(let content):
            for inline in content { self.inline(inline, flow: flow, into: container) }
        case .lines(let items):
            buildWeave(items[...], flow: flow, into: container, mode: .block(rejoin.0, rejoin.1))
        }
    }

    private func conditional(_ conditional: InkConditional, flow: InkFlow, into parent: InkContainer) {
        let container = InkContainer()
        parent.append(.container(container))
        if conditional.isSwitch, let subject = conditional.subject {
            container.append(.command(.evalStart))
            expression(subject, flow: flow, into: container)
            container.append(.command(.evalEnd))
        }
        var branchContainers: [(InkContainer, InkBranch)] = []
        var sawElse = false
        for (index, branch) in conditional.branches.enumerated() {
            let branchContainer = InkContainer(name: "b\(index)")
            branchContainers.append((branchContainer, branch))
            let target = InkTarget(path: "")
            pendingTargets.append((target, { branchContainer }, nil, conditional.location))
            if branch.isElse {
                container.append(.divert(InkDivert(target: target)))
                sawElse = true
                break
            }
            container.append(.command(.evalStart))
            if conditional.isSwitch {
                container.append(.command(.duplicate))
                if let condition = branch.condition { expression(condition, flow: flow, into: container) }
                container.append(.native(.equal))
            } else if let condition = branch.condition {
                expression(condition, flow: flow, into: container)
            } else if let subject = conditional.subject {
                expression(subject, flow: flow, into: container)
            } else {
                container.append(.value(.bool(true)))
            }
            container.append(.command(.evalEnd))
            container.append(.divert(InkDivert(target: target, isConditional: true)))
        }
        if conditional.isSwitch && !sawElse { container.append(.command(.popEvaluatedValue)) }
        let rejoinIndex = container.content.count
        container.append(.command(.noOp))
        for (branchContainer, branch) in branchContainers {
            if conditional.isSwitch { branchContainer.append(.command(.popEvaluatedValue)) }
            // Multi-line branches start on a line of their own (ink adds the line break to each
            // branch rather than before the block, since no branch may be taken).
            if case .lines = branch.content { branchContainer.append(.value(.string("\n"))) }
            body(branch.content, flow: flow, into: branchContainer, rejoin: (container, rejoinIndex))
            let target = InkTarget(path: "")
            pendingTargets.append((target, { container }, rejoinIndex, conditional.location))
            branchContainer.append(.divert(InkDivert(target: target)))
            container.addNamedOnly(branchContainer)
        }
    }

    private func sequence(_ sequence: InkSequence, flow: InkFlow, into parent: InkContainer) {
        let container = InkContainer()
        container.countFlags = 5
        // inklecate wraps inline logic in a container of its own; shuffles hash their path, so
        // the extra level keeps Loom's shuffles identical to inklecate's.
        let wrapper = InkContainer()
        wrapper.append(.container(container))
        parent.append(.container(wrapper))
        let isOnce = sequence.kind & 8 != 0
        let isCycle = sequence.kind & 2 != 0
        let isStopping = sequence.kind & 1 != 0
        let isShuffle = sequence.kind & 4 != 0
        let count = sequence.elements.count
        let branchCount = count + (isOnce ? 1 : 0)
        container.append(.command(.evalStart))
        container.append(.command(.visitIndex))
        if isStopping || isOnce {
            container.append(.value(.int(branchCount - 1)))
            container.append(.native(.min))
        } else if isCycle {
            container.append(.value(.int(count)))
            container.append(.native(.modulo))
        }
        var skipTarget: InkTarget?
        if isShuffle {
            if isOnce || isStopping {
                let lastIndex = isStopping ? count - 1 : count
                container.append(.command(.duplicate))
                container.append(.value(.int(lastIndex)))
                container.append(.native(.equal))
                let target = InkTarget(path: "")
                skipTarget = target
                container.append(.divert(InkDivert(target: target, isConditional: true)))
            }
            container.append(.value(.int(isStopping ? count - 1 : count)))
            container.append(.command(.sequenceShuffleIndex))
            if let skipTarget {
                let index = container.content.count
                pendingTargets.append((skipTarget, { container }, index, sequence.location))
                container.append(.command(.noOp))
            }
        }
        container.append(.command(.evalEnd))
        var branches: [InkContainer] = []
        for index in 0..<branchCount {
            container.append(.command(.evalStart))
            container.append(.command(.duplicate))
            container.append(.value(.int(index)))
            container.append(.native(.equal))
            container.append(.command(.evalEnd))
            let branch = InkContainer(name: "s\(index)")
            branches.append(branch)
            let target = InkTarget(path: "")
            pendingTargets.append((target, { branch }, nil, sequence.location))
            container.append(.divert(InkDivert(target: target, isConditional: true)))
        }
        let rejoinIndex = container.content.count
        container.append(.command(.noOp))
        for (index, branch) in branches.enumerated() {
            branch.append(.command(.popEvaluatedValue))
            if index < count {
                body(sequence.elements[index], flow: flow, into: branch, rejoin: (container, rejoinIndex))
            }
            let target = InkTarget(path: "")
            pendingTargets.append((target, { container }, rejoinIndex, sequence.location))
            branch.append(.divert(InkDivert(target: target)))
            container.addNamedOnly(branch)
        }
    }
}
