import LoomCore

/// Yarn Spinner's runner behind Loom's one story API (commands and node events are skipped;
/// register command handlers with ``StoryRunner/registerCommand(_:_:)`` to act on commands).
extension StoryRunner: StoryPlayer {
    /// The next line, the options (unavailable ones marked), or the end of the dialogue. While
    /// options wait for ``choose(_:)`` (after ``loadData(_:)`` too), it returns them again, as
    /// ink's runner does.
    public func nextEvent() throws -> StoryPlayerEvent {
        if currentOptions.contains(where: \.isAvailable) { return .choices(Self.choices(currentOptions)) }
        while true {
            switch try self.continue() {
            case .line(let line): return .line(text: line.text, tags: line.tags)
            case .options(let options): return .choices(Self.choices(options))
            case .end: return .end
            case .command, .nodeStart, .nodeEnd: continue
            }
        }
    }

    private static func choices(_ options: [StoryOption]) -> [StoryPlayerChoice] {
        options.map {
            StoryPlayerChoice(index: $0.index, text: $0.line.text, isAvailable: $0.isAvailable, tags: $0.line.tags)
        }
    }

    /// ``selectOption(_:)``.
    public func choose(_ index: Int) throws { try selectOption(index) }

    /// A variable (`$gold`).
    public func variable(_ name: String) -> StoryPlayerValue? {
        switch value(of: name) {
        case .number(let number)?: .number(number)
        case .string(let text)?: .string(text)
        case .bool(let flag)?: .bool(flag)
        case nil: nil
        }
    }

    /// Sets a variable (`$gold`).
    public func setVariable(_ name: String, to value: StoryPlayerValue) throws {
        switch value {
        case .number(let number): try setValue(.number(number), of: name)
        case .string(let text): try setValue(.string(text), of: name)
        case .bool(let flag): try setValue(.bool(flag), of: name)
        }
    }

    /// ``saveState()`` in its versioned binary encoding.
    public func saveData() throws -> [UInt8] { try saveState().encoded() }

    /// Loads what ``saveData()`` returned.
    public func loadData(_ bytes: [UInt8]) throws { try load(StoryState.decode(bytes)) }

    /// Binds a function the story calls, replacing the one registered when the runner was made.
    /// - Throws: `LoomError` (`.invalidArgument`) when the story calls it with another number of
    ///   arguments.
    public func bind(_ function: StoryPlayerFunction) throws {
        guard let index = story.functionNames.firstIndex(of: function.name) else { return }
        for (position, instruction) in story.code.enumerated() {
            if case .callFunction(index, let count) = instruction, count != function.parameters.count {
                let line = position < story.lines.count ? story.lines[position] : 0
                throw LoomError(
                    .invalidArgument,
                    "the story calls '\(function.name)' with \(count) arguments\(line > 0 ? " (line \(line))" : ""), but the bound function takes \(function.parameters.count)"
                )
            }
        }
        functions[index] = StoryFunction(shared: function)
    }
}

extension StoryFunction {
    /// A shared host function as Yarn calls it.
    init(shared function: StoryPlayerFunction) {
        self.init(
            name: function.name, parameters: function.parameters.map(StoryType.init),
            returnType: StoryType(function.returnType)
        ) { arguments in
            StoryValue(try function.call(arguments.map(StoryPlayerValue.init)))
        }
    }
}

extension FunctionLibrary {
    /// Adds a shared host function, so the compiler knows its types (bind the same function to
    /// a runner with ``StoryRunner/bind(_:)``).
    public mutating func register(_ function: StoryPlayerFunction) { register(StoryFunction(shared: function)) }
}

extension StoryType {
    init(_ type: StoryPlayerValueType) {
        switch type {
        case .bool: self = .bool
        case .number: self = .number
        case .string: self = .string
        case .any: self = .any
        }
    }
}

extension StoryValue {
    init(_ value: StoryPlayerValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        }
    }
}

extension StoryPlayerValue {
    init(_ value: StoryValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        }
    }
}
