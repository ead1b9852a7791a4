/// The byte-level XML 1.0 reader behind ``LocatedXML``.
///
/// It checks the bytes once (UTF-8, and only characters XML allows), so the walk that follows
/// can step over any character without decoding it, then walks them once, keeping the open
/// elements on an explicit stack rather than the native one. Lines and columns are counted
/// lazily: `location(at:)` counts on from the last offset it counted to, so however many
/// locations the tree keeps, the document is counted about once.
struct XMLReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let maximumDepth: Int
    var index = 0
    /// Where the text begins: after a byte-order mark, if there is one.
    var textStart = 0
    /// The offset `location(at:)` last counted to, with its line and column.
    var counted = (offset: 0, line: 1, column: 1)

    /// An element whose end tag is still to come, with its character data so far.
    struct OpenElement {
        var element: LocatedXML
        var text: [UInt8] = []
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String, maximumDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maximumDepth = maximumDepth
    }

    mutating func readDocument() throws -> LocatedXML {
        try readByteOrderMark()
        try readDeclaration()
        try checkCharacters()
        try skipMiscellany(afterRoot: nil)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<"), startsName(at: index + 1) else {
            if looking(at: "<!DOCTYPE") {
                throw error("document type declarations (<!DOCTYPE …>) are not supported; expected the root element")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "<") {
                index += 1
                throw error("expected an element name after '<', found \(describeCurrent())")
            }
            throw error("expected the root element, found \(describeCurrent())")
        }
        let root = try readElements()
        try skipMiscellany(afterRoot: root.name)
        return root
    }

    /// Reads the element whose start tag is at the cursor, with everything inside it.
    mutating func readElements() throws -> LocatedXML {
        var open: [OpenElement] = []
        while true {
            if !open.isEmpty, looking(at: "</") {
                var closed = open.removeLast()
                try readEndTag(of: closed.element)
                closed.element.text = String(decoding: closed.text, as: UTF8.self)
                if open.isEmpty { return closed.element }
                open[open.count - 1].element.children.append(closed.element)
            } else {
                guard open.count < maximumDepth else {
                    throw error("elements nest deeper than \(maximumDepth) levels")
                }
                let (element, isEmpty) = try readStartTag()
                if isEmpty {
                    if open.isEmpty { return element }
                    open[open.count - 1].element.children.append(element)
                } else {
                    open.append(OpenElement(element: element))
                }
            }
            try readContent(of: &open[open.count - 1])
        }
    }

    /// Steps over whitespace, comments and processing instructions before the root element
    /// (`afterRoot` nil) or after it, where anything else is an error.
    mutating func skipMiscellany(afterRoot root: String?) throws {
        while true {
            skipWhitespace()
            if looking(at: "<!--") {
                try skipComment()
            } else if looking(at: "<?") {
                try skipProcessingInstruction()
            } else if let root, index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), startsName(at: index + 1) {
                    let start = index
                    index += 1
                    let name = readName()
                    index = start
                    throw error(
                        "expected the end of the file after the root element <\(root)> (a document has one root "
                            + "element), found another element <\(name)>")
                }
                throw error(
                    "expected only comments and whitespace after the root element <\(root)>, found \(describeCurrent())"
                )
            } else {
                return
            }
        }
    }

    // MARK: Positions and messages

    /// The line and column of the byte at `offset`, counting on from the last offset counted
    /// (or from the start, for an earlier offset). `\r\n` and a lone `\r` end a line as `\n`
    /// does, and a column is a Unicode scalar.
    mutating func location(at offset: Int) -> SourceLocation {
        if offset < counted.offset { counted = (textStart, 1, 1) }
        var (position, line, column) = counted
        while position < offset {
            let byte = bytes[position]
            if byte == 0x0A || (byte == 0x0D && (position + 1 == bytes.count || bytes[position + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte != 0x0D, byte & 0xC0 != 0x80 {
                column += 1
            }
            position += 1
        }
        counted = (position, line, column)
        return SourceLocation(file: file, line: line, column: column)
    }

    /// A syntax error at the cursor.
    mutating func error(_ message: String) -> LoomError {
        LoomError(.syntax, message, at: location(at: index))
    }

    /// `line:column` of a location, for `that starts at …` in messages.
    static func position(_ location: SourceLocation) -> String {
        "\(location.line):\(location.column)"
    }

    /// The character at the cursor, for `found …` in messages.
    func describeCurrent() -> String { SourceBytes.describe(bytes, at: index) }

    /// Whether the bytes at the cursor are `literal`.
    func looking(at literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let text = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != text[offset] { return false }
        return true
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Steps over XML whitespace; whether there was any.
    @discardableResult mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        return index > start
    }
}
