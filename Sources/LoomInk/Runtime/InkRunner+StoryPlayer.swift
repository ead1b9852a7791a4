import LoomCore

/// ink's runner behind Loom's one story API.
extension InkRunner: StoryPlayer {
    /// The next line (without its line break), the choices, or the end; a runtime error throws.
    public func nextEvent() throws -> StoryPlayerEvent {
        while canContinue {
            var text = try self.continue()
            if text.hasSuffix("\n") { text.removeLast() }
            let tags = currentTags
            if !text.isEmpty || !tags.isEmpty { return .line(text: text, tags: tags) }
        }
        if !errors.isEmpty { throw LoomError(.runtime, errors.joined(separator: "; ")) }
        let choices = currentChoices
        if choices.isEmpty { return .end }
        return .choices(choices.map { StoryPlayerChoice(index: $0.index, text: $0.text, isAvailable: true) })
    }

    /// A global variable: numbers, bools and strings as they are, lists and divert targets as
    /// they print.
    public func variable(_ name: String) -> StoryPlayerValue? {
        switch value(of: name) {
        case .bool(let flag)?: .bool(flag)
        case .int(let number)?: .number(Double(number))
        case .float(let number)?: .number(Double(number))
        case .string(let text)?: .string(text)
        case let other?: .string(other.description)
        case nil: nil
        }
    }

    /// Sets a global variable; whole numbers become ints, others floats.
    public func setVariable(_ name: String, to value: StoryPlayerValue) throws {
        switch value {
        case .bool(let flag): try setValue(.bool(flag), of: name)
        case .number(let number):
            if number == number.rounded(), let whole = Int(exactly: number) {
                try setValue(.int(whole), of: name)
            } else {
                try setValue(.float(Float(number)), of: name)
            }
        case .string(let text): try setValue(.string(text), of: name)
        }
    }

    /// ``saveState()`` as UTF-8.
    public func saveData() throws -> [UInt8] { Array(saveState().utf8) }

    /// Loads what ``saveData()`` returned.
    public func loadData(_ bytes: [UInt8]) throws { try loadState(String(decoding: bytes, as: UTF8.self)) }
}
