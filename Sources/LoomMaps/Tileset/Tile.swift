import LoomCore
import LoomImage

/// One kind of tile: its id in tile layers, its name, how it looks and what it means.
///
/// ```swift
/// let grass = Tile(id: 10, name: "grass", color: RGBA(hex: "#5FA83A")!, glyph: "\"", isWalkable: true)
/// ```
public struct Tile: Hashable, Sendable {
    /// The number stored in tile layers. Unique in its tileset; `0...65534`.
    public var id: UInt16
    /// A unique name such as `grass` or `wall`, used by generators and scripts.
    public var name: String
    /// The colour a PNG export paints the tile with.
    public var color: RGBA
    /// The single character ASCII renderings show for the tile.
    public var glyph: Character
    /// Whether creatures can walk on the tile. Default: `false`.
    public var isWalkable: Bool
    /// Whether the tile is water (sea, lake or river). Default: `false`.
    public var isWater: Bool
    /// Further key/value properties a game or script reads. Default: none.
    public var properties: [String: PropertyValue]
    /// The tile's cell (column, row) in the tileset's atlas image, if it has one.
    public var atlasCell: Point?

    /// A tile; only the id, name, colour and glyph are required.
    public init(
        id: UInt16, name: String, color: RGBA, glyph: Character, isWalkable: Bool = false, isWater: Bool = false,
        properties: [String: PropertyValue] = [:], atlasCell: Point? = nil
    ) {
        self.id = id
        self.name = name
        self.color = color
        self.glyph = glyph
        self.isWalkable = isWalkable
        self.isWater = isWater
        self.properties = properties
        self.atlasCell = atlasCell
    }
}

/// Where a tileset's tiles are drawn in an image: a grid of equal cells.
public struct TileAtlas: Hashable, Sendable, Codable {
    /// The image's path, relative to the tileset file.
    public var image: String
    /// A cell's width in pixels. Must be positive.
    public var tileWidth: Int
    /// A cell's height in pixels. Must be positive.
    public var tileHeight: Int

    /// An atlas of `tileWidth × tileHeight` cells in `image`.
    public init(image: String, tileWidth: Int, tileHeight: Int) {
        self.image = image
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
    }
}
