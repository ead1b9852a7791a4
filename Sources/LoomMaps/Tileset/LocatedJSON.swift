import LoomCore

/// A JSON value that remembers where in its file it began, so that a loader can point at the
/// exact value that is wrong (`tiles.json:14:9`). Foundation's decoder loses positions.
struct LocatedJSON: Sendable {
    enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([LocatedJSON])
        /// Members in file order; `keyLocation` is where the key's opening quote is.
        case object([Member])
    }

    struct Member: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: LocatedJSON
    }

    var value: Value
    var location: SourceLocation

    /// A short name of the value's type for messages ("a string", "an object").
    var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The member called `key`, when this is an object that has one.
    subscript(key: String) -> LocatedJSON? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Parses `text`; `file` names the source in locations and errors.
    static func parse(_ text: String, file: String) throws -> LocatedJSON {
        var parser = Parser(bytes: Array(text.utf8), file: file)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var index = 0
        var line = 1
        var column = 1

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

        func error(_ message: String) -> LoomError {
            LoomError(.syntax, message, at: location)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func advance() {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Columns count Unicode scalars: UTF-8 continuation bytes add nothing.
                column += 1
            }
        }

        mutating func skipWhitespace() {
            while let byte = current,
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
                    || byte == UInt8(ascii: "\r")
            {
                advance()
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            guard current == byte else {
                throw error("expected \(what), found \(describeCurrent())")
            }
            advance()
        }

        func describeCurrent() -> String {
            guard let byte = current else { return "the end of the file" }
            return "'\(String(decoding: [byte], as: UTF8.self))'"
        }

        mutating func parseValue(depth: Int) throws -> LocatedJSON {
            guard depth < 512 else { throw error("JSON nested too deeply (more than 512 levels)") }
            let start = location
            guard let byte = current else { throw error("expected a value, found the end of the file") }
            switch byte {
            case UInt8(ascii: "{"):
                advance()
                var members: [Member] = []
                skipWhitespace()
                if current == UInt8(ascii: "}") {
                    advance()
                    return LocatedJSON(value: .object(members), location: start)
                }
                while true {
                    skipWhitespace()
                    let keyLocation = location
                    guard current == UInt8(ascii: "\"") else {
                        throw error("expected a quoted key, found \(describeCurrent())")
                    }
                    let key = try parseString()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
                    skipWhitespace()
                    let value = try parseValue(depth: depth + 1)
                    if members.contains(where: { $0.key == key }) {
                        throw LoomError(.syntax, "duplicate key \"\(key)\"", at: keyLocation)
                    }
                    members.append(Member(key: key, keyLocation: keyLocation, value: value))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") {
                        advance()
                        continue
                    }
                    try expect(UInt8(ascii: "}"), "',' or '}' in the object started at \(start.line):\(start.column)")
                    return LocatedJSON(value: .object(members), location: start)
                }
            case UInt8(ascii: "["):
                advance()
                var elements: [LocatedJSON] = []
                skipWhitespace()
                if current == UInt8(ascii: "]") {
                    advance()
                    return LocatedJSON(value: .array(elements), location: start)
                }
                while true {
                    skipWhitespace()
                    elements.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") {
                        advance()
                        continue
                    }
                    try expect(UInt8(ascii: "]"), "',' or ']' in the array started at \(start.line):\(start.column)")
                    return LocatedJSON(value: .array(elements), location: start)
                }
            case UInt8(ascii: "\""):
                return LocatedJSON(value: .string(try parseString()), location: start)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for (word, value) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .null)]
                where bytes[index...].starts(with: word.utf8) {
                    for _ in word.utf8 { advance() }
                    return LocatedJSON(value: value, location: start)
                }
                throw error("expected a value (true, false, null, a number, a string, an array or an object)")
            default:
                if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    return LocatedJSON(value: .number(try parseNumber()), location: start)
                }
                throw error("expected a value, found \(describeCurrent())")
            }
        }

        mutating func parseNumber() throws -> Double {
            let start = index
            let startLocation = location
            func isNumberByte(_ byte: UInt8) -> Bool {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                    || byte == UInt8(ascii: "E")
            }
            while let byte = current, isNumberByte(byte) { advance() }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let number = Double(text), number.isFinite else {
                throw LoomError(.syntax, "'\(text)' is not a valid number", at: startLocation)
            }
            return number
        }

        mutating func parseString() throws -> String {
            let start = location
            advance()  // the opening quote
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while true {
                guard let byte = current else {
                    throw LoomError(.syntax, "unterminated string started at \(start.line):\(start.column)", at: start)
                }
                if byte == UInt8(ascii: "\"") {
                    advance()
                    flush()
                    return String(scalars)
                }
                if byte < 0x20 {
                    throw error("control character in a string (escape it, e.g. \\n)")
                }
                if byte != UInt8(ascii: "\\") {
                    run.append(byte)
                    advance()
                    continue
                }
                flush()
                advance()
                guard let escape = current else { continue }
                advance()
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code: UInt32 = try parseHex4()
                    if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\") {
                        advance()
                        try expect(UInt8(ascii: "u"), "'u' of a low surrogate")
                        let low = try parseHex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    scalars.append(scalar)
                default:
                    throw error("unknown escape '\\\(String(decoding: [escape], as: UTF8.self))'")
                }
            }
        }

        mutating func parseHex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = UInt32(String(decoding: [byte], as: UTF8.self), radix: 16)
                else { throw error("expected four hex digits after \\u") }
                code = code << 4 | digit
                advance()
            }
            return code
        }
    }
}
