import LoomCore

/// ink's runner behind Loom's one story API.
extension InkRunner: StoryPlayer {
    /// The next line (without its line break), the choices, or the end; a runtime error throws
    /// (``runtimeError``, located in the story).
    public func nextEvent() throws -> StoryPlayerEvent {
        while canContinue {
            var text = try self.continue()
            if text.hasSuffix("\n") { text.removeLast() }
            let tags = currentTags
            if !text.isEmpty || !tags.isEmpty { return .line(text: text, tags: tags) }
        }
        if let runtimeError { throw runtimeError }
        let choices = currentChoices
        if choices.isEmpty { return .end }
        return .choices(choices.map(\.playerChoice))
    }

    /// A global variable: numbers, bools and strings as they are, lists and divert targets as
    /// they print.
    public func variable(_ name: String) -> StoryPlayerValue? { value(of: name).map(StoryPlayerValue.init) }

    /// Sets a global variable; whole numbers become ints, others floats.
    public func setVariable(_ name: String, to value: StoryPlayerValue) throws {
        try setValue(InkValue(value), of: name)
    }

    /// ``saveState()`` as UTF-8.
    public func saveData() throws -> [UInt8] { Array(saveState().utf8) }

    /// Loads what ``saveData()`` returned.
    public func loadData(_ bytes: [UInt8]) throws { try loadState(String(decoding: bytes, as: UTF8.self)) }

    /// Binds an `EXTERNAL` function (it then runs instead of an ink fallback of the same name).
    /// Arguments arrive as `StoryPlayerValue`s (ints and floats as numbers, lists and divert
    /// targets as they print); a whole-number result becomes an int, another number a float.
    /// The function is bound lookahead-unsafe, so it runs once each time the story calls it.
    /// - Throws: `LoomError` (`.invalidArgument`) when the story calls it with another number of
    ///   arguments.
    public func bind(_ function: StoryPlayerFunction) throws {
        for container in story.containers {
            for case .divert(let divert) in container.content
            where divert.externalName == function.name && divert.externalArguments != function.parameters.count {
                throw LoomError(
                    .invalidArgument,
                    "the story calls '\(function.name)' with \(divert.externalArguments) arguments (in \(container.path.isEmpty ? "the root" : container.path)), but the bound function takes \(function.parameters.count)"
                )
            }
        }
        bindExternalFunction(function.name, lookaheadSafe: false) { arguments in
            InkValue(try function.call(arguments.map(StoryPlayerValue.init)))
        }
    }
}

extension InkChoice {
    /// The choice in the one story API's terms (ink offers only choices the player may take).
    public var playerChoice: StoryPlayerChoice {
        StoryPlayerChoice(index: index, text: text, isAvailable: true, tags: tags)
    }
}

extension StoryPlayerValue {
    /// An ink value in the shared terms: ints and floats as numbers, lists and divert targets
    /// as they print.
    init(_ value: InkValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .float(let number): self = .number(Double(number))
        case .string(let text): self = .string(text)
        case .list, .divertTarget, .variablePointer: self = .string(value.description)
        }
    }
}

extension InkValue {
    /// A shared value as ink holds it: a whole number as an int, another number as a float.
    init(_ value: StoryPlayerValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .number(let number):
            if number == number.rounded(), let whole = Int(exactly: number) {
                self = .int(whole)
            } else {
                self = .float(Float(number))
            }
        case .string(let text): self = .string(text)
        }
    }
}
