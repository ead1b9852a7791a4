import Foundation
import LoomCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

extension TilesetDescription {
    /// Parses the classic `data.xml` tileset format: `<set size unique>` holding `<tiles>`
    /// (`<tile name symmetry weight>`), `<neighbors>` (`<neighbor left right>`) and `<subsets>`
    /// (`<subset name>` of `<tile name>`). Errors carry the file, line and column.
    public static func parseXML(_ data: Data, file: String) throws -> TilesetDescription {
        // Foundation's parser traps on some invalid UTF-8 (in an attribute name), so the bytes
        // are checked first.
        if let (line, column) = firstInvalidUTF8(in: data) {
            throw LoomError(
                .format, "the file is not valid UTF-8 (expected UTF-8 text, as XML declares by default)",
                at: SourceLocation(file: file, line: line, column: column))
        }
        let parser = XMLParser(data: data)
        let reader = TilesetXMLReader(file: file)
        reader.parser = parser
        parser.delegate = reader
        let parsed = parser.parse()
        if let error = reader.error { throw error }
        guard parsed, parser.parserError == nil else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "malformed XML"
            throw LoomError(
                .syntax, "malformed XML: \(reason)",
                at: SourceLocation(file: file, line: parser.lineNumber, column: parser.columnNumber))
        }
        if let open = reader.openElement {
            throw LoomError(
                .syntax, "malformed XML: <\(open.name)> opened at \(open.line):\(open.column) is never closed",
                at: SourceLocation(file: file, line: parser.lineNumber, column: parser.columnNumber))
        }
        guard reader.sawSet else {
            throw LoomError(.format, "expected a <set> element at the top", at: SourceLocation(file: file, line: 1))
        }
        var description = reader.tileset
        description.file = file
        return description
    }
}

/// The line and column (1-based, counting characters) of the first byte of `data` that does
/// not begin a valid UTF-8 character, or `nil` when all of it is valid.
func firstInvalidUTF8(in data: Data) -> (line: Int, column: Int)? {
    let bytes = [UInt8](data)
    var (line, column, index) = (1, 1, 0)
    while index < bytes.count {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (line, column)
        }
        guard index + length <= bytes.count,
            String(validating: bytes[index..<index + length], as: UTF8.self) != nil
        else { return (line, column) }
        if lead == 0x0A {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += length
    }
    return nil
}

/// Collects a `data.xml` tileset as the parser walks it.
private final class TilesetXMLReader: NSObject, XMLParserDelegate {
    let file: String
    weak var parser: XMLParser?
    var tileset = TilesetDescription()
    var error: LoomError?
    var sawSet = false
    private var stack: [(name: String, line: Int, column: Int)] = []
    private var subset: String?

    init(file: String) { self.file = file }

    private var location: SourceLocation {
        SourceLocation(file: file, line: parser?.lineNumber ?? 0, column: parser?.columnNumber ?? 0)
    }

    private func fail(_ message: String) {
        guard error == nil else { return }
        error = LoomError(.format, message, at: location)
        parser?.abortParsing()
    }

    private func required(_ attributes: [String: String], _ name: String, of element: String) -> String? {
        if let value = attributes[name] { return value }
        fail("<\(element)> needs a '\(name)' attribute")
        return nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let parent = stack.last?.name
        stack.append((elementName, parser.lineNumber, parser.columnNumber))
        switch (parent, elementName) {
        case (nil, "set"):
            sawSet = true
            if let size = attributes["size"] {
                guard let value = Int(size), value > 0 else {
                    return fail("size must be a positive integer, got '\(size)'")
                }
                tileset.tileSize = value
            }
            tileset.unique = attributes["unique"]?.lowercased() == "true"
        case ("set", "tiles"), ("set", "neighbors"), ("set", "subsets"):
            break
        case ("tiles", "tile"):
            guard let name = required(attributes, "name", of: "tile") else { return }
            var tile = TilesetDescription.Tile(name: name, location: location)
            tile.symmetry = attributes["symmetry"] ?? "X"
            if let weight = attributes["weight"] {
                guard let value = Double(weight), value > 0, value.isFinite else {
                    return fail("weight of tile '\(name)' must be a positive number, got '\(weight)'")
                }
                tile.weight = value
            }
            tileset.tiles.append(tile)
        case ("neighbors", "neighbor"):
            guard let left = required(attributes, "left", of: "neighbor"),
                let right = required(attributes, "right", of: "neighbor")
            else { return }
            tileset.neighbors.append(.init(left: left, right: right, location: location))
        case ("subsets", "subset"):
            guard let name = required(attributes, "name", of: "subset") else { return }
            subset = name
            tileset.subsets[name, default: []] = []
        case ("subset", "tile"):
            guard let name = required(attributes, "name", of: "tile"), let subset else { return }
            tileset.subsets[subset, default: []].append(name)
        default:
            let context = parent.map { "inside <\($0)>" } ?? "at the top"
            fail("unexpected <\(elementName)> \(context)")
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        if elementName == "subset" { subset = nil }
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard error == nil else { return }
        error = LoomError(
            .syntax, "malformed XML: \((parseError as NSError).localizedDescription)",
            at: SourceLocation(file: file, line: parser.lineNumber, column: parser.columnNumber))
    }

    /// The innermost element still open when the document ended, if any.
    var openElement: (name: String, line: Int, column: Int)? { stack.last }
}
