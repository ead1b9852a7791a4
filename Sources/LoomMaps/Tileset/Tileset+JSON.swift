import Foundation
import LoomCore
import LoomImage

extension Tileset {
    /// Loads a tileset from a JSON file.
    ///
    /// The file holds `name`, an optional `atlas` (`image`, `tileWidth`, `tileHeight`) and
    /// `tiles`, each with `id`, `name`, `colour` (`#RRGGBB` or `#RRGGBBAA`), `glyph` (one
    /// character) and optionally `walkable`, `water` (default `false`), `atlas` (`[column, row]`)
    /// and `properties` (an object of booleans, numbers and strings). Errors name the file, line
    /// and column of the offending value and say what was expected.
    public static func load(from path: String) throws -> Tileset {
        try Tileset(json: try AtomicFile.readText(path), file: path)
    }

    /// Parses a tileset from JSON text; `file` names it in errors.
    public init(json text: String, file: String = "<tileset>") throws {
        let root = try LocatedJSON.parse(text, file: file)
        var reader = TilesetReader()
        self = try reader.read(root)
    }
}

/// Walks a located JSON tree into a tileset, checking every value where it stands.
private struct TilesetReader {
    static let rootKeys = ["name", "atlas", "tiles"]
    static let atlasKeys = ["image", "tileWidth", "tileHeight"]
    static let tileKeys = ["id", "name", "colour", "color", "glyph", "walkable", "water", "atlas", "properties"]

    mutating func read(_ root: LocatedJSON) throws -> Tileset {
        let members = try object(root, "the tileset")
        try checkKeys(members, allowed: Self.rootKeys, in: "the tileset")
        let name = try root["name"].map { try string($0, "the tileset's name") } ?? "tiles"
        var atlas: TileAtlas?
        if let node = root["atlas"] {
            let atlasMembers = try object(node, "the atlas")
            try checkKeys(atlasMembers, allowed: Self.atlasKeys, in: "the atlas")
            atlas = TileAtlas(
                image: try string(try require(node, "image", "the atlas"), "the atlas image"),
                tileWidth: try integer(try require(node, "tileWidth", "the atlas"), "tileWidth", in: 1...4096),
                tileHeight: try integer(try require(node, "tileHeight", "the atlas"), "tileHeight", in: 1...4096))
        }
        guard let tilesNode = root["tiles"] else {
            throw LoomError(.semantic, "the tileset has no \"tiles\" array", at: root.location)
        }
        guard case .array(let elements) = tilesNode.value else {
            throw LoomError(
                .semantic, "\"tiles\" is \(tilesNode.typeDescription), expected an array", at: tilesNode.location)
        }
        var tileset = try Tileset(name: name, tiles: [], atlas: atlas)
        for element in elements {
            let tile = try readTile(element)
            do {
                try tileset.add(tile)
            } catch let error as LoomError {
                throw LoomError(error.kind, error.message, at: element.location)
            }
        }
        return tileset
    }

    func readTile(_ node: LocatedJSON) throws -> Tile {
        let members = try object(node, "a tile")
        let nameNode = try require(node, "name", "a tile")
        let name = try string(nameNode, "a tile's name")
        guard !name.isEmpty else { throw LoomError(.semantic, "a tile's name is empty", at: nameNode.location) }
        let subject = "tile '\(name)'"
        try checkKeys(members, allowed: Self.tileKeys, in: subject)
        let id = try integer(try require(node, "id", subject), "\(subject)'s id", in: 0...65534)
        guard let colourNode = node["colour"] ?? node["color"] else {
            throw LoomError(.semantic, "\(subject) has no \"colour\"; expected \"#RRGGBB\"", at: node.location)
        }
        let colourText = try string(colourNode, "\(subject)'s colour")
        guard let colour = Tile.parseColour(colourText) else {
            throw LoomError(
                .semantic, "\(subject) has colour '\(colourText)', expected #RRGGBB", at: colourNode.location)
        }
        let glyphNode = try require(node, "glyph", subject)
        let glyphText = try string(glyphNode, "\(subject)'s glyph")
        guard let glyph = Tile.parseGlyph(glyphText) else {
            throw LoomError(
                .semantic, "\(subject) has glyph '\(glyphText)', expected one printable character",
                at: glyphNode.location)
        }
        let walkable = try node["walkable"].map { try bool($0, "\(subject)'s walkable") } ?? false
        let water = try node["water"].map { try bool($0, "\(subject)'s water") } ?? false
        var cell: Point?
        if let atlasNode = node["atlas"] {
            guard case .array(let pair) = atlasNode.value, pair.count == 2 else {
                throw LoomError(
                    .semantic, "\(subject)'s atlas cell is \(atlasNode.typeDescription), expected [column, row]",
                    at: atlasNode.location)
            }
            cell = Point(
                x: try integer(pair[0], "\(subject)'s atlas column", in: 0...65535),
                y: try integer(pair[1], "\(subject)'s atlas row", in: 0...65535))
        }
        var properties: [String: PropertyValue] = [:]
        if let propertiesNode = node["properties"] {
            for member in try object(propertiesNode, "\(subject)'s properties") {
                switch member.value.value {
                case .bool(let value): properties[member.key] = .bool(value)
                case .string(let value): properties[member.key] = .string(value)
                case .number(let number):
                    properties[member.key] = number.exactly(Int.self).map { .int($0) } ?? .double(number.double)
                default:
                    throw LoomError(
                        .semantic,
                        "\(subject)'s property '\(member.key)' is \(member.value.typeDescription), "
                            + "expected a boolean, a number or a string",
                        at: member.value.location)
                }
            }
        }
        return Tile(
            id: UInt16(id), name: name, color: colour, glyph: glyph, isWalkable: walkable, isWater: water,
            properties: properties, atlasCell: cell)
    }

