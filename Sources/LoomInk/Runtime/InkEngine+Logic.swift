/// Diverts, control commands, variables and operations: everything that is not output.
extension InkEngine {
    /// Performs the op at `pointer` when it is logic or flow control; returns whether it was.
    mutating func performLogicAndFlowControl(_ op: InkOp, at pointer: InkPointer) throws -> Bool {
        switch op.kind {
        case .divert:
            try op.divert.unsafelyUnwrapped._withUnsafeGuaranteedRef { try performDivert($0) }
            return true
        case .command:
            try perform(op.command)
            return true
        case .assignment:
            guard case .assignment(let assignment) = pointer.object else { return true }
            let value = try state.popValue()
            try assign(assignment, value)
            return true
        case .variableReference:
            guard case .variableReference(let name) = pointer.object else { return true }
            if let value = try variable(named: name, context: -1) {
                state.push(value)
            } else {
                state.warnings.append("variable not found: '\(name)'; using the default value of 0 (false)")
                state.push(.int(0))
            }
            return true
        case .readCount:
            let id = op.target.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.container?.id }
            state.push(.int(id.map { state.visitCounts[$0] } ?? 0))
            return true
        case .native:
            let operation = op.native
            // Two whole numbers, the common case, skip the general coercion and its arrays.
            let count = state.evaluationStack.count
            if operation.arity == 2, count >= 2, case .value(.int(let y)) = state.evaluationStack[count - 1],
                case .value(.int(let x)) = state.evaluationStack[count - 2]
            {
                state.evaluationStack.removeLast(2)
                state.push(try operation.integers(x, y))
                return true
            }
            var operands: [InkValue] = []
            for _ in 0..<operation.arity {
                switch try state.popItem() {
                case .value(let value): operands.insert(value, at: 0)
                case .void:
                    throw InkRuntimeError(
                        "attempting to perform \(operation.rawValue) on a void value. Did you forget to 'return' a value from a function you called here?"
                    )
                case .tag: throw InkRuntimeError("expected a value for \(operation.rawValue), found a tag")
                }
            }
            state.push(try operation.call(operands, lists: story.lists))
            return true
        default:
            return false
        }
    }

    private mutating func performDivert(_ divert: InkDivert) throws {
        if divert.isConditional, try !state.popValue().isTruthy() { return }
        if let name = divert.variableName {
            guard let value = try variable(named: name, context: -1) else {
                throw InkRuntimeError(
                    "tried to divert using a target from a variable that could not be found (\(name))")
            }
            guard case .divertTarget(let path) = value else {
                throw InkRuntimeError(
                    "tried to divert to a target from a variable, but the variable (\(name)) didn't contain a divert target, it contained \(value)"
                )
            }
            guard let pointer = story.divertPointer(toPath: path) else {
                throw InkRuntimeError("divert target '\(path)' leads nowhere")
            }
            state.divertedPointer = pointer
        } else if let external = divert.externalName {
            try callExternal(external, arguments: divert.externalArguments, from: divert)
            return
        } else if let target = divert.target {
            state.divertedPointer = target.pointer
        }
        if let type = divert.pushType {
            try checkCallDepth()
            state.callStack.push(type, outputLength: state.output.count)
        }
        if state.divertedPointer.isNull {
            throw InkRuntimeError("divert resolution failed")
        }
    }

    /// Refuses to nest tunnels, function calls and threads deeper than ``InkEngine/maximumCallDepth``
    /// (endless recursion would otherwise use memory until the step limit).
    mutating func checkCallDepth() throws {
        if state.callStack.depth >= InkEngine.maximumCallDepth
            || state.callStack.threadCount >= InkEngine.maximumCallDepth
        {
            throw InkRuntimeError(
                "calls, tunnels or threads nest deeper than \(InkEngine.maximumCallDepth); is there endless recursion?")
        }
    }

    private mutating func perform(_ command: InkCommand) throws {
        switch command {
        case .evalStart: state.inExpressionEvaluation = true
        case .evalEnd: state.inExpressionEvaluation = false
        case .evalOutput:
            if !state.evaluationStack.isEmpty {
                if case .value(let value) = try state.popItem() { state.pushOutput(.text(value.description)) }
            }
        case .noOp, .startThread: break
        case .duplicate:
            guard let top = state.evaluationStack.last else { throw InkRuntimeError("nothing to duplicate") }
            state.evaluationStack.append(top)
        case .popEvaluatedValue: _ = try state.popItem()
        case .popFunction, .popTunnel:
            let type: InkPushType = command == .popFunction ? .function : .tunnel
            var overrideTarget: String?
            if type == .tunnel {
                if case .value(.divertTarget(let path)) = try state.popItem() { overrideTarget = path }
            }
            if tryExitFunctionEvaluationFromGame() { break }
            if state.callStack.currentFrame.type != type || !state.callStack.canPop {
                let found =
                    type == .function ? "function return statement (~ return)" : "tunnel onwards statement (->->)"
                let expected =
                    !state.callStack.canPop
                    ? "end of flow (-> END or choice)"
                    : (state.callStack.currentFrame.type == .function
                        ? "function return statement (~ return)" : "tunnel onwards statement (->->)")
                throw InkRuntimeError("found \(found), when expected \(expected)")
            }
            state.popCallStack()
            if let overrideTarget {
                guard let pointer = story.divertPointer(toPath: overrideTarget) else {
                    throw InkRuntimeError("tunnel onwards target '\(overrideTarget)' leads nowhere")
                }
                state.divertedPointer = pointer
            }
        case .beginString:
            state.pushOutput(.command(.beginString))
            state.inExpressionEvaluation = false
        case .beginTag:
            state.pushOutput(.command(.beginTag))
        case .endTag:
            if state.inStringEvaluation {
                var pieces: [String] = []
                while let last = state.output.popLast() {
                    if case .command(let inner) = last {
                        if inner == .beginTag { break }
                        throw InkRuntimeError("unexpected control command while extracting a tag from a choice")
                    }
                    if case .text(let text) = last { pieces.insert(text, at: 0) }
                }
                state.evaluationStack.append(.tag(InkState.cleanWhitespace(pieces.joined())))
            } else {
                state.pushOutput(.command(.endTag))
            }
        case .endString:
            var pieces: [String] = []
            var rescuedTags: [InkOutput] = []
            while let last = state.output.popLast() {
                if case .command(.beginString) = last { break }
                if case .tag = last { rescuedTags.insert(last, at: 0) }
                if case .text(let text) = last { pieces.insert(text, at: 0) }
            }
            for tag in rescuedTags { state.pushOutput(tag) }
            state.inExpressionEvaluation = true
            state.push(.string(pieces.joined()))
        case .choiceCount: state.push(.int(state.generatedChoices.count))
        case .turns: state.push(.int(state.currentTurnIndex + 1))
        case .turnsSince, .readCount:
            let target = try state.popValue()
            guard case .divertTarget(let path) = target else {
                throw InkRuntimeError(
                    "TURNS_SINCE and READ_COUNT expect a divert target (-> knot), not \(target.typeName)")
            }
            if let container = story.container(atPath: path) {
                state.push(.int(command == .turnsSince ? state.turnsSince(container) : state.visitCounts[container.id]))
            } else {
                state.push(.int(command == .turnsSince ? -1 : 0))
                state.warnings.append("failed to find a container for \(command.rawValue) at \(path)")
            }
        case .random:
            guard case .int(let maximum) = try state.popValue(), case .int(let minimum) = try state.popValue() else {
                throw InkRuntimeError("RANDOM expects whole-number bounds")
            }
            let range = maximum &- minimum &+ 1
            guard range > 0 else {
                throw InkRuntimeError(
                    "RANDOM was called with a minimum of \(minimum) and a maximum of \(maximum); the maximum must be larger"
                )
            }
            var random = SubtractiveRandom(seed: state.storySeed &+ state.previousRandom)
            let next = random.nextInt()
            state.push(.int(next % range + minimum))
            state.previousRandom = Int32(truncatingIfNeeded: next)
        case .seedRandom:
            guard case .int(let seed) = try state.popValue() else {
                throw InkRuntimeError("SEED_RANDOM expects a whole number")
            }
            state.storySeed = Int32(truncatingIfNeeded: seed)
            state.previousRandom = 0
            state.evaluationStack.append(.void)
        case .visitIndex:
            let container = state.currentPointer.container
            state.push(.int((container.map { state.visitCounts[$0.id] } ?? 0) - 1))
        case .sequenceShuffleIndex:
            state.push(.int(try nextShuffleIndex()))
        case .done:
            if state.callStack.canPopThread {
                state.callStack.popThread()
            } else {
                state.didSafeExit = true
                state.currentPointer = .null
            }
        case .end:
            state.forceEnd(start: InkPointer.start(of: story.root))
        case .listFromInt:
            guard case .int(let number) = try state.popValue(), case .string(let name) = try state.popValue() else {
                throw InkRuntimeError("expected a list name and a whole number")
            }
            guard let definition = story.lists.definitions[name] else {
                throw InkRuntimeError("failed to find LIST called \(name)")
            }
            if let item = definition.item(withValue: number) {
                state.push(.list(InkList(single: item, value: number)))
            } else {
                var empty = InkList()
                empty.originNames = [name]
                state.push(.list(empty))
            }
        case .listRange:
            let maximum = try state.popValue()
            let minimum = try state.popValue()
            guard case .list(let list) = try state.popValue() else {
                throw InkRuntimeError("LIST_RANGE expects a list")
            }
            func bound(_ value: InkValue, lower: Bool) -> Int {
                switch value {
                case .int(let number): return number
                case .float(let number): return Int(number)
                case .list(let bounds):
                    return (lower ? bounds.minItem?.value : bounds.maxItem?.value) ?? (lower ? 0 : Int.max)
                default: return 0
                }
            }
            state.push(.list(list.subrange(bound(minimum, lower: true), bound(maximum, lower: false))))
        case .listRandom:
            guard case .list(let list) = try state.popValue() else {
                throw InkRuntimeError("LIST_RANDOM expects a list")
            }
            if list.isEmpty {
                state.push(.list(InkList()))
            } else {
                var random = SubtractiveRandom(seed: state.storySeed &+ state.previousRandom)
                let next = random.nextInt()
                let entry = list.items[next % list.count]
                state.push(.list(InkList(single: entry.item, value: entry.value)))
                state.previousRandom = Int32(truncatingIfNeeded: next)
            }
        }
    }

    private mutating func nextShuffleIndex() throws -> Int {
        guard case .int(let count) = try state.popValue(), case .int(let sequenceCount) = try state.popValue(),
            count > 0
        else {
            throw InkRuntimeError("a shuffle needs a positive element count")
        }
        let loopIndex = sequenceCount / count
        let iterationIndex = sequenceCount % count
        var hash: Int32 = 0
        for scalar in (state.currentPointer.container?.path ?? "").unicodeScalars {
            hash &+= Int32(truncatingIfNeeded: scalar.value)
        }
        var random = SubtractiveRandom(seed: hash &+ Int32(truncatingIfNeeded: loopIndex) &+ state.storySeed)
        var unpicked = Array(0..<count)
        for i in 0...iterationIndex {
            let chosen = random.nextInt() % unpicked.count
            let index = unpicked.remove(at: chosen)
            if i == iterationIndex { return index }
        }
        return 0
    }
}
