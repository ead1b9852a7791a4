/// Joins word-level tokens back into prose: no space before closing punctuation, none after
/// an opening bracket or quote, and straight quotes paired as they open and close.
///
/// A straight quote right after `,` `.` `!` `?` or an ellipsis always closes (sampled text can
/// drop an opening quote, and English prose never opens one there); elsewhere quotes alternate.
public struct Detokenizer: Sendable {
    /// How a token joins its neighbours; models classify each vocabulary entry once.
    public enum Kind: UInt8, Sendable {
        /// A word: a space before it.
        case word
        /// `; : ) ] } ” ’ %`: no space before.
        case closing
        /// `, . ! ? ... …`: no space before, and a straight quote after it closes.
        case closingMark
        /// `( [ { “ ‘`: no space after.
        case opening
        /// An em dash: no space on either side.
        case dash
        /// `"`, which opens or closes.
        case doubleQuote
        /// A lone `'`, which opens or closes.
        case singleQuote
    }

    private var started = false
    private var afterClosingMark = false
    private var attachNext = false
    private var insideDoubleQuote = false
    private var insideSingleQuote = false

    /// A detokenizer at the start of a text.
    public init() {}

    /// How `token` joins its neighbours.
    public static func kind(of token: String) -> Kind {
        switch token {
        case ",", ".", "!", "?", "...", "\u{2026}": .closingMark
        case ";", ":", ")", "]", "}", "\u{201D}", "\u{2019}", "%": .closing
        case "(", "[", "{", "\u{201C}", "\u{2018}": .opening
        case "\u{2014}": .dash
        case "\"": .doubleQuote
        case "'": .singleQuote
        default: .word
        }
    }

    /// `token` with the space (if any) that separates it from the tokens before it.
    public mutating func piece(_ token: String) -> String {
        piece(token, kind: Self.kind(of: token))
    }

    /// `token`, of the given kind, with the space (if any) that separates it from the tokens
    /// before it.
    public mutating func piece(_ token: String, kind: Kind) -> String {
        var spaced = started && !attachNext
        attachNext = false
        switch kind {
        case .word: break
        case .closing, .closingMark: spaced = false
        case .opening: attachNext = true
        case .dash:
            spaced = false
            attachNext = true
        case .doubleQuote:
            if insideDoubleQuote || afterClosingMark {
                spaced = false
                insideDoubleQuote = false
            } else {
                attachNext = true
                insideDoubleQuote = true
            }
        case .singleQuote:
            if insideSingleQuote || afterClosingMark {
                spaced = false
                insideSingleQuote = false
            } else {
                attachNext = true
                insideSingleQuote = true
            }
        }
        afterClosingMark = kind == .closingMark
        started = true
        return spaced ? " " + token : token
    }

    /// Joins whole token lists: `["Hello", ",", "world", "!"]` → `"Hello, world!"`.
    public static func join<S: Sequence>(_ tokens: S) -> String where S.Element == String {
        var detokenizer = Detokenizer()
        var text = ""
        for token in tokens { text += detokenizer.piece(token) }
        return text
    }
}
