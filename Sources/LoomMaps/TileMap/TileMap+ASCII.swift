import LoomCore

extension TileMap {
    /// The tile layer `layer` (default: the first) drawn with each tile's glyph, one line per
    /// row, each line ending in a newline. Ids missing from the tileset show as `?`.
    ///
    /// Snapshot tests compare this text, so a reader can see what a generator makes.
    public func ascii(layer: String? = nil) -> String {
        guard let name = layer ?? mainLayerName, let tiles = tiles(name) else { return "" }
        let glyphs = tileset.lookupTable(missing: Character("?")) { $0.glyph }
        var text = ""
        text.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            for x in 0..<width {
                let id = Int(tiles[unchecked: y * width + x])
                text.append(id < glyphs.count ? glyphs[id] : "?")
            }
            text.append("\n")
        }
        return text
    }
}
