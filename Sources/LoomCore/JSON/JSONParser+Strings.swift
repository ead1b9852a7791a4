extension JSONParser {
    /// Parses a string at the cursor (on its opening quote) and returns its decoded text.
    ///
    /// Strings without escapes, the vast majority, become one `String` straight from the
    /// bytes; the first backslash switches to a copy-and-decode loop.
    mutating func parseString() throws -> String {
        let quote = location
        index += 1
        let contentStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: contentStart, quote: quote) }
            if byte < 0x20 { throw controlCharacterError(quote: quote) }
            if byte < 0x80 {
                index += 1
            } else {
                try skipMultibyteScalar()
            }
        }
        throw unterminatedError(quote: quote)
    }

    private mutating func parseEscapedString(from contentStart: Int, quote: SourceLocation) throws -> String {
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        buffer.reserveCapacity(buffer.count + 32)
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer, quote: quote)
            case 0x00..<0x20:
                throw controlCharacterError(quote: quote)
            case 0x20..<0x80:
                buffer.append(byte)
                index += 1
            default:
                let start = index
                try skipMultibyteScalar()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
        }
        throw unterminatedError(quote: quote)
    }

    private mutating func parseEscape(into buffer: inout [UInt8], quote: SourceLocation) throws {
        let escape = location
        index += 1
        guard !atEnd else { throw unterminatedError(quote: quote) }
        let code = current
        index += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(code)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var value = UInt32(unit)
            if (0xDC00..<0xE000).contains(unit) {
                throw LoomError(
                    .syntax,
                    "unpaired low surrogate \\u\(SourceBytes.hex(value, digits: 4)); expected it after a high surrogate "
                        + "(\\uD800 to \\uDBFF)",
                    at: escape)
            }
            if (0xD800..<0xDC00).contains(unit) {
                let pairStart = index
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw LoomError(
                        .syntax,
                        "unpaired high surrogate \\u\(SourceBytes.hex(value, digits: 4)); expected a low surrogate "
                            + "(\\uDC00 to \\uDFFF) right after it",
                        at: escape)
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    index = pairStart
                    throw LoomError(
                        .syntax,
                        "unpaired high surrogate \\u\(SourceBytes.hex(value, digits: 4)); expected a low surrogate "
                            + "(\\uDC00 to \\uDFFF) right after it, found \\u\(SourceBytes.hex(UInt32(low), digits: 4))",
                        at: escape)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            SourceBytes.appendUTF8(value, to: &buffer)
        default:
            index -= 1
            throw LoomError(
                .syntax,
                "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\', found \(describeCurrent())",
                at: escape)
        }
    }

    private mutating func parseHex4() throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard !atEnd else { throw error("expected four hexadecimal digits after \\u, found the end of the file") }
            let byte = current
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("expected four hexadecimal digits after \\u, found \(describeCurrent())")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// Steps over one multi-byte UTF-8 scalar at the cursor, rejecting malformed sequences.
    private mutating func skipMultibyteScalar() throws {
        guard let (_, length) = SourceBytes.decodeScalar(bytes, at: index) else {
            throw error(
                "invalid UTF-8: the byte 0x\(SourceBytes.hex(UInt32(current), digits: 2)) does not begin a valid sequence"
            )
        }
        index += length
        continuationBytes += length - 1
    }

    private func controlCharacterError(quote: SourceLocation) -> LoomError {
        let byte = current
        if byte == 0x0A || byte == 0x0D {
            return error(
                "expected '\"' to close the string that starts at \(Self.position(quote)), found a line break "
                    + "(write \\n for a line break inside a string)")
        }
        let escape = byte == 0x09 ? "\\t" : "\\u\(SourceBytes.hex(UInt32(byte), digits: 4))"
        return error("found \(describeCurrent()) inside a string; write it as \(escape)")
    }

    private func unterminatedError(quote: SourceLocation) -> LoomError {
        LoomError(.syntax, "expected '\"' to close this string, found the end of the file", at: quote)
    }
}
