import LoomCore

/// Shared by the parsers of one compilation: collects every diagnostic and numbers expressions.
final class ParseContext {
    var diagnostics: [Diagnostic] = []
    private var counter = 0

    func nextID() -> Int {
        counter += 1
        return counter
    }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    func warning(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.warning, message, at: location))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// One physical line of a node's body.
struct SourceLine {
    var text: [Unicode.Scalar]
    /// 1-based line number in the file.
    var number: Int
    /// Width of the leading whitespace, a tab counting as four.
    var indent: Int
    /// Index of the first character after the leading whitespace.
    var start: Int

    init(_ text: [Unicode.Scalar], number: Int) {
        self.text = text
        self.number = number
        var indent = 0
        var start = 0
        while start < text.count, text[start] == " " || text[start] == "\t" {
            indent += text[start] == "\t" ? 4 : 1
            start += 1
        }
        self.indent = indent
        self.start = start
    }

    /// True for lines with nothing but whitespace or a comment.
    var isBlank: Bool {
        start >= text.count || text[start] == "\r"
            || (text[start] == "/" && start + 1 < text.count && text[start + 1] == "/")
    }

    /// True for lines with only whitespace (no comment).
    var isWhitespaceOnly: Bool { start >= text.count }

    func hasPrefix(_ prefix: StaticString, at index: Int? = nil) -> Bool {
        var i = index ?? start
        // Prefixes are ASCII markers (`->`, `<<`, `//`), so bytes compare directly with scalars.
        return prefix.withUTF8Buffer { bytes in
            for byte in bytes {
                guard i < text.count, text[i].value == UInt32(byte) else { return false }
                i += 1
            }
            return true
        }
    }

    /// The text from `index` to the end, without surrounding whitespace.
    func rest(from index: Int) -> String {
        guard index < text.count else { return "" }
        return String(String.UnicodeScalarView(text[index...])).trimmingWhitespace()
    }
}

extension String {
    func trimmingWhitespace() -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c.isASCII ? (c == " " || c == "\t" || c == "\n" || c == "\r") : c.properties.isWhitespace
        }
        var scalars = Substring(self).unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return self }
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
