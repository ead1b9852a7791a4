import LoomCore

/// The file formats a ``TileMap`` exports to, chosen by a path's extension.
public enum MapFormat: String, Sendable, Codable, CaseIterable {
    /// A PNG image: one pixel (or a scaled block, or an atlas cell) per tile.
    case png
    /// A Tiled JSON map (`.tmj`) with an embedded tileset, tile layers and an object layer.
    case tmj
    /// Loom's own JSON form (the `Codable` form of ``TileMap``), which loads back losslessly.
    case json
    /// ASCII text, one glyph per tile.
    case txt

    /// The format for a path's extension (case-insensitive), or `nil` when there is none.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// The format for `path`, or an error listing the extensions that are understood.
    public static func forPath(_ path: String) throws -> MapFormat {
        guard let format = MapFormat(path: path) else {
            throw LoomError(
                .invalidArgument,
                "cannot tell the format of '\(path)' from its extension; expected one of: "
                    + allCases.map { "." + $0.rawValue }.joined(separator: ", "))
        }
        return format
    }
}

/// How a map is exported; each field applies to the formats it names.
public struct MapExportOptions: Hashable, Sendable, Codable {
    /// The tile layer drawn by PNG and ASCII exports. Default: `nil`, the first layer.
    public var layer: String?
    /// PNG: each tile becomes a `scale × scale` block of its colour. Default: 1. Range: 1...64.
    public var scale: Int = 1
    /// PNG: draw tiles from the tileset's atlas image (found relative to `atlasFolder`) instead of colours.
    /// Default: `false`.
    public var useAtlas: Bool = false
    /// The folder the atlas image path is relative to. Default: the current folder.
    public var atlasFolder: String = "."
    /// Tiled: the pixel size of a tile in the generated colour tileset image. Default: 16. Range: 1...256.
    public var tiledTileSize: Int = 16

    /// Options with every other default.
    public init(layer: String? = nil, scale: Int = 1) {
        self.layer = layer
        self.scale = scale
    }
}