    func object(_ node: LocatedJSON, _ what: String) throws -> [LocatedJSON.Member] {
        guard case .object(let members) = node.value else {
            throw LoomError(.semantic, "\(what) is \(node.typeDescription), expected an object", at: node.location)
        }
        return members
    }

    func require(_ node: LocatedJSON, _ key: String, _ what: String) throws -> LocatedJSON {
        guard let value = node[key] else {
            throw LoomError(.semantic, "\(what) has no \"\(key)\"", at: node.location)
        }
        return value
    }

    func checkKeys(_ members: [LocatedJSON.Member], allowed: [String], in what: String) throws {
        for member in members where !allowed.contains(member.key) {
            throw LoomError(
                .semantic,
                "unknown key \"\(member.key)\" in \(what); expected one of: \(allowed.joined(separator: ", "))",
                at: member.keyLocation)
        }
    }

    func string(_ node: LocatedJSON, _ what: String) throws -> String {
        guard case .string(let value) = node.value else {
            throw LoomError(.semantic, "\(what) is \(node.typeDescription), expected a string", at: node.location)
        }
        return value
    }

    func bool(_ node: LocatedJSON, _ what: String) throws -> Bool {
        guard case .bool(let value) = node.value else {
            throw LoomError(.semantic, "\(what) is \(node.typeDescription), expected true or false", at: node.location)
        }
        return value
    }

    func integer(_ node: LocatedJSON, _ what: String, in range: ClosedRange<Int>) throws -> Int {
        guard case .number(let number) = node.value, let value = number.exactly(Int.self), range.contains(value)
        else {
            let found = node.number.map(\.description) ?? node.typeDescription
            throw LoomError(
                .semantic, "\(what) is \(found), expected an integer in \(range.lowerBound)...\(range.upperBound)",
                at: node.location)
        }
        return value
    }
}

extension Tile {
    /// Parses `#RRGGBB` or `#RRGGBBAA` with the `#` required.
    static func parseColour(_ text: String) -> RGBA? {
        guard text.hasPrefix("#"), text.count == 7 || text.count == 9 else { return nil }
        return RGBA(hex: text)
    }

    /// A glyph is exactly one printable character.
    static func parseGlyph(_ text: String) -> Character? {
        guard text.count == 1, let character = text.first,
            !character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return character
    }
}

// The Codable form is the same JSON a tileset file holds.
extension Tileset: Codable {
    private enum CodingKeys: String, CodingKey { case name, atlas, tiles }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decodeIfPresent(String.self, forKey: .name) ?? "tiles"
        let atlas = try container.decodeIfPresent(TileAtlas.self, forKey: .atlas)
        let tiles = try container.decode([Tile].self, forKey: .tiles)
        do {
            self = try Tileset(name: name, tiles: tiles, atlas: atlas)
        } catch let error as LoomError {
            throw DecodingError.dataCorruptedError(forKey: .tiles, in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(atlas, forKey: .atlas)
        try container.encode(tiles, forKey: .tiles)
    }
}

extension Tile: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, name, colour, glyph, walkable, water, atlas, properties
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let colourText = try container.decode(String.self, forKey: .colour)
        guard let colour = Tile.parseColour(colourText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .colour, in: container,
                debugDescription: "tile '\(name)' has colour '\(colourText)', expected #RRGGBB")
        }
        let glyphText = try container.decode(String.self, forKey: .glyph)
        guard let glyph = Tile.parseGlyph(glyphText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .glyph, in: container,
                debugDescription: "tile '\(name)' has glyph '\(glyphText)', expected one printable character")
        }
        var cell: Point?
        if let pair = try container.decodeIfPresent([Int].self, forKey: .atlas) {
            guard pair.count == 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .atlas, in: container, debugDescription: "expected [column, row]")
            }
            cell = Point(x: pair[0], y: pair[1])
        }
        self.init(
            id: try container.decode(UInt16.self, forKey: .id), name: name, color: colour, glyph: glyph,
            isWalkable: try container.decodeIfPresent(Bool.self, forKey: .walkable) ?? false,
            isWater: try container.decodeIfPresent(Bool.self, forKey: .water) ?? false,
            properties: try container.decodeIfPresent([String: PropertyValue].self, forKey: .properties) ?? [:],
            atlasCell: cell)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(color.hex, forKey: .colour)
        try container.encode(String(glyph), forKey: .glyph)
        try container.encode(isWalkable, forKey: .walkable)
        try container.encode(isWater, forKey: .water)
        if let atlasCell { try container.encode([atlasCell.x, atlasCell.y], forKey: .atlas) }
        if !properties.isEmpty { try container.encode(properties, forKey: .properties) }
    }
}
