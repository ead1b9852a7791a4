/// The byte-level RFC 8259 parser behind ``LocatedJSON``.
///
/// It walks a buffer of UTF-8 bytes once. Line and column come from three counters rather than
/// from per-byte bookkeeping: the current line, the byte offset where it starts, and how many
/// UTF-8 continuation bytes lie between that offset and the cursor. Non-ASCII bytes are only
/// legal inside strings and line breaks only in whitespace, so only those two loops update them.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let maximumDepth: Int
    var index = 0
    var line = 1
    var lineStart = 0
    /// UTF-8 continuation bytes in `bytes[lineStart..<index]`, so columns count scalars.
    var continuationBytes = 0
    /// The elements and members of the arrays and objects still open, innermost last. Each
    /// container takes its own off the top when it closes, as one exactly sized array, so no
    /// array grows element by element.
    var openElements: [LocatedJSON] = []
    var openMembers: [LocatedJSON.Member] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String, maximumDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maximumDepth = maximumDepth
    }

    var location: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart - continuationBytes + 1)
    }

    func error(_ message: String) -> LoomError {
        LoomError(.syntax, message, at: location)
    }

    @inline(__always) var atEnd: Bool { index >= bytes.count }

    @inline(__always) var current: UInt8 { bytes[index] }

    mutating func parseDocument() throws -> LocatedJSON {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            // A byte-order mark is not part of the text: columns start after it.
            index = 3
            lineStart = 3
        }
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard atEnd else {
            throw error("expected the end of the file after the JSON value, found \(describeCurrent())")
        }
        return value
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
                continuationBytes = 0
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws -> LocatedJSON {
        guard !atEnd else { throw error("expected a JSON value, found the end of the file") }
        let start = location
        switch current {
        case UInt8(ascii: "{"): return try parseObject(at: start, depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(at: start, depth: depth + 1)
        case UInt8(ascii: "\""): return LocatedJSON(.string(try parseString()), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return LocatedJSON(.number(try parseNumber()), at: start)
        default: return LocatedJSON(try parseLiteral(), at: start)
        }
    }

    mutating func parseObject(at start: SourceLocation, depth: Int) throws -> LocatedJSON {
        guard depth <= maximumDepth else {
            throw error("arrays and objects nest deeper than \(maximumDepth) levels")
        }
        index += 1
        skipWhitespace()
        if !atEnd, current == UInt8(ascii: "}") {
            index += 1
            return LocatedJSON(.object([]), at: start)
        }
        let base = openMembers.count
        if openMembers.capacity == 0 {
            // As for arrays: at most one member per six bytes (`"k":0,`) remains.
            openMembers.reserveCapacity(min((bytes.count - index) / 6 + 1, 1 << 20))
        }
        // Small objects are checked for duplicate keys by a linear scan; large ones by an index.
        var keyIndex: [String: Int] = [:]
        while true {
            guard !atEnd, current == UInt8(ascii: "\"") else {
                let what = openMembers.count == base ? "a quoted key or '}'" : "a quoted key after ','"
                throw error(
                    "expected \(what) in the object that starts at \(Self.position(start)), "
                        + "found \(describeCurrent())")
            }
            let keyLocation = location
            let key = try parseString()
            if let first = firstIndex(of: key, from: base, index: &keyIndex) {
                let firstLocation = openMembers[first].keyLocation
                throw LoomError(
                    .syntax,
                    "duplicate key '\(key)' in the object that starts at \(Self.position(start)); "
                        + "it first appears at \(Self.position(firstLocation))",
                    at: keyLocation, related: [Diagnostic(.note, "'\(key)' first appears here", at: firstLocation)])
            }
            skipWhitespace()
            guard !atEnd, current == UInt8(ascii: ":") else {
                throw error("expected ':' after the key '\(key)', found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            openMembers.append(LocatedJSON.Member(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            guard !atEnd else {
                throw error(
                    "expected ',' or '}' in the object that starts at \(Self.position(start)), found the end of the file"
                )
            }
            if current == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if current == UInt8(ascii: "}") {
                index += 1
                return LocatedJSON(.object(Self.takeTop(of: &openMembers, from: base)), at: start)
            } else {
                throw error(
                    "expected ',' or '}' in the object that starts at \(Self.position(start)), "
                        + "found \(describeCurrent())")
            }
        }
    }

    /// Removes and returns `stack[base...]`. When that is a long run filling most of the whole
    /// stack (an outermost open container, such as a map's layer array) the buffer itself is
    /// handed over rather than copied; other runs are copied so the stack keeps its capacity.
    static func takeTop<Element>(of stack: inout [Element], from base: Int) -> [Element] {
        if base == 0 && stack.count >= 4096 && stack.capacity <= 2 * stack.count {
            defer { stack = [] }
            return stack
        }
        // Not `Array(stack[base...])`: a slice covering the whole stack would share its buffer,
        // and the stack's next write would then copy its whole (large) capacity.
        var top: [Element] = []
        top.reserveCapacity(stack.count - base)
        top.append(contentsOf: stack[base...])
        if base == 0 {
            stack.removeAll(keepingCapacity: true)
        } else {
            stack.removeSubrange(base...)
        }
        return top
    }

    /// The index in `openMembers` of the member named `key` among those from `base` on,
    /// scanning small objects and indexing large ones. (No slice of `openMembers` is taken: one
    /// alive at the next append would make it copy its whole buffer.)
    private func firstIndex(of key: String, from base: Int, index: inout [String: Int]) -> Int? {
        let threshold = 12
        if openMembers.count - base < threshold {
            var position = base
            while position < openMembers.count {
                if openMembers[position].key == key { return position }
                position += 1
            }
            return nil
        }
        if index.isEmpty {
            for position in base..<openMembers.count { index[openMembers[position].key] = position }
        }
        if let found = index[key] { return found }
        index[key] = openMembers.count
        return nil
    }

    mutating func parseArray(at start: SourceLocation, depth: Int) throws -> LocatedJSON {
        guard depth <= maximumDepth else {
            throw error("arrays and objects nest deeper than \(maximumDepth) levels")
        }
        index += 1
        skipWhitespace()
        if !atEnd, current == UInt8(ascii: "]") {
            index += 1
            return LocatedJSON(.array([]), at: start)
        }
        let base = openElements.count
        if openElements.capacity == 0 {
            // At most one element per two bytes remain. Reserving address space is free until
            // touched, and it spares a long array the copies of growing by doubling.
            openElements.reserveCapacity(min((bytes.count - index) / 2 + 1, 1 << 22))
        }
        while true {
            if !atEnd, current == UInt8(ascii: "]"), openElements.count > base {
                throw error("expected a value after ',' in the array that starts at \(Self.position(start)), found ']'")
            }
            let element = try parseValue(depth: depth)
            openElements.append(element)
            skipWhitespace()
            guard !atEnd else {
                throw error(
                    "expected ',' or ']' in the array that starts at \(Self.position(start)), found the end of the file"
                )
            }
            if current == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if current == UInt8(ascii: "]") {
                index += 1
                return LocatedJSON(.array(Self.takeTop(of: &openElements, from: base)), at: start)
            } else {
                throw error(
                    "expected ',' or ']' in the array that starts at \(Self.position(start)), "
                        + "found \(describeCurrent())")
            }
        }
    }

    mutating func parseLiteral() throws -> LocatedJSON.Value {
        let start = index
        while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if word.elementsEqual("true".utf8) { return .bool(true) }
        if word.elementsEqual("false".utf8) { return .bool(false) }
        if word.elementsEqual("null".utf8) { return .null }
        index = start
        let found = word.isEmpty ? describeCurrent() : "'\(String(decoding: word.prefix(24), as: UTF8.self))'"
        throw error("expected a JSON value (an object, array, string, number, true, false or null), found \(found)")
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    static func position(_ location: SourceLocation) -> String {
        "\(location.line):\(location.column)"
    }

    /// The character at the cursor, for `found …` in messages.
    func describeCurrent() -> String { SourceBytes.describe(bytes, at: index) }
}
