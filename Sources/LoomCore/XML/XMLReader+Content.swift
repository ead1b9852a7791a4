extension XMLReader {
    /// Reads the content of `open` (text, references, CDATA, comments, processing
    /// instructions) up to the next start or end tag, where the cursor stops on its `<`.
    mutating func readContent(of open: inout OpenElement) throws {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                if looking(at: "</") || startsName(at: index + 1) { return }
                if looking(at: "<!--") {
                    try skipComment()
                } else if looking(at: "<![CDATA[") {
                    try readCDATA(into: &open)
                } else if looking(at: "<?") {
                    try skipProcessingInstruction()
                } else if looking(at: "<!") {
                    index += 2
                    throw error(
                        "expected a comment ('<!--') or a CDATA section ('<![CDATA[') after '<!', found "
                            + describeCurrent())
                } else {
                    index += 1
                    throw error(
                        "expected an element name after '<', found \(describeCurrent()) (write a literal '<' as &lt;)")
                }
            case UInt8(ascii: "&"):
                let ampersand = index
                let character = try readReference()
                if open.element.textLocation == nil, !(character < 0x80 && Self.isWhitespace(UInt8(character))) {
                    open.element.textLocation = location(at: ampersand)
                }
                SourceBytes.appendUTF8(character, to: &open.text)
            default:
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") {
                    if bytes[index] == UInt8(ascii: "]"), looking(at: "]]>") {
                        throw error("found ']]>' in text, which XML does not allow (write it as ]]&gt;)")
                    }
                    index += 1
                }
                appendText(from: start, to: index, to: &open)
            }
        }
        let name = open.element.name
        throw error(
            "expected </\(name)> to close the <\(name)> that starts at \(Self.position(open.element.location)), "
                + "found the end of the file")
    }

    /// Appends `bytes[start..<end]` to `open`'s text with `\r\n` and a lone `\r` turned into
    /// `\n`, noting where its first character that is not whitespace is if the element has none yet.
    private mutating func appendText(from start: Int, to end: Int, to open: inout OpenElement) {
        if open.element.textLocation == nil,
            let first = (start..<end).first(where: { !Self.isWhitespace(bytes[$0]) })
        {
            open.element.textLocation = location(at: first)
        }
        var run = start
        var position = start
        while position < end {
            guard bytes[position] == 0x0D else {
                position += 1
                continue
            }
            open.text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<position]))
            open.text.append(0x0A)
            position += 1
            if position < end, bytes[position] == 0x0A { position += 1 }
            run = position
        }
        open.text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end]))
    }

    /// Reads the CDATA section at the cursor into `open`'s text, as it stands.
    private mutating func readCDATA(into open: inout OpenElement) throws {
        let start = index
        index += 9
        let contentStart = index
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "]"), looking(at: "]]>") {
                appendText(from: contentStart, to: index, to: &open)
                index += 3
                return
            }
            index += 1
        }
        let sectionStart = Self.position(location(at: start))
        index = bytes.count
        throw error(
            "expected ']]>' to close the CDATA section that starts at \(sectionStart), found the end of the file")
    }

    /// Steps over the comment at the cursor (on its `<!--`).
    mutating func skipComment() throws {
        let start = index
        index += 4
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                guard bytes[index + 2] == UInt8(ascii: ">") else {
                    let commentStart = Self.position(location(at: start))
                    throw error(
                        "found '--' inside the comment that starts at \(commentStart), which XML does not allow")
                }
                index += 3
                return
            }
            index += 1
        }
        let commentStart = Self.position(location(at: start))
        index = bytes.count
        throw error("expected '-->' to close the comment that starts at \(commentStart), found the end of the file")
    }

    /// Steps over the processing instruction at the cursor (on its `<?`).
    mutating func skipProcessingInstruction() throws {
        let start = location(at: index)
        index += 2
        guard startsName(at: index) else {
            throw error("expected a processing instruction target after '<?', found \(describeCurrent())")
        }
        let target = readName()
        if target.lowercased() == "xml" {
            throw LoomError(
                .syntax, "the XML declaration (<?xml …?>) is only allowed at the very start of the file", at: start)
        }
        guard looking(at: "?>") || skipWhitespace() else {
            throw error(
                "expected whitespace or '?>' after the processing instruction target '\(target)', found "
                    + describeCurrent())
        }
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: ">") {
                index += 2
                return
            }
            index += 1
        }
        index = bytes.count
        throw error(
            "expected '?>' to close the processing instruction that starts at \(Self.position(start)), "
                + "found the end of the file")
    }

    /// Reads the reference at the cursor (on its `&`) and returns the character it stands for.
    mutating func readReference() throws -> UInt32 {
        let ampersand = index
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") { return try readCharacterReference(from: ampersand) }
        guard startsName(at: index) else {
            throw error(
                "expected an entity name or '#' after '&', found \(describeCurrent()) (write a literal '&' as &amp;)")
        }
        let name = readName()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else {
            throw error("expected ';' to end the reference '\(written(from: ampersand))', found \(describeCurrent())")
        }
        index += 1
        switch name {
        case "amp": return 0x26
        case "lt": return 0x3C
        case "gt": return 0x3E
        case "quot": return 0x22
        case "apos": return 0x27
        default:
            throw LoomError(
                .syntax,
                "unknown entity '\(written(from: ampersand))'; expected &amp;, &lt;, &gt;, &quot;, &apos; or a "
                    + "character reference (&#N; or &#xH;)",
                at: location(at: ampersand))
        }
    }

    /// Reads `&#N;` or `&#xH;` from its `#` on.
    private mutating func readCharacterReference(from ampersand: Int) throws -> UInt32 {
        index += 1
        let isHex = index < bytes.count && bytes[index] == UInt8(ascii: "x")
        if isHex { index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < bytes.count, let digit = Self.digit(bytes[index], hex: isHex) {
            // Saturates above U+10FFFF, so a thousand digits cannot overflow.
            value = min(value * (isHex ? 16 : 10) + digit, 0x11_0000)
            index += 1
        }
        guard index > digitsStart else {
            let expected = isHex ? "a hexadecimal digit after '&#x'" : "a decimal digit or 'x' after '&#'"
            throw error("expected \(expected), found \(describeCurrent())")
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else {
            throw error("expected ';' to end the reference '\(written(from: ampersand))', found \(describeCurrent())")
        }
        index += 1
        guard Self.isCharacter(value) else {
            let what = value > 0x10_FFFF ? "a code point above U+10FFFF" : "U+\(SourceBytes.hex(value, digits: 4))"
            throw LoomError(
                .syntax, "the reference '\(written(from: ampersand))' names \(what), which XML does not allow",
                at: location(at: ampersand))
        }
        return value
    }

    /// The text from `start` to the cursor, cut at 24 bytes, for messages.
    private func written(from start: Int) -> String {
        let end = min(index, start + 24)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return end < index ? text + "…" : text
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
