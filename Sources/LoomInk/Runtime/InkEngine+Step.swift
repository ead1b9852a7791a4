/// One step of the story: enter containers, act on one object, move on.
extension InkEngine {
    mutating func step() throws {
        var pointer = state.currentPointer
        if pointer.isNull { return }
        var resolved = pointer.op
        while let op = resolved, op.kind == .container {
            let inner = op.container.unsafelyUnwrapped
            let isEmpty = inner._withUnsafeGuaranteedRef { container in
                state.visit(container, atStart: true)
                return container.ops.isEmpty
            }
            if isEmpty { break }
            pointer = InkPointer(reference: inner, index: 0)
            resolved = pointer.op
        }
        state.currentPointer = pointer
        guard let op = resolved else { return }
        let isFlowControl = try performLogicAndFlowControl(op, at: pointer)
        if state.currentPointer.isNull { return }
        switch op.kind {
        case .choicePoint:
            let choice = try op.choice.unsafelyUnwrapped._withUnsafeGuaranteedRef { try processChoice($0) }
            if let choice { state.generatedChoices.append(choice) }
        case .container: break
        case .text, .value, .glue, .tag, .void:
            guard !isFlowControl else { break }
            if state.inExpressionEvaluation {
                switch pointer.object {
                case .value(.variablePointer(let name, let context)) where context == -1:
                    state.push(.variablePointer(name, context: state.callStack.context(ofVariable: name)))
                case .value(let value): state.push(value)
                case .void: state.evaluationStack.append(.void)
                case .tag(let text): state.evaluationStack.append(.tag(text))
                default: break
                }
            } else {
                switch pointer.object {
                case .value(.string(let text)): state.pushOutput(.text(text))
                case .glue: state.pushOutput(.glue)
                case .tag(let text): state.pushOutput(.tag(text))
                default: break
                }
            }
        default: break
        }
        nextContent()
        if op.kind == .command, op.command == .startThread {
            try checkCallDepth()
            state.callStack.pushThread()
        }
    }

    mutating func nextContent() {
        state.previousPointer = state.currentPointer
        if !state.divertedPointer.isNull {
            state.currentPointer = state.divertedPointer
            state.divertedPointer = .null
            visitChangedContainersDueToDivert()
            if !state.currentPointer.isNull { return }
        }
        if !incrementContentPointer() {
            var didPop = false
            if state.callStack.canPop(.function) {
                state.popCallStack()
                if state.inExpressionEvaluation { state.evaluationStack.append(.void) }
                didPop = true
            } else if state.callStack.canPopThread {
                state.callStack.popThread()
                didPop = true
            } else {
                _ = tryExitFunctionEvaluationFromGame()
            }
            if didPop && !state.currentPointer.isNull { nextContent() }
        }
    }

    private mutating func incrementContentPointer() -> Bool {
        var success = true
        var pointer = state.currentPointer
        pointer.index += 1
        while let reference = pointer.reference {
            let next = reference._withUnsafeGuaranteedRef { container -> InkPointer? in
                guard pointer.index >= container.ops.count else { return nil }
                guard let ancestor = container.parent, container.indexInParent >= 0 else { return .null }
                return InkPointer(container: ancestor, index: container.indexInParent + 1)
            }
            guard let next else { break }
            success = false
            if next.isNull { break }
            pointer = next
            success = true
        }
        if !success { pointer = .null }
        state.currentPointer = pointer
        return success
    }

    mutating func visitChangedContainersDueToDivert() {
        let previous = state.previousPointer
        let pointer = state.currentPointer
        if pointer.isNull || pointer.index == -1 { return }
        // The innermost container the previous pointer was in; it and its ancestors were
        // already entered (walked up on demand rather than collected, to allocate nothing).
        var previousInnermost: InkContainer?
        if !previous.isNull {
            if let op = previous.op, op.kind == .container {
                previousInnermost = op.container?.takeUnretainedValue()
            } else {
                previousInnermost = previous.container
            }
        }
        func wasEntered(_ container: InkContainer) -> Bool {
            var ancestor = previousInnermost
            while let current = ancestor {
                if current === container { return true }
                ancestor = current.parent
            }
            return false
        }
        guard let child = pointer.op else { return }
        var childContainer: InkContainer?
        var ancestor: InkContainer?
        if child.kind == .container, let inner = child.container?.takeUnretainedValue() {
            childContainer = inner
            ancestor = inner.parent
        } else {
            ancestor = pointer.container
        }
        var allEnteredAtStart = true
        while let current = ancestor,
            !wasEntered(current) || current.countsAtStartOnly
        {
            let isFirstChild: Bool
            if let childContainer {
                isFirstChild = childContainer.indexInParent == 0 && childContainer.parent === current
            } else {
                isFirstChild = pointer.index == 0 && pointer.container === current
            }
            let enteringAtStart = !current.ops.isEmpty && isFirstChild && allEnteredAtStart
            if !enteringAtStart { allEnteredAtStart = false }
            state.visit(current, atStart: enteringAtStart)
            childContainer = current
            ancestor = current.parent
        }
    }

    mutating func tryExitFunctionEvaluationFromGame() -> Bool {
        guard state.callStack.currentFrame.type == .functionEvaluationFromGame else { return false }
        state.currentPointer = .null
        state.didSafeExit = true
        return true
    }

    private mutating func processChoice(_ point: InkChoicePoint) throws -> InkChoice? {
        var show = true
        if point.hasCondition, try !state.popValue().isTruthy() { show = false }
        var tags: [String] = []
        var choiceOnly = ""
        var start = ""
        if point.hasChoiceOnlyContent { choiceOnly = try popChoiceString(tags: &tags) }
        if point.hasStartContent { start = try popChoiceString(tags: &tags) }
        if point.isOnceOnly, let target = point.target.container, state.visitCounts[target.id] > 0 { show = false }
        guard show else { return nil }
        let text = (start + choiceOnly).trimmingSpacesAndTabs()
        return InkChoice(
            text: text, index: 0, tags: tags, sourcePath: point.sourcePath, target: point.target.pointer,
            targetPath: point.target.resolvedPath, isInvisibleDefault: point.isInvisibleDefault,
            thread: state.callStack.forkThread())
    }

    private mutating func popChoiceString(tags: inout [String]) throws -> String {
        let value = try state.popValue()
        while case .tag(let text)? = state.evaluationStack.last {
            state.evaluationStack.removeLast()
            tags.insert(text, at: 0)
        }
        return value.description
    }
}

extension String {
    /// The text without the spaces and tabs at either end (as ink trims a choice's text).
    fileprivate func trimmingSpacesAndTabs() -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        if !isBlank(first) && !isBlank(last) { return self }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(unicodeScalars[start..<end])
    }
}
