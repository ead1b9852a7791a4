import LoomCore
import LoomMaps

/// A tile map as Lua scripts edit it: the layers live in their own grids, so that setting one
/// cell from Lua costs no copy of the map; ``tileMap`` assembles the value type on demand.
public final class LuaTileMap {
    /// Width in cells.
    public let width: Int
    /// Height in cells.
    public let height: Int
    /// The tileset that names the map's tiles.
    public var tileset: Tileset
    /// Tile layers, bottom first.
    var tileLayers: [(name: String, tiles: Grid<UInt16>)] = []
    /// Float layers in the order they were added.
    var floatLayers: [(name: String, values: Grid<Float>)] = []
    /// Rooms, doors, places and other named features.
    public var annotations: [Annotation] = []
    /// Map-wide properties.
    public var properties: [String: PropertyValue] = [:]
    /// Counts edits made since the last ``resetEdits()``, so hosts know when to redraw.
    public private(set) var editCount = 0

    /// An empty map of `width` × `height` cells with no layers.
    public init(width: Int, height: Int, tileset: Tileset) {
        self.width = width
        self.height = height
        self.tileset = tileset
    }

    /// A handle holding a copy of `map`.
    public init(_ map: TileMap) {
        width = map.width
        height = map.height
        tileset = map.tileset
        tileLayers = map.tileLayers.map { ($0.name, $0.tiles) }
        floatLayers = map.floatLayers.map { ($0.name, $0.values) }
        annotations = map.annotations
        properties = map.properties
    }

    /// The map as a value.
    public var tileMap: TileMap {
        var map = TileMap(width: width, height: height, tileset: tileset)
        for layer in tileLayers { map.setTiles(layer.tiles, named: layer.name) }
        for layer in floatLayers { map.setValues(layer.values, named: layer.name) }
        map.annotations = annotations
        map.properties = properties
        return map
    }

    /// Marks the map as edited.
    func touch() { editCount &+= 1 }

    /// Forgets earlier edits (``editCount`` back to 0).
    public func resetEdits() { editCount = 0 }

    func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// The index of tile layer `name` (default: the first), made when `create` and absent.
    func tileLayerIndex(_ name: String?, create: Bool = false) throws -> Int {
        guard let name else {
            if tileLayers.isEmpty {
                guard create else { throw LuaError(.runtime, "the map has no tile layer") }
                tileLayers.append(("ground", Grid(width: width, height: height, repeating: 0)))
            }
            return 0
        }
        if let index = tileLayers.firstIndex(where: { $0.name == name }) { return index }
        guard create else {
            let known = tileLayers.map(\.name).joined(separator: ", ")
            throw LuaError(.runtime, "the map has no tile layer '\(name)' (it has: \(known.isEmpty ? "none" : known))")
        }
        tileLayers.append((name, Grid(width: width, height: height, repeating: 0)))
        return tileLayers.count - 1
    }

    /// The index of float layer `name`, made (filled with zeros) when `create` and absent.
    func floatLayerIndex(_ name: String, create: Bool = false) throws -> Int {
        if let index = floatLayers.firstIndex(where: { $0.name == name }) { return index }
        guard create else {
            let known = floatLayers.map(\.name).joined(separator: ", ")
            throw LuaError(.runtime, "the map has no float layer '\(name)' (it has: \(known.isEmpty ? "none" : known))")
        }
        floatLayers.append((name, Grid(width: width, height: height, repeating: 0)))
        return floatLayers.count - 1
    }

    /// The tile id named by a Lua value: an id, or a tile name in the tileset.
    func tileID(_ value: LuaValue) throws -> UInt16 {
        if let id = value.intValue {
            guard let tile = UInt16(exactly: id) else { throw LuaError(.runtime, "tile id \(id) is out of range") }
            return tile
        }
        if let name = value.stringValue {
            guard let tile = tileset.tile(named: name) else {
                throw LuaError(.runtime, "the tileset '\(tileset.name)' has no tile named '\(name)'")
            }
            return tile.id
        }
        throw LuaError(.runtime, "expected a tile id or name, got \(value)")
    }

    /// Which cells are walkable in tile layer `layer` (default: the first).
    func walkable(layer: String?) throws -> Grid<Bool> {
        let tiles = tileLayers[try tileLayerIndex(layer)].tiles
        let table = tileset.lookupTable(missing: false) { $0.isWalkable }
        return tiles.map { Int($0) < table.count ? table[Int($0)] : false }
    }
}
