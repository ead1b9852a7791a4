import LoomCore

/// Yarn Spinner's runner behind Loom's one story API (commands and node events are skipped;
/// register command handlers with ``StoryRunner/registerCommand(_:_:)`` to act on commands).
extension StoryRunner: StoryPlayer {
    /// The next line, the options (unavailable ones marked), or the end of the dialogue.
    public func nextEvent() throws -> StoryPlayerEvent {
        while true {
            switch try self.continue() {
            case .line(let line): return .line(text: line.text, tags: line.tags)
            case .options(let options):
                return .choices(
                    options.map {
                        StoryPlayerChoice(index: $0.index, text: $0.line.text, isAvailable: $0.isAvailable)
                    })
            case .end: return .end
            case .command, .nodeStart, .nodeEnd: continue
            }
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
}
