import Foundation
import LoomCore
import LoomImage

extension TileMap {
    /// The tile layer `layer` (default: the first) as an image with one pixel per tile in
    /// each tile's colour, scaled up by `scale`. Ids missing from the tileset are magenta.
    public func image(layer: String? = nil, scale: Int = 1) throws -> RGBAImage {
        let tiles = try tileLayer(layer)
        try Check.range("scale", scale, 1...64)
        let colours = tileset.lookupTable(missing: RGBA(255, 0, 255)) { $0.color }
        let image = RGBAImage(tiles) { id in Int(id) < colours.count ? colours[Int(id)] : RGBA(255, 0, 255) }
        return scale == 1 ? image : image.scaled(by: scale)
    }

    /// The tile layer `layer` drawn from `atlas`, an image cut into the tileset's
    /// ``TileAtlas`` cells. Tiles without an atlas cell are filled with their colour.
    public func image(layer: String? = nil, atlas: RGBAImage) throws -> RGBAImage {
        let tiles = try tileLayer(layer)
        guard let cells = tileset.atlas else {
            throw LoomError(.semantic, "tileset '\(tileset.name)' has no atlas to draw from")
        }
        let tw = cells.tileWidth, th = cells.tileHeight
        // Cut each tile's cell out once; a tile whose cell lies outside the atlas is an error.
        var sprites: [UInt16: RGBAImage] = [:]
        for tile in tileset.tiles {
            guard let cell = tile.atlasCell else { continue }
            let rect = Rect(x: cell.x * tw, y: cell.y * th, width: tw, height: th)
            guard Rect(x: 0, y: 0, width: atlas.width, height: atlas.height).contains(rect) else {
                throw LoomError(
                    .semantic,
                    "tile '\(tile.name)' uses atlas cell [\(cell.x), \(cell.y)], outside the "
                        + "\(atlas.width)x\(atlas.height) atlas image of \(tw)x\(th) cells")
            }
            sprites[tile.id] = RGBAImage(atlas.pixels.cropped(to: rect)) { $0 }
        }
        var image = RGBAImage(width: width * tw, height: height * th)
        for y in 0..<height {
            for x in 0..<width {
                let id = tiles[unchecked: y * width + x]
                if let sprite = sprites[id] {
                    image.draw(sprite, atX: x * tw, y: y * th)
                } else {
                    let colour = tileset.tile(id: id)?.color ?? RGBA(255, 0, 255)
                    image.fill(Rect(x: x * tw, y: y * th, width: tw, height: th), with: colour)
                }
            }
        }
        return image
    }

    /// The tile layer called `name` (or the first), or an error listing the layers there are.
    func tileLayer(_ name: String?) throws -> Grid<UInt16> {
        if let name {
            guard let tiles = tiles(name) else {
                throw LoomError(
                    .semantic,
                    "the map has no tile layer '\(name)'; it has: \(tileLayers.map(\.name).joined(separator: ", "))")
            }
            return tiles
        }
        guard let first = tileLayers.first else { throw LoomError(.semantic, "the map has no tile layers") }
        return first.tiles
    }
}
