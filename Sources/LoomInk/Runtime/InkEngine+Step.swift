/// One step of the story: enter containers, act on one object, move on.
extension InkEngine {
    mutating func step() throws {
        var pointer = state.currentPointer
        if pointer.isNull { return }
        var resolved = pointer.resolve()
        while case .container(let inner)? = resolved {
            state.visit(inner, atStart: true)
            if inner.code.isEmpty { break }
            pointer = InkPointer.start(of: inner)
            resolved = pointer.resolve()
        }
        state.currentPointer = pointer
        guard var object = resolved else { return }
        let isFlowControl = try performLogicAndFlowControl(object)
        if state.currentPointer.isNull { return }
        var shouldAdd = !isFlowControl
        if case .choicePoint(let point) = object {
            if let choice = try processChoice(point) { state.generatedChoices.append(choice) }
            shouldAdd = false
        }
        if case .container = object { shouldAdd = false }
        if shouldAdd {
            if case .value(.variablePointer(let name, let context)) = object, context == -1 {
                object = .value(.variablePointer(name, context: state.callStack.context(ofVariable: name)))
            }
            if state.inExpressionEvaluation {
                switch object {
                case .value(let value): state.push(value)
                case .void: state.evaluationStack.append(.void)
                case .tag(let text): state.evaluationStack.append(.tag(text))
                default: break
                }
            } else {
                switch object {
                case .value(.string(let text)): state.pushOutput(.text(text))
                case .glue: state.pushOutput(.glue)
                case .tag(let text): state.pushOutput(.tag(text))
                default: break
                }
            }
        }
        nextContent()
        if case .command(.startThread) = object {
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
        while let container = pointer.container, pointer.index >= container.code.count {
            success = false
            guard let ancestor = container.parent, container.indexInParent >= 0 else { break }
            pointer = InkPointer(container: ancestor, index: container.indexInParent + 1)
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
            if case .container(let inner)? = previous.resolve() {
                previousInnermost = inner
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
        guard let child = pointer.resolve() else { return }
        var childContainer: InkContainer?
        var ancestor: InkContainer?
        if case .container(let inner) = child {
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
            let enteringAtStart = !current.code.isEmpty && isFirstChild && allEnteredAtStart
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
