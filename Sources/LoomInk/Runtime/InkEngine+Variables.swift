import LoomCore

/// A host function a story calls through `EXTERNAL`: it receives the arguments and returns a
/// value, or `nil` for none.
public typealias InkExternalFunction = ([InkValue]) throws -> InkValue?

/// A bound external function and whether ink's look-ahead may call it before its line is due.
struct InkExternalBinding {
    var function: InkExternalFunction
    /// When `false`, the look-ahead past a finished line stops before the call, so the
    /// function runs once each time the story reaches it.
    var isLookaheadSafe: Bool
}

/// Variables and external functions, as the story reads and sets them.
extension InkEngine {
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

    mutating func assign(_ assignment: InkAssignment, _ value: InkValue) throws {
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

    mutating func setGlobalVariable(_ name: String, _ value: InkValue) {
        var value = value
        let old = state.globals[name]
        if case .list(var list) = value, list.originNames.isEmpty, case .list(let oldList)? = old {
            list.originNames = oldList.originNames
            value = .list(list)
        }
        state.setGlobal(name, value)
        if observedNames.contains(name), old != value, !state.changedGlobals.contains(name) {
            state.changedGlobals.append(name)
        }
    }

    mutating func callExternal(_ name: String, arguments count: Int, from divert: InkDivert) throws {
        guard let binding = externals[name] else {
            if allowsExternalFunctionFallbacks, let fallback = story.root.namedChildren[name] {
                try checkCallDepth()
                state.callStack.push(.function, outputLength: state.output.count)
                state.divertedPointer = InkPointer.start(of: fallback)
                return
            }
            throw InkRuntimeError(
                "missing function binding for external '\(name)' (and no ink function of that name to fall back to)")
        }
        if !binding.isLookaheadSafe && snapshot != nil {
            // The line before is finished; end it here and make the call when the next line runs.
            sawLookaheadUnsafeFunction = true
            return
        }
        // A host sees each call: a look-ahead that made one is rewound and makes it again.
        if snapshot != nil { lookaheadCalledHost = true }
        var arguments: [InkValue] = []
        for _ in 0..<count { arguments.insert(try state.popValue(), at: 0) }
        callSite.current = divert.callScope.map { scope in
            InkCallSite(
                path: scope.path, index: divert.callIndex, visitCount: max(0, state.visitCounts[scope.id] - 1))
        }
        defer { callSite.current = nil }
        do {
            if let result = try binding.function(arguments) {
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
}
