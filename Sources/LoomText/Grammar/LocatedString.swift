import LoomCore

/// A JSON string with the place of each of its characters in the source, so that an error
/// inside a grammar rule can point at the exact column.
struct LocatedString: Sendable {
    var value: String
    var line: Int
    /// Column of the first character after the opening quote.
    var column: Int
    /// Column of each Unicode scalar of `value`, present only when the source used escapes
    /// (otherwise scalar `i` sits at `column + i`).
    var columns: [Int32]?

    func column(ofScalar index: Int) -> Int {
        guard let columns else { return column + index }
        if index < columns.count { return Int(columns[index]) }
        return (columns.last.map(Int.init) ?? column) + 1
    }
}

/// The lines of a source text as Unicode scalars, split once, for mapping the characters of
/// a JSON string value back to the columns of its literal (escapes make them drift apart).
struct SourceLines {
    private let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        // The JSON reader skips a byte-order mark, so its columns start after one.
        if lines[0].first == "\u{FEFF}" { lines[0].removeFirst() }
        self.lines = lines
    }

    /// Locates the characters of the string value `text` whose opening quote is at `quote`.
    func locate(_ text: String, quote: SourceLocation) -> LocatedString {
        var located = LocatedString(value: text, line: quote.line, column: quote.column + 1, columns: nil)
        guard quote.line >= 1, quote.line <= lines.count else { return located }
        let literal = lines[quote.line - 1]
        // Offsets are 0-based: the quote sits at offset column - 1, the first character after it.
        var offset = quote.column
        var columns: [Int32] = []
        var escaped = false
        for scalar in text.unicodeScalars {
            guard offset < literal.count else { break }
            columns.append(Int32(offset + 1))
            if literal[offset] != "\\" {
                offset += 1
                continue
            }
            escaped = true
            let isUnicodeEscape = offset + 1 < literal.count && literal[offset + 1] == "u"
            // \uXXXX is six characters; a character beyond U+FFFF took a surrogate pair, twelve.
            offset += isUnicodeEscape ? (scalar.value > 0xFFFF ? 12 : 6) : 2
        }
        if escaped { located.columns = columns }
        return located
    }
}
