import LoomCore

/// A host function a story calls through `EXTERNAL`: it receives the arguments and returns a
/// value, or `nil` for none.
public typealias InkExternalFunction = ([InkValue]) throws -> InkValue?

/// Variables, external functions, observers and functions the game calls.
extension InkRunner {
    func rawVariable(named name: String, context: Int) -> InkValue? {
        if context == 0 || context == -1 {
            if let value = state.globals[name] { return value }
            if let list = story.lists.list(forItemNamed: name) { return .list(list) }
        }
        return state.callStack.temporary(name, context: context)
    }

    func variable(named name: String, context: Int) throws -> InkValue? {
        var value = rawVariable(named: name, context: context)
        var hops = 0
        while case .variablePointer(let target, let targetContext)? = value {
            value = rawVariable(named: target, context: targetContext)
            hops += 1
            if hops > 1000 { throw InkRuntimeError("variable '\(name)' refers to itself") }
        }
        return value
    }

    func assign(_ assignment: InkAssignment, _ value: InkValue) throws {
        var name = assignment.name
        var context = -1
        var value = value
        var setGlobal: Bool
        if assignment.isNewDeclaration {
            setGlobal = assignment.isGlobal
            if case .variablePointer(let target, let targetContext) = value {
                var resolvedContext = targetContext
                if resolvedContext == -1 { resolvedContext = state.callStack.context(ofVariable: target) }
                let pointed = rawVariable(named: target, context: resolvedContext)
                if case .variablePointer? = pointed {
                    value = pointed!
                } else if target == name, resolvedContext == state.callStack.depth, !assignment.isGlobal, let pointed {
                    // A divert passing a temporary by reference to a parameter of the same name
                    // stays in the same frame: the parameter is the variable itself.
                    value = pointed
                } else {
                    value = .variablePointer(target, context: resolvedContext)
                }
            }
        } else {
            setGlobal = state.globals[name] != nil || defaultGlobals[name] != nil
            var hops = 0
            while case .variablePointer(let target, let targetContext)? = rawVariable(named: name, context: context) {
                name = target
                context = targetContext
                setGlobal = context == 0
                hops += 1
                if hops > 1000 { throw InkRuntimeError("variable '\(name)' refers to itself") }
            }
        }
        if setGlobal {
            setGlobalVariable(name, value)
        } else {
            if case .list(var list) = value, list.originNames.isEmpty,
                case .list(let old)? = state.callStack.temporary(name, context: context)
            {
                list.originNames = old.originNames
                value = .list(list)
            }
            try state.callStack.setTemporary(name, value, declare: assignment.isNewDeclaration, context: context)
        }
    }

    func setGlobalVariable(_ name: String, _ value: InkValue) {
        var value = value
        let old = state.globals[name]
        if case .list(var list) = value, list.originNames.isEmpty, case .list(let oldList)? = old {
            list.originNames = oldList.originNames
            value = .list(list)
        }
        state.globals[name] = value
        if observers[name] != nil, old != value, !state.changedGlobals.contains(name) {
            state.changedGlobals.append(name)
        }
    }

    func callExternal(_ name: String, arguments count: Int) throws {
        guard let function = externals[name] else {
            if allowsExternalFunctionFallbacks, let fallback = story.root.namedChildren[name] {
                state.callStack.push(.function, outputLength: state.output.count)
                state.divertedPointer = InkPointer.start(of: fallback)
                return
            }
            throw InkRuntimeError(
                "missing function binding for external '\(name)' (and no ink function of that name to fall back to)")
        }
        var arguments: [InkValue] = []
        for _ in 0..<count { arguments.insert(try state.popValue(), at: 0) }
        do {
            if let result = try function(arguments) {
                state.push(result)
            } else {
                state.evaluationStack.append(.void)
            }
        } catch let error as InkRuntimeError {
            throw error
        } catch {
            throw InkRuntimeError("external function '\(name)' failed: \(error)")
        }
    }

    // MARK: Public

    /// The value of a global variable, or `nil` when the story has none of that name.
    public func value(of variable: String) -> InkValue? { state.globals[variable] }

    /// Sets a global variable the story declares.
    /// - Throws: ``LoomError`` (`.invalidArgument`) for a variable the story does not declare.
    public func setValue(_ value: InkValue, of variable: String) throws {
        guard defaultGlobals[variable] != nil || state.globals[variable] != nil else {
            throw LoomError(.invalidArgument, "the story declares no global variable '\(variable)'")
        }
        setGlobalVariable(variable, value)
        notifyChanges()
    }

    /// The names of the global variables, sorted.
    public var globalVariableNames: [String] { state.globals.keys.sorted() }

    /// Binds an `EXTERNAL` function to host code. Unbound externals fall back to an ink
    /// function of the same name when ``allowsExternalFunctionFallbacks`` is set.
    public func bindExternalFunction(_ name: String, _ function: @escaping InkExternalFunction) {
        externals[name] = function
    }

    /// Calls `observer` with the new value whenever the global `variable` changes (once per
    /// ``continue()``, after the line, with the final value).
    public func observeVariable(_ variable: String, _ observer: @escaping (String, InkValue) -> Void) {
        observers[variable, default: []].append(observer)
    }

    func notifyChanges() {
        let changed = state.changedGlobals
        state.changedGlobals.removeAll()
        for name in changed {
            guard let value = state.globals[name] else { continue }
            for observer in observers[name] ?? [] { observer(name, value) }
        }
    }

    /// Runs the ink function `name` with `arguments` from the game, returning its text output
    /// and its return value; the story's flow is left where it was.
    /// - Throws: ``LoomError`` (`.invalidArgument`) for an unknown function, (`.runtime`) when
    ///   the function fails.
    public func evaluateFunction(_ name: String, arguments: [InkValue] = []) throws -> (text: String, result: InkValue?)
    {
        guard let container = story.root.namedChildren[name] else {
            throw LoomError(.invalidArgument, "the story has no function '\(name)'")
        }
        let savedOutput = state.output
        let savedErrors = state.errors
        state.output.removeAll()
        state.callStack.push(.functionEvaluationFromGame, evaluationStackHeight: state.evaluationStack.count)
        state.currentPointer = InkPointer.start(of: container)
        for argument in arguments { state.push(argument) }
        var text = ""
        while state.canContinue {
            text += try continueInternal()
        }
        if state.errors.count > savedErrors.count {
            let message = state.errors[savedErrors.count...].joined(separator: "; ")
            state.errors = savedErrors
            throw LoomError(.runtime, "function '\(name)' failed: \(message)")
        }
        guard state.callStack.currentFrame.type == .functionEvaluationFromGame else {
            throw LoomError(.runtime, "function '\(name)' did not return to the game")
        }
        let height = state.callStack.currentFrame.evaluationStackHeight
        var result: InkStackItem?
        while state.evaluationStack.count > height {
            let popped = state.evaluationStack.removeLast()
            if result == nil { result = popped }
        }
        state.callStack.pop()
        state.output = savedOutput
        notifyChanges()
        if case .value(let value)? = result { return (text, value) }
        return (text, nil)
    }
}
