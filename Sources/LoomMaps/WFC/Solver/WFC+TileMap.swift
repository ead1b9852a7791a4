import LoomCore
import LoomImage

/// Glyphs for tiles that have none of their own, in order.
private let generatedGlyphs = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

extension OverlappingRules {
    /// Rules learned from a tile layer of a map (default: its first), tile ids as values.
    /// Throws when the layer does not exist.
    public init(map: TileMap, layer: String? = nil, options: OverlappingOptions = OverlappingOptions()) throws {
        guard let name = layer ?? map.mainLayerName, let tiles = map.tiles(name) else {
            throw LoomError(.invalidArgument, "the map has no tile layer '\(layer ?? "(first)")'")
        }
        try self.init(sample: tiles.map { Int($0) }, options: options)
    }

    /// The output values as a `TileMap` with one tile layer, `"tiles"`. Values learned from an
    /// image become tiles `0…` named by their colour (`#RRGGBB`) and painted with it; values
    /// learned from a map keep their ids and take `tileset`, which should be that map's.
    public func tileMap(_ values: Grid<Int>, tileset: Tileset? = nil) throws -> TileMap {
        let chosen = try tileset ?? paletteTileset()
        var map = TileMap(width: values.width, height: values.height, tileset: chosen)
        map.setTiles(values.map { UInt16(clamping: $0) }, named: "tiles")
        return map
    }

    /// A tileset with one tile per sample colour (grey levels when learned from a grid).
    public func paletteTileset() throws -> Tileset {
        let count = colors?.count ?? ((values.max() ?? 0) + 1)
        var tiles: [Tile] = []
        for value in 0..<count {
            let color = image(of: Grid(width: 1, height: 1, repeating: value))[0, 0]
            tiles.append(
                Tile(
                    id: UInt16(value), name: color.hex + (colors == nil ? "-\(value)" : ""), color: color,
                    glyph: generatedGlyphs[value % generatedGlyphs.count]))
        }
        return try Tileset(name: "wfc-palette", tiles: tiles)
    }
}

extension TiledRules {
    /// The solved variants as a `TileMap` with one tile layer, `"tiles"`: tile id `v` is variant
    /// `v`, named as ``variantName(_:)``, coloured by the mean of its image when `images` are
    /// given (grey steps otherwise).
    public func tileMap(_ variants: Grid<Int>, images: [RGBAImage]? = nil) throws -> TileMap {
        var tiles: [Tile] = []
        for v in 0..<patternCount {
            var color = RGBA(UInt8(40 + (v * 37) % 200), UInt8(40 + (v * 37) % 200), UInt8(40 + (v * 37) % 200))
            if let images, v < images.count { color = images[v].meanColor }
            tiles.append(
                Tile(
                    id: UInt16(v), name: variantName(v), color: color, glyph: generatedGlyphs[v % generatedGlyphs.count]
                ))
        }
        var map = TileMap(
            width: variants.width, height: variants.height, tileset: try Tileset(name: "wfc-tiles", tiles: tiles))
        map.setTiles(variants.map { UInt16(clamping: $0) }, named: "tiles")
        return map
    }
}

extension RGBAImage {
    /// The mean of every pixel's channels.
    var meanColor: RGBA {
        var sums = [Int](repeating: 0, count: 4)
        for (i, byte) in bytes.enumerated() { sums[i & 3] += Int(byte) }
        let n = max(1, width * height)
        return RGBA(UInt8(sums[0] / n), UInt8(sums[1] / n), UInt8(sums[2] / n), UInt8(sums[3] / n))
    }
}
