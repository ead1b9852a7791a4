/// One step of the story: enter containers, act on one object, move on.
extension InkEngine {
    mutating func step() throws {
        var pointer = state.currentPointer
        if pointer.isNull { return }
        while case .container(let inner)? = pointer.resolve() {
            state.visit(inner, atStart: true)
            if inner.content.isEmpty { break }
            pointer = InkPointer.start(of: inner)
        }
        state.currentPointer = pointer
        guard var object = pointer.resolve() else { return }
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
        while let container = pointer.container, pointer.index >= container.content.count {
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
        var previousContainers: [ObjectIdentifier] = []
        if !previous.isNull {
            var ancestor: InkContainer?
            if case .container(let inner)? = previous.resolve() {
                ancestor = inner
            } else {
                ancestor = previous.container
            }
            while let current = ancestor {
                previousContainers.append(ObjectIdentifier(current))
                ancestor = current.parent
            }
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
            !previousContainers.contains(ObjectIdentifier(current)) || current.countsAtStartOnly
        {
            let isFirstChild: Bool
            if let childContainer {
                isFirstChild = childContainer.indexInParent == 0 && childContainer.parent === current
            } else {
                isFirstChild = pointer.index == 0 && pointer.container === current
            }
            let enteringAtStart = !current.content.isEmpty && isFirstChild && allEnteredAtStart
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
        let text = (start + choiceOnly).trimmingCharacters(in: [" ", "\t"])
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
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
