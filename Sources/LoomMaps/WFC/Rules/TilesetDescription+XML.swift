import Foundation
import LoomCore

extension TilesetDescription {
    /// Parses the classic `data.xml` tileset format: `<set size unique>` holding `<tiles>`
    /// (`<tile name symmetry weight>`), `<neighbors>` (`<neighbor left right>`) and `<subsets>`
    /// (`<subset name>` of `<tile name>`). Other attributes are ignored; other elements, and
    /// text anywhere, are errors. Errors carry the file, line and column.
    public static func parseXML(_ data: Data, file: String) throws -> TilesetDescription {
        let set = try LocatedXML.parse(data, file: file)
        guard set.name == "set" else { throw unexpected(set, inside: nil) }
        var tileset = TilesetDescription()
        tileset.file = file
        if let size = set.attribute("size") {
            guard let value = Int(size.value), value > 0 else {
                throw LoomError(.format, "size must be a positive integer, got '\(size.value)'", at: size.location)
            }
            tileset.tileSize = value
        }
        tileset.unique = set.attribute("unique")?.value.lowercased() == "true"
        for section in try elements(of: set) {
            switch section.name {
            case "tiles":
                tileset.tiles += try elements(of: section, named: "tile").map { try readTile(empty($0)) }
            case "neighbors":
                tileset.neighbors += try elements(of: section, named: "neighbor").map(empty).map { rule in
                    try Neighbor(
                        left: required("left", of: rule), right: required("right", of: rule), location: rule.location)
                }
            case "subsets":
                for subset in try elements(of: section, named: "subset") {
                    let name = try required("name", of: subset)
                    tileset.subsets[name] = try elements(of: subset, named: "tile").map {
                        try required("name", of: empty($0))
                    }
                }
            default:
                throw unexpected(section, inside: set)
            }
        }
        return tileset
    }

    private static func readTile(_ element: LocatedXML) throws -> Tile {
        let name = try required("name", of: element)
        var tile = Tile(name: name, symmetry: element.attribute("symmetry")?.value ?? "X", location: element.location)
        if let weight = element.attribute("weight") {
            guard let value = Double(weight.value), value > 0, value.isFinite else {
                throw LoomError(
                    .format, "weight of tile '\(name)' must be a positive number, got '\(weight.value)'",
                    at: weight.location)
            }
            tile.weight = value
        }
        return tile
    }

    /// The child elements of `parent`, which must hold no text and, when `name` is given, only
    /// elements called `name`.
    private static func elements(of parent: LocatedXML, named name: String? = nil) throws -> [LocatedXML] {
        if let at = parent.textLocation {
            throw LoomError(.format, "unexpected text inside <\(parent.name)>", at: at)
        }
        if let name, let other = parent.children.first(where: { $0.name != name }) {
            throw unexpected(other, inside: parent)
        }
        return parent.children
    }

    /// `element`, which must hold nothing (a `<tile>`, a `<neighbor>`).
    private static func empty(_ element: LocatedXML) throws -> LocatedXML {
        if let child = try elements(of: element).first { throw unexpected(child, inside: element) }
        return element
    }

    private static func required(_ attribute: String, of element: LocatedXML) throws -> String {
        guard let value = element.attribute(attribute)?.value else {
            throw LoomError(.format, "<\(element.name)> needs a '\(attribute)' attribute", at: element.location)
        }
        return value
    }

    private static func unexpected(_ element: LocatedXML, inside parent: LocatedXML?) -> LoomError {
        let context = parent.map { "inside <\($0.name)>" } ?? "at the top; expected <set>"
        return LoomError(.format, "unexpected <\(element.name)> \(context)", at: element.location)
    }
}
