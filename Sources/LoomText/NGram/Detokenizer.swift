/// Joins word-level tokens back into prose: no space before closing punctuation, none after
/// an opening bracket or quote, and straight quotes paired as they open and close.
public struct Detokenizer: Sendable {
    private var started = false
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
            if insideDoubleQuote { spaced = false } else { attachNext = true }
            insideDoubleQuote.toggle()
        case "'":
            if insideSingleQuote { spaced = false } else { attachNext = true }
            insideSingleQuote.toggle()
        default:
            break
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
