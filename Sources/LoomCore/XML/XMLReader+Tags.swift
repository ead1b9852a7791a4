extension XMLReader {
    /// Reads the start tag at the cursor (on its `<`, a name after it); whether it closed
    /// itself (`/>`).
    mutating func readStartTag() throws -> (element: LocatedXML, isEmpty: Bool) {
        let start = location(at: index)
        index += 1
        let name = readName()
        var element = LocatedXML(name: name, at: start)
        var attributeIndex: [String: Int] = [:]
        while true {
            let spaced = skipWhitespace()
            guard index < bytes.count else {
                throw error(
                    "expected '>' or '/>' to close the start tag of <\(name)> that starts at \(Self.position(start)), "
                        + "found the end of the file")
            }
            switch bytes[index] {
            case UInt8(ascii: ">"):
                index += 1
                return (element, false)
            case UInt8(ascii: "/"):
                index += 1
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                    throw error("expected '>' after '/' in the start tag of <\(name)>, found \(describeCurrent())")
                }
                index += 1
                return (element, true)
            default:
                break
            }
            guard spaced else {
                let after = element.attributes.last.map { "the value of '\($0.name)'" } ?? "the element name <\(name)>"
                throw error("expected whitespace, '>' or '/>' after \(after), found \(describeCurrent())")
            }
            guard startsName(at: index) else {
                throw error(
                    "expected an attribute name, '>' or '/>' in the start tag of <\(name)> that starts at "
                        + "\(Self.position(start)), found \(describeCurrent())")
            }
            let attribute = try readAttribute()
            if let first = Self.firstIndex(of: attribute.name, in: element.attributes, index: &attributeIndex) {
                let firstLocation = element.attributes[first].location
                throw LoomError(
                    .syntax,
                    "duplicate attribute '\(attribute.name)' in the start tag of <\(name)>; it first appears at "
                        + Self.position(firstLocation),
                    at: attribute.location,
                    related: [Diagnostic(.note, "'\(attribute.name)' first appears here", at: firstLocation)])
            }
            element.attributes.append(attribute)
        }
    }

    /// Reads `name = "value"` at the cursor (on the name).
    mutating func readAttribute() throws -> LocatedXML.Attribute {
        let nameLocation = location(at: index)
        let name = readName()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
            throw error("expected '=' after the attribute name '\(name)', found \(describeCurrent())")
        }
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw error(
                "expected a quoted value (\"…\" or '…') for the attribute '\(name)', found \(describeCurrent())")
        }
        return LocatedXML.Attribute(name: name, value: try readAttributeValue(of: name), at: nameLocation)
    }

    /// Reads a quoted value at the cursor (on its quote): references decoded, and line breaks
    /// and tabs turned into spaces, as XML's attribute-value normalisation asks.
    private mutating func readAttributeValue(of name: String) throws -> String {
        let quote = bytes[index]
        let opening = index
        index += 1
        let start = index
        // Values without references or whitespace to normalise, nearly all, are one slice.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte < 0x20 { break }
            index += 1
        }
        var value = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case quote:
                index += 1
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "<"):
                let valueStart = Self.position(location(at: opening))
                throw error(
                    "found '<' inside the value of the attribute '\(name)' that starts at \(valueStart) "
                        + "(write a literal '<' as &lt;)")
            case UInt8(ascii: "&"):
                SourceBytes.appendUTF8(try readReference(), to: &value)
            case 0x0D:
                value.append(0x20)
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
            case 0x09, 0x0A:
                value.append(0x20)
                index += 1
            default:
                value.append(byte)
                index += 1
            }
        }
        let valueStart = Self.position(location(at: opening))
        throw error(
            "expected \(quote == UInt8(ascii: "'") ? "\"'\"" : "'\"'") to close the value of the attribute '\(name)' "
                + "that starts at \(valueStart), found the end of the file")
    }

    /// Reads the end tag at the cursor (on its `</`), which must close `element`.
    mutating func readEndTag(of element: LocatedXML) throws {
        let start = index
        index += 2
        guard startsName(at: index) else {
            throw error("expected an element name after '</', found \(describeCurrent())")
        }
        let name = readName()
        guard name == element.name else {
            throw LoomError(
                .syntax,
                "expected </\(element.name)> to close the <\(element.name)> that starts at "
                    + "\(Self.position(element.location)), found </\(name)>",
                at: location(at: start))
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
            throw error("expected '>' to end the end tag </\(name)>, found \(describeCurrent())")
        }
        index += 1
    }

    /// The index in `attributes` of the one called `name`, scanning a short list and indexing
    /// a long one (a hostile start tag may hold thousands).
    static func firstIndex(
        of name: String, in attributes: [LocatedXML.Attribute], index: inout [String: Int]
    ) -> Int? {
        if attributes.count < 12 { return attributes.firstIndex { $0.name == name } }
        if index.isEmpty {
            for (position, attribute) in attributes.enumerated() { index[attribute.name] = position }
        }
        if let found = index[name] { return found }
        index[name] = attributes.count
        return nil
    }
}
