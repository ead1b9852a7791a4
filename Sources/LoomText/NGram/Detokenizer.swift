/// Joins word-level tokens back into prose: no space before closing punctuation, none after
/// an opening bracket or quote, and straight quotes paired as they open and close.
///
/// A straight quote right after `,` `.` `!` `?` or an ellipsis always closes (sampled text can
/// drop an opening quote, and English prose never opens one there); elsewhere quotes alternate.
public struct Detokenizer: Sendable {
    private var started = false
    private var afterClosingMark = false
    private var attachNext = false
    private var insideDoubleQuote = false
    private var insideSingleQuote = false

    /// A detokenizer at the start of a text.
    public init() {}

    /// `token` with the space (if any) that separates it from the tokens before it.
    public mutating func piece(_ token: String) -> String {
        var spaced = started && !attachNext
        attachNext = false
        switch token {
        case ".", ",", ";", ":", "!", "?", "...", "\u{2026}", ")", "]", "}", "\u{201D}", "\u{2019}", "%":
            spaced = false
        case "(", "[", "{", "\u{201C}", "\u{2018}":
            attachNext = true
        case "\u{2014}":
            spaced = false
            attachNext = true
        case "\"":
            if insideDoubleQuote || afterClosingMark {
                spaced = false
                insideDoubleQuote = false
            } else {
                attachNext = true
                insideDoubleQuote = true
            }
        case "'":
            if insideSingleQuote || afterClosingMark {
                spaced = false
                insideSingleQuote = false
            } else {
                attachNext = true
                insideSingleQuote = true
            }
        default:
            break
        }
        switch token {
        case ",", ".", "!", "?", "...", "\u{2026}": afterClosingMark = true
        default: afterClosingMark = false
        }
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
