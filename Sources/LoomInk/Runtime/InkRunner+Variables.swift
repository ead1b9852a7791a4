import LoomCore

/// Variables, external functions, observers and functions the game calls.
extension InkRunner {
    // MARK: Public

    /// The value of a global variable, or `nil` when the story has none of that name.
    public func value(of variable: String) -> InkValue? { engine.state.globals[variable] }

    /// Sets a global variable the story declares.
    /// - Throws: `LoomError` (`.invalidArgument`) for a variable the story does not declare.
    public func setValue(_ value: InkValue, of variable: String) throws {
        guard engine.defaultGlobals[variable] != nil || engine.state.globals[variable] != nil else {
            throw LoomError(.invalidArgument, "the story declares no global variable '\(variable)'")
        }
        engine.setGlobalVariable(variable, value)
        notifyChanges()
    }

    /// The names of the global variables, sorted.
    public var globalVariableNames: [String] { engine.state.globals.keys.sorted() }

    /// Binds an `EXTERNAL` function to host code. Unbound externals fall back to an ink
    /// function of the same name when ``allowsExternalFunctionFallbacks`` is set.
    ///
    /// ink looks ahead past the end of a line (to see whether glue joins the next one) and
    /// then rewinds, so a lookahead-safe function (the default, as in ink) may run more often
    /// than the story reaches it. Pass `lookaheadSafe: false` for a function with side
    /// effects: the look-ahead then stops before it and it runs once per call in the story.
    public func bindExternalFunction(
        _ name: String, lookaheadSafe: Bool = true, _ function: @escaping InkExternalFunction
    ) {
        engine.externals[name] = InkExternalBinding(function: function, isLookaheadSafe: lookaheadSafe)
    }

    /// Calls `observer` with the new value whenever the global `variable` changes (once per
    /// ``continue()``, after the line, with the final value).
    public func observeVariable(_ variable: String, _ observer: @escaping (String, InkValue) -> Void) {
        observers[variable, default: []].append(observer)
        engine.observedNames.insert(variable)
    }

    func notifyChanges() {
        guard !core.state.changedGlobals.isEmpty else { return }
        let changed = core.state.changedGlobals
        core.state.changedGlobals.removeAll()
        for name in changed {
            guard let value = engine.state.globals[name] else { continue }
            for observer in observers[name] ?? [] { observer(name, value) }
        }
    }

    /// Runs the ink function `name` with `arguments` from the game, returning its text output
    /// and its return value; the story's flow is left where it was.
    /// - Throws: `LoomError` (`.invalidArgument`) for an unknown function, (`.runtime`) when
    ///   the function fails.
    public func evaluateFunction(_ name: String, arguments: [InkValue] = []) throws -> (text: String, result: InkValue?)
    {
        guard let container = story.root.namedChildren[name] else {
            throw LoomError(.invalidArgument, "the story has no function '\(name)'")
        }
        let savedOutput = engine.state.output
        let savedErrors = engine.state.errors
        engine.state.output.removeAll()
        engine.state.callStack.push(
            .functionEvaluationFromGame, evaluationStackHeight: engine.state.evaluationStack.count)
        engine.state.currentPointer = InkPointer.start(of: container)
        for argument in arguments { engine.state.push(argument) }
        var text = ""
        while engine.state.canContinue {
            text += try engine.continueInternal()
        }
        if engine.state.errors.count > savedErrors.count {
            let message = engine.state.errors[savedErrors.count...].joined(separator: "; ")
            engine.state.errors = savedErrors
            throw LoomError(.runtime, "function '\(name)' failed: \(message)")
        }
        guard engine.state.callStack.currentFrame.type == .functionEvaluationFromGame else {
            throw LoomError(.runtime, "function '\(name)' did not return to the game")
        }
        let height = engine.state.callStack.currentFrame.evaluationStackHeight
        var result: InkStackItem?
        while engine.state.evaluationStack.count > height {
            let popped = engine.state.evaluationStack.removeLast()
            if result == nil { result = popped }
        }
        engine.state.callStack.pop()
        engine.state.output = savedOutput
        notifyChanges()
        if case .value(let value)? = result { return (text, value) }
        return (text, nil)
    }
}
