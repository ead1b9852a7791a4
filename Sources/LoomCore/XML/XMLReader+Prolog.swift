extension XMLReader {
    /// Skips a UTF-8 byte-order mark; rejects UTF-16 and UTF-32, by their mark or by the zero
    /// bytes around the `<` they begin with.
    mutating func readByteOrderMark() throws {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            // A byte-order mark is not part of the text: columns start after it.
            index = 3
            textStart = 3
            counted = (3, 1, 1)
            return
        }
        guard bytes.count >= 2 else { return }
        switch (bytes[0], bytes[1]) {
        case (0xFE, 0xFF), (0xFF, 0xFE), (0x00, 0x00), (0x00, 0x3C), (0x3C, 0x00):
            throw LoomError(
                .format, "the file is UTF-16 or UTF-32 text; expected UTF-8, the only encoding Loom reads XML in",
                at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return
        }
    }

    /// Reads the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`) if the text starts
    /// with one: `version` 1.x first, then optionally `encoding`, which must be UTF-8, then
    /// optionally `standalone`.
    mutating func readDeclaration() throws {
        guard looking(at: "<?xml"), index + 5 < bytes.count,
            Self.isWhitespace(bytes[index + 5]) || bytes[index + 5] == UInt8(ascii: "?")
        else { return }
        let start = location(at: index)
        index += 5
        var allowed = ["version", "encoding", "standalone"][...]
        while true {
            let spaced = skipWhitespace()
            if looking(at: "?>"), allowed.first != "version" {
                index += 2
                return
            }
            guard spaced, startsName(at: index) else {
                let expected = allowed.first == "version" ? "'version'" : "whitespace or '?>'"
                throw error(
                    "expected \(expected) in the XML declaration that starts at \(Self.position(start)), found "
                        + (looking(at: "?>") ? "'?>'" : describeCurrent()))
            }
            let attribute = try readAttribute()
            if allowed.first == "version", attribute.name != "version" {
                throw LoomError(
                    .syntax, "expected 'version' first in the XML declaration, found '\(attribute.name)'",
                    at: attribute.location)
            }
            guard let position = allowed.firstIndex(of: attribute.name) else {
                let names = allowed.map { "'\($0)'" } + ["'?>'"]
                let expected = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or '?>'"
                throw LoomError(
                    .syntax, "expected \(expected) in the XML declaration, found '\(attribute.name)'",
                    at: attribute.location)
            }
            allowed = allowed[(position + 1)...]
            try check(declared: attribute)
        }
    }

    private func check(declared attribute: LocatedXML.Attribute) throws {
        let value = attribute.value
        switch attribute.name {
        case "version":
            let minor = value.utf8.dropFirst(2)
            guard value.hasPrefix("1."), !minor.isEmpty, minor.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw LoomError(.syntax, "expected XML version 1.x, found '\(value)'", at: attribute.location)
            }
        case "encoding":
            guard value.lowercased() == "utf-8" else {
                throw LoomError(
                    .format,
                    "the XML declaration names the encoding '\(value)'; expected UTF-8, the only encoding Loom "
                        + "reads XML in (convert the file and declare encoding=\"UTF-8\")",
                    at: attribute.location)
            }
        default:
            guard value == "yes" || value == "no" else {
                throw LoomError(
                    .syntax, "expected 'yes' or 'no' for standalone in the XML declaration, found '\(value)'",
                    at: attribute.location)
            }
        }
    }

    /// Checks that the bytes from the cursor on are UTF-8 and hold only characters XML allows,
    /// so the rest of the reader can step over any byte without decoding.
    mutating func checkCharacters() throws {
        var position = index
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x20 && byte < 0x80 || Self.isWhitespace(byte) {
                position += 1
                continue
            }
            guard byte >= 0x80 else {
                throw LoomError(
                    .syntax,
                    "found the control character U+\(SourceBytes.hex(UInt32(byte), digits: 4)), which XML does not allow",
                    at: location(at: position))
            }
            guard let (scalar, length) = SourceBytes.decodeScalar(bytes, at: position) else {
                throw LoomError(
                    .format, "the file is not valid UTF-8 (expected UTF-8 text, as XML declares by default)",
                    at: location(at: position))
            }
            guard Self.isCharacter(scalar.value) else {
                throw LoomError(
                    .syntax, "found U+\(SourceBytes.hex(scalar.value, digits: 4)), which XML does not allow",
                    at: location(at: position))
            }
            position += length
        }
    }

    /// Whether XML allows the character `value` in a document (its production `Char`).
    static func isCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    /// Whether a name starts at `offset` (XML's `NameStartChar`).
    func startsName(at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let byte = bytes[offset]
        if byte < 0x80 { return Self.isNameStart(UInt32(byte)) }
        guard let (scalar, _) = SourceBytes.decodeScalar(bytes, at: offset) else { return false }
        return Self.isNameStart(scalar.value)
    }

    /// Reads the name at the cursor, whose first character `startsName` has accepted (every
    /// character that may start a name may continue one).
    mutating func readName() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                guard Self.isNameCharacter(UInt32(byte)) else { break }
                index += 1
            } else {
                guard let (scalar, length) = SourceBytes.decodeScalar(bytes, at: index),
                    Self.isNameCharacter(scalar.value)
                else { break }
                index += length
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
            0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF,
            0xFDF0...0xFFFD, 0x1_0000...0xE_FFFF:
            true
        default: false
        }
    }

    private static func isNameCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(value)
        }
    }
}
