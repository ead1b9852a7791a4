import Foundation
import LoomCore

/// A tileset for the simple tiled model as written in a file: tiles with symmetry letters and
/// weights, neighbour rules and named subsets.
///
/// This is Loom's own JSON tileset format, field for field; ``load(from:)`` also reads the
/// classic `data.xml` format of the WaveFunctionCollapse samples into the same value.
///
/// ```json
/// {
///   "tileSize": 10,
///   "tiles": [{ "name": "corner", "symmetry": "L" }, { "name": "empty", "symmetry": "X", "weight": 2 }],
///   "neighbors": [{ "left": "corner 1", "right": "empty" }],
///   "subsets": { "Corners": ["corner", "empty"] }
/// }
/// ```
public struct TilesetDescription: Sendable, Codable, Hashable {
    /// One tile: an image and how it turns.
    public struct Tile: Sendable, Codable, Hashable {
        /// The tile's name; its image is `name.png` beside the tileset (`name k.png` for each
        /// variant `k` when the tileset is unique).
        public var name: String
        /// Which rotations and reflections are distinct: `X` (1 variant), `I` and `\` (2),
        /// `L` and `T` (4), `F` (8). Default: `X`.
        public var symmetry: String = "X"
        /// Relative frequency of each of the tile's variants, positive. Default: 1.
        public var weight: Double = 1
        /// Where the tile was declared, for error messages (not written to JSON).
        public var location: SourceLocation?

        /// A tile.
        public init(name: String, symmetry: String = "X", weight: Double = 1, location: SourceLocation? = nil) {
            self.name = name
            self.symmetry = symmetry
            self.weight = weight
            self.location = location
        }

        private enum CodingKeys: String, CodingKey { case name, symmetry, weight }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            symmetry = try container.decodeIfPresent(String.self, forKey: .symmetry) ?? "X"
            weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1
            location = decoder.sourceLocation
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(symmetry, forKey: .symmetry)
            try container.encode(weight, forKey: .weight)
        }
    }

    /// A neighbour rule: tile `left` (as `"name"` or `"name k"`, turned `k` quarter turns
    /// counter-clockwise, `k ≥ 4` mirrored) may stand left of `right`. The rule also holds for
    /// the pair turned and mirrored as a whole.
    public struct Neighbor: Sendable, Codable, Hashable {
        /// The left tile and its variant.
        public var left: String
        /// The right tile and its variant.
        public var right: String
        /// Where the rule was declared, for error messages (not written to JSON).
        public var location: SourceLocation?

        /// A rule.
        public init(left: String, right: String, location: SourceLocation? = nil) {
            self.left = left
            self.right = right
            self.location = location
        }

        private enum CodingKeys: String, CodingKey { case left, right }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            left = try container.decode(String.self, forKey: .left)
            right = try container.decode(String.self, forKey: .right)
            location = decoder.sourceLocation
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(left, forKey: .left)
            try container.encode(right, forKey: .right)
        }
    }

    /// Side of the tile images in pixels, or `nil` when unknown. Default: `nil`.
    public var tileSize: Int?
    /// Whether every variant has its own image (`name k.png`) instead of turning `name.png`.
    /// Default: `false`.
    public var unique: Bool = false
    /// The tiles.
    public var tiles: [Tile] = []
    /// The neighbour rules.
    public var neighbors: [Neighbor] = []
    /// Named subsets of tile names.
    public var subsets: [String: [String]] = [:]
    /// The file it was read from, for error messages.
    public var file: String = "<tileset>"

    /// An empty tileset.
    public init() {}

    private enum CodingKeys: String, CodingKey { case tileSize, unique, tiles, neighbors, subsets }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tileSize = try container.decodeIfPresent(Int.self, forKey: .tileSize)
        unique = try container.decodeIfPresent(Bool.self, forKey: .unique) ?? false
        tiles = try container.decode([Tile].self, forKey: .tiles)
        neighbors = try container.decodeIfPresent([Neighbor].self, forKey: .neighbors) ?? []
        subsets = try container.decodeIfPresent([String: [String]].self, forKey: .subsets) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(tileSize, forKey: .tileSize)
        try container.encode(unique, forKey: .unique)
        try container.encode(tiles, forKey: .tiles)
        try container.encode(neighbors, forKey: .neighbors)
        try container.encode(subsets, forKey: .subsets)
    }

    /// Reads a tileset: `.xml` files in the classic `data.xml` format, anything else as Loom's
    /// JSON format. Errors name the file and, where known, the line and column.
    public static func load(from path: String) throws -> TilesetDescription {
        let data = try AtomicFile.read(path)
        if path.lowercased().hasSuffix(".xml") { return try parseXML(data, file: path) }
        return try parseJSON(data, file: path)
    }

    /// Parses Loom's JSON tileset format. Errors name the file, line and column of the value
    /// at fault; a key the format does not have (a misspelt `"wieght"`) is an error too.
    public static func parseJSON(_ data: Data, file: String) throws -> TilesetDescription {
        var description = try LocatedJSONDecoder(rejectsUnknownKeys: true)
            .decode(TilesetDescription.self, from: data, file: file)
        description.file = file
        return description
    }

    /// Writes the tileset as JSON, atomically.
    public func export(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: path)
    }
}
