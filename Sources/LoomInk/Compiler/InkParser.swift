import LoomCore

/// A parse failure inside one line; the parser records it and resumes at the next line.
struct InkParseFailure: Error, Sendable {
    var message: String
    var location: SourceLocation
}

/// Reads ink source into syntax: a hand-written recursive-descent parser over Unicode
/// scalars, line by line, with inline logic and multi-line blocks parsed recursively.
struct InkParser {
    let file: String
    var s: [Unicode.Scalar]
    var i = 0
    private var lineStarts: [Int] = [0]
    var diagnostics: [Diagnostic] = []
    /// Files named by `INCLUDE`, in order, with where they were named.
    var includes: [(path: String, location: SourceLocation)] = []
    /// Nesting depth of blocks and expressions, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    /// Every `{…}` parsed so far, by the position of its `{`, with where it ended.
    var braces: [Int: Result<(inline: InkInline, end: Int), InkParseFailure>] = [:]
    /// Parses an included file into the story where its `INCLUDE` stands.
    var includeHandler: ((String, SourceLocation, InkStorySyntax) -> Void)?
    static let maximumDepth = 200

    init(text: String, file: String) {
        self.file = file
        s = InkParser.removeComments(Array(text.unicodeScalars))
        for (index, scalar) in s.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    }

    /// Drops `// …` and `/* … */` comments (keeping their line breaks, so locations stay
    /// right) and turns `\r\n` into `\n`.
    static func removeComments(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        var k = 0
        while k < input.count {
            let c = input[k]
            if c == "\r" {
                k += 1
                continue
            }
            if c == "\\", k + 1 < input.count, input[k + 1] != "\n" {
                out.append(c)
                out.append(input[k + 1])
                k += 2
                continue
            }
            if c == "/", k + 1 < input.count, input[k + 1] == "/" {
                while k < input.count, input[k] != "\n" { k += 1 }
                continue
            }
            if c == "/", k + 1 < input.count, input[k + 1] == "*" {
                k += 2
                while k < input.count, !(input[k] == "*" && k + 1 < input.count && input[k + 1] == "/") {
                    if input[k] == "\n" { out.append("\n") }
                    k += 1
                }
                k += 2
                continue
            }
            out.append(c)
            k += 1
        }
        return out
    }

    // MARK: Cursor

    func location(_ index: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: index - lineStarts[low] + 1)
    }

    var here: SourceLocation { location(i) }
    var atEnd: Bool { i >= s.count }
    var atLineEnd: Bool { i >= s.count || s[i] == "\n" }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let k = i + offset
        return k < s.count ? s[k] : nil
    }

    func looking(at text: String) -> Bool {
        var k = i
        for scalar in text.unicodeScalars {
            guard k < s.count, s[k] == scalar else { return false }
            k += 1
        }
        return true
    }

    mutating func match(_ text: String) -> Bool {
        guard looking(at: text) else { return false }
        i += text.unicodeScalars.count
        return true
    }

    /// Matches a keyword followed by something that cannot continue an identifier.
    mutating func matchKeyword(_ word: String) -> Bool {
        guard looking(at: word) else { return false }
        let after = i + word.unicodeScalars.count
        if after < s.count, InkParser.isIdentifierScalar(s[after]) { return false }
        i = after
        return true
    }

    mutating func skipSpaces() {
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
    }

    mutating func skipSpacesAndNewlines() {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" { i += 1 }
    }

    mutating func skipLine() {
        while i < s.count, s[i] != "\n" { i += 1 }
        if i < s.count { i += 1 }
    }

    static func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
        if c == "_" { return true }
        if c.value < 128 { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    mutating func identifier() -> String? {
        let start = i
        while i < s.count, InkParser.isIdentifierScalar(s[i]) { i += 1 }
        if i == start { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[start..<i])
        let name = String(view)
        if name.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            i = start
            return nil
        }
        return name
    }

    /// A dotted path of identifiers (`knot.stitch.label`).
    mutating func dottedPath() -> String? {
        guard var path = identifier() else { return nil }
        while peek() == ".", let next = peek(1), InkParser.isIdentifierScalar(next) {
            let save = i
            i += 1
            guard let part = identifier() else {
                i = save
                break
            }
            path += "." + part
        }
        return path
    }

    func fail(_ message: String, at index: Int? = nil) -> InkParseFailure {
        InkParseFailure(message: message, location: location(index ?? i))
    }

    mutating func expect(_ text: String, _ what: String) throws {
        guard match(text) else {
            throw fail("expected \(what)\(atLineEnd ? " before the end of the line" : ", found '\(String(s[i]))'")")
        }
    }

    mutating func record(_ failure: InkParseFailure) {
        diagnostics.append(Diagnostic(.error, failure.message, at: failure.location))
    }

    mutating func enter() throws {
        depth += 1
        if depth > InkParser.maximumDepth { throw fail("nesting is deeper than \(InkParser.maximumDepth) levels") }
    }

    mutating func leave() { depth -= 1 }
}
