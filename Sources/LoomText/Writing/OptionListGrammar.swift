/// The grammar a model's proposed options are held to while they are sampled: a JSON array of
/// one to ``maxItems`` short strings, such as `["Ask about the bell", "Walk to the pier"]`.
///
/// A sampler asks ``advance(_:over:)`` for every candidate token's text and keeps only those
/// that leave the text a prefix of a sentence of the grammar, and allows the end of the text
/// only in a state where ``isComplete(_:)`` holds. So whatever the model prefers, the output
/// always parses, with ``parse(_:)``.
///
/// The strings are kept simple on purpose: no escapes, no control characters and no line
/// breaks, single spaces between words and none at either end, between ``minCharacters`` and
/// ``maxCharacters`` characters each. Whitespace is allowed around the brackets and commas, as
/// JSON allows it.
///
/// ```swift
/// let grammar = OptionListGrammar(maxItems: 3)
/// var state = grammar.start
/// state = grammar.advance(state, over: "[\"Ring the")!
/// grammar.advance(state, over: "\n")   // nil: no line break inside an option
/// ```
public struct OptionListGrammar: Sendable, Hashable {
    /// Most options in the list. Default: 3; at least 1.
    public var maxItems: Int
    /// Fewest characters in an option. Default: 3.
    public var minCharacters: Int
    /// Most characters in an option. Default: 60.
    public var maxCharacters: Int

    /// Where in the grammar a prefix of text has got to.
    public struct State: Sendable, Hashable {
        enum Place: Sendable, Hashable {
            /// Before `[`.
            case open
            /// After `[` or `,`: before an option's opening quote.
            case itemStart
            /// Inside an option, `characters` written, the last a space or not.
            case inside(characters: Int, afterSpace: Bool)
            /// After an option's closing quote: before `,` or `]`.
            case afterItem
            /// After `]`.
            case closed
        }
        var place: Place
        /// Options finished so far.
        var items: Int
    }

    /// A grammar of `1...maxItems` options of `minCharacters...maxCharacters` characters.
    public init(maxItems: Int = 3, minCharacters: Int = 3, maxCharacters: Int = 60) {
        self.maxItems = max(1, maxItems)
        self.minCharacters = max(1, minCharacters)
        self.maxCharacters = max(self.minCharacters, maxCharacters)
    }

    /// The state before any text.
    public var start: State { State(place: .open, items: 0) }

    /// Whether the text so far is a whole list (nothing but whitespace may follow).
    public func isComplete(_ state: State) -> Bool { state.place == .closed }

    /// The state after `text`, or `nil` when `text` leads out of the grammar.
    public func advance(_ state: State, over text: String) -> State? {
        var state = state
        for character in text {
            guard let next = step(state, character) else { return nil }
            state = next
        }
        return state
    }

    /// The state after one character, or `nil`.
    func step(_ state: State, _ character: Character) -> State? {
        let isSpace = character == " " || character == "\n" || character == "\t" || character == "\r"
        switch state.place {
        case .open:
            if isSpace { return state }
            return character == "[" ? State(place: .itemStart, items: 0) : nil
        case .itemStart:
            if isSpace { return state }
            return character == "\"" ? State(place: .inside(characters: 0, afterSpace: false), items: state.items) : nil
        case .inside(let count, let afterSpace):
            if character == "\"" {
                let closes = count >= minCharacters && !afterSpace
                return closes ? State(place: .afterItem, items: state.items + 1) : nil
            }
            let allowed =
                character != "\\" && !character.unicodeScalars.contains { $0.properties.generalCategory == .control }
                && !character.isNewline
            guard allowed, count < maxCharacters else { return nil }
            // An option starts with a letter, a digit or an opening quote mark, and has single
            // spaces between words, none at its end.
            if count == 0, !(character.isLetter || character.isNumber || character == "'") { return nil }
            if afterSpace, isSpace { return nil }
            return State(place: .inside(characters: count + 1, afterSpace: isSpace), items: state.items)
        case .afterItem:
            if isSpace { return state }
            if character == "]" { return State(place: .closed, items: state.items) }
            if character == ",", state.items < maxItems { return State(place: .itemStart, items: state.items) }
            return nil
        case .closed:
            return isSpace ? state : nil
        }
    }

    /// The options of a whole list, or `nil` when `text` is not one.
    public func parse(_ text: String) -> [String]? {
        guard let final = advance(start, over: text), isComplete(final) else { return nil }
        var options: [String] = []
        var current: String?
        for character in text {
            if character == "\"" {
                if let finished = current {
                    options.append(finished)
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current?.append(character)
            }
        }
        return options
    }
}
