/// The grammar a model's proposed options are held to while they are sampled: a JSON array of
/// one to ``maxItems`` short strings, such as `["Ask about the bell", "Walk to the pier"]`.
///
/// A sampler asks ``advance(_:over:)`` for every candidate token's text and keeps only those
/// that leave the text a prefix of a sentence of the grammar, and allows the end of the text
/// only in a state where ``isComplete(_:)`` holds. So whatever the model prefers, the output
/// always parses, with ``parse(_:)``.
///
/// The strings are kept simple on purpose: no escapes, no control characters, no line breaks
/// and no square brackets (a bracket inside an option is the list's own, misplaced: `devil.]`),
/// single spaces between words and none at either end, between ``minCharacters`` and
/// ``maxCharacters`` characters each. Whitespace is allowed around the brackets and commas, as
/// JSON allows it. Every state the grammar reaches can still be finished: a space comes only
/// where a character can follow it within ``maxCharacters``.
///
/// ```swift
/// let grammar = OptionListGrammar(maxItems: 3)
/// var state = grammar.start
/// state = grammar.advance(state, over: "[\"Ring the")!
/// let broken = grammar.advance(state, over: "\n")  // nil: no line break inside an option
/// ```
public struct OptionListGrammar: Sendable, Hashable {
    /// Most options in the list. Default: 3; at least 1.
    public var maxItems: Int
    /// Fewest options in the list: `]` closes it only after this many. Default: 1.
    public var minItems = 1
    /// Fewest characters in an option. Default: 3.
    public var minCharacters: Int
    /// Most characters in an option. Default: 60.
    public var maxCharacters: Int
    /// The words an option may start with, or `nil` for any. Options are things the player
    /// does, so ``ChatWriter`` holds them to ``imperativeVerbs``: a small model then writes
    /// "Ask the fisherman about the reef", not "What do you want to know?". Default: `nil`.
    public var firstWords: Set<String>?
    /// Every prefix of ``firstWords``, for the check while a first word is being written.
    private var firstWordPrefixes: Set<String> = []

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
        /// The option's first word so far, while it is being written under
        /// ``OptionListGrammar/firstWords``; `nil` after it.
        var firstWord: String? = nil
    }

    /// A grammar of `1...maxItems` options of `minCharacters...maxCharacters` characters, each
    /// starting with one of `firstWords` when given.
    public init(maxItems: Int = 3, minCharacters: Int = 3, maxCharacters: Int = 60, firstWords: Set<String>? = nil) {
        self.maxItems = max(1, maxItems)
        self.minCharacters = max(1, minCharacters)
        self.maxCharacters = max(self.minCharacters, maxCharacters)
        self.firstWords = firstWords
        for word in firstWords ?? [] {
            var prefix = ""
            for character in word {
                prefix.append(character)
                firstWordPrefixes.insert(prefix)
            }
        }
    }

    /// Verbs an option for the player commonly starts with, capitalised ("Ask", "Search").
    public static let imperativeVerbs: Set<String> = [
        "Accept", "Admire", "Ask", "Bargain", "Bathe", "Bet", "Borrow", "Bow", "Bribe", "Buy", "Call", "Carry",
        "Chase", "Check", "Climb", "Collect", "Comfort", "Cook", "Count", "Cross", "Dance", "Dig", "Dive", "Draw",
        "Drink", "Eat", "Enter", "Examine", "Explore", "Feed", "Fetch", "Fight", "Find", "Fish", "Follow",
        "Gather", "Give", "Go", "Greet", "Hand", "Help", "Hide", "Hire", "Inspect", "Join", "Kneel", "Knock",
        "Leave", "Light", "Listen", "Look", "Mend", "Offer", "Open", "Order", "Pay", "Pick", "Play", "Pour",
        "Pray", "Promise", "Pull", "Push", "Read", "Repair", "Rest", "Return", "Ring", "Row", "Run", "Sail",
        "Search", "Sell", "Share", "Shout", "Sing", "Sit", "Sleep", "Speak", "Stay", "Steal", "Study", "Swim",
        "Take", "Talk", "Taste", "Tell", "Thank", "Touch", "Trade", "Try", "Visit", "Wait", "Wake", "Walk",
        "Warn", "Wash", "Watch", "Whistle", "Write",
    ]

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
            guard character == "\"" else { return nil }
            return State(
                place: .inside(characters: 0, afterSpace: false), items: state.items,
                firstWord: firstWords == nil ? nil : "")
        case .inside(let count, let afterSpace):
            if let word = state.firstWord {
                // Under `firstWords`, letters must go on spelling one of them, and the word must
                // be whole when a space or the closing quote ends it.
                if character.isLetter {
                    guard count < maxCharacters, firstWordPrefixes.contains(word + String(character)) else {
                        return nil
                    }
                    return State(
                        place: .inside(characters: count + 1, afterSpace: false), items: state.items,
                        firstWord: word + String(character))
                }
                guard character == " " || character == "\"", firstWords?.contains(word) == true else { return nil }
                if character == " " {
                    guard count + 1 < maxCharacters else { return nil }
                    return State(place: .inside(characters: count + 1, afterSpace: true), items: state.items)
                }
            }
            if character == "\"" {
                let closes = count >= minCharacters && !afterSpace
                return closes ? State(place: .afterItem, items: state.items + 1) : nil
            }
            // No escapes, control characters, line breaks or brackets, no half characters (U+FFFD,
            // what a byte token of a split character reads as alone), and no space but U+0020.
            let allowed =
                character != "\\" && character != "\u{FFFD}" && character != "[" && character != "]"
                && !character.unicodeScalars.contains { $0.properties.generalCategory == .control }
                && (!isSpace || character == " ")
            guard allowed, count < maxCharacters else { return nil }
            // A space must leave room for a character before the closing quote.
            if isSpace, count + 1 >= maxCharacters { return nil }
            // An option starts with a letter, a digit or an opening quote mark, and has single
            // spaces between words, none at its end.
            if count == 0, !(character.isLetter || character.isNumber || character == "'") { return nil }
            if afterSpace, isSpace { return nil }
            return State(place: .inside(characters: count + 1, afterSpace: isSpace), items: state.items)
        case .afterItem:
            if isSpace { return state }
            if character == "]" {
                return state.items >= minItems ? State(place: .closed, items: state.items) : nil
            }
            if character == ",", state.items < maxItems { return State(place: .itemStart, items: state.items) }
            return nil
        case .closed:
            return isSpace ? state : nil
        }
    }

    /// The options of a whole list, or `nil` when `text` is not one.
    public func parse(_ text: String) -> [String]? {
        guard let final = advance(start, over: text), isComplete(final) else { return nil }
        return Self.closedStrings(in: text)
    }

    /// The strings of `text` whose closing quote it reaches (options have no escapes): the
    /// options of a list, whole or cut short.
    public static func closedStrings(in text: String) -> [String] {
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
