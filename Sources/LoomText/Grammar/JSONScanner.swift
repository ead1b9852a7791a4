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

/// A parsed JSON value that remembers where it came from.
indirect enum LocatedJSON: Sendable {
    case object([(key: LocatedString, value: LocatedJSON)], line: Int, column: Int)
    case array([LocatedJSON], line: Int, column: Int)
    case string(LocatedString)
    case other(String, line: Int, column: Int)

    var line: Int {
        switch self {
        case .object(_, let line, _), .array(_, let line, _), .other(_, let line, _): line
        case .string(let string): string.line
        }
    }

    var column: Int {
        switch self {
        case .object(_, _, let column), .array(_, _, let column), .other(_, _, let column): column
        case .string(let string): string.column - 1
        }
    }
}

/// A small JSON parser (RFC 8259) that records the line and column of every string.
struct JSONScanner {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    init(_ text: String, file: String) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    /// Parses one JSON document, throwing a located `.syntax` error on malformed input.
    static func parse(_ text: String, file: String) throws -> LocatedJSON {
        var scanner = JSONScanner(text, file: file)
        scanner.skipWhitespace()
        let value = try scanner.parseValue()
        scanner.skipWhitespace()
        if scanner.index < scanner.scalars.count { throw scanner.error("unexpected text after the JSON value") }
        return value
    }

    private var column: Int { index - lineStart + 1 }

    private func error(_ message: String) -> LoomError {
        LoomError(.syntax, message, at: SourceLocation(file: file, line: line, column: column))
    }

    private mutating func skipWhitespace() {
        while index < scalars.count {
            switch scalars[index] {
            case "\n":
                index += 1
                line += 1
                lineStart = index
            case " ", "\t", "\r": index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> LocatedJSON {
        guard index < scalars.count else { throw error("expected a JSON value, found the end of the file") }
        let startLine = line, startColumn = column
        switch scalars[index] {
        case "{":
            depth += 1
            defer { depth -= 1 }
            guard depth <= 256 else { throw error("JSON nested more than 256 levels deep") }
            index += 1
            var members: [(key: LocatedString, value: LocatedJSON)] = []
            skipWhitespace()
            if index < scalars.count && scalars[index] == "}" {
                index += 1
                return .object(members, line: startLine, column: startColumn)
            }
            while true {
                skipWhitespace()
                guard index < scalars.count, scalars[index] == "\"" else { throw error("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                guard index < scalars.count, scalars[index] == ":" else { throw error("expected ':' after the key") }
                index += 1
                skipWhitespace()
                members.append((key, try parseValue()))
                skipWhitespace()
                guard index < scalars.count else { throw error("expected ',' or '}', found the end of the file") }
                if scalars[index] == "," {
                    index += 1
                } else if scalars[index] == "}" {
                    index += 1
                    return .object(members, line: startLine, column: startColumn)
                } else {
                    throw error("expected ',' or '}' in the object started at \(startLine):\(startColumn)")
                }
            }
        case "[":
            depth += 1
            defer { depth -= 1 }
            guard depth <= 256 else { throw error("JSON nested more than 256 levels deep") }
            index += 1
            var elements: [LocatedJSON] = []
            skipWhitespace()
            if index < scalars.count && scalars[index] == "]" {
                index += 1
                return .array(elements, line: startLine, column: startColumn)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue())
                skipWhitespace()
                guard index < scalars.count else { throw error("expected ',' or ']', found the end of the file") }
                if scalars[index] == "," {
                    index += 1
                } else if scalars[index] == "]" {
                    index += 1
                    return .array(elements, line: startLine, column: startColumn)
                } else {
                    throw error("expected ',' or ']' in the array started at \(startLine):\(startColumn)")
                }
            }
        case "\"":
            return .string(try parseString())
        default:
            var word = ""
            while index < scalars.count, "+-.0123456789eEtruefalsn".unicodeScalars.contains(scalars[index]) {
                word.unicodeScalars.append(scalars[index])
                index += 1
            }
            let isNumber = Double(word) != nil && word.first.map { $0 == "-" || $0.isNumber } == true
            guard isNumber || word == "true" || word == "false" || word == "null" else {
                index -= word.unicodeScalars.count
                throw error("expected a JSON value")
            }
            return .other(word, line: startLine, column: startColumn)
        }
    }

    private mutating func parseString() throws -> LocatedString {
        let quoteLine = line, quoteColumn = column
        index += 1
        var value = String.UnicodeScalarView()
        var columns: [Int32] = []
        var escaped = false
        let startColumn = column
        while true {
            guard index < scalars.count else {
                throw LoomError(
                    .syntax, "unterminated string started at \(quoteLine):\(quoteColumn)",
                    at: SourceLocation(file: file, line: quoteLine, column: quoteColumn))
            }
            let scalar = scalars[index]
            let here = Int32(column)
            if scalar == "\"" {
                index += 1
                break
            }
            if scalar == "\n" || scalar.value < 0x20 { throw error("control character inside a string") }
            if scalar == "\\" {
                escaped = true
                index += 1
                guard index < scalars.count else { throw error("unterminated escape") }
                let code = scalars[index]
                index += 1
                switch code {
                case "\"", "\\", "/": value.append(code)
                case "b": value.append("\u{8}")
                case "f": value.append("\u{C}")
                case "n": value.append("\n")
                case "r": value.append("\r")
                case "t": value.append("\t")
                case "u":
                    var unit = try parseHex4()
                    if (0xD800..<0xDC00).contains(unit) {
                        guard index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" else {
                            throw error("expected a low surrogate after a high surrogate")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate") }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(unit) else { throw error("invalid \\u escape") }
                    value.append(decoded)
                default:
                    index -= 1
                    throw error("invalid escape '\\\(code)'")
                }
            } else {
                value.append(scalar)
                index += 1
            }
            columns.append(here)
        }
        return LocatedString(
            value: String(value), line: quoteLine, column: startColumn, columns: escaped ? columns : nil)
    }

    private mutating func parseHex4() throws -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard index < scalars.count, let digit = Int(String(scalars[index]), radix: 16) else {
                throw error("expected four hexadecimal digits in a \\u escape")
            }
            result = result * 16 + UInt32(digit)
            index += 1
        }
        return result
    }
}
