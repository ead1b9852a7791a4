import LoomCore
import LoomImage

/// The kinds of tile a ``TileMap``'s tile layers refer to by id.
///
/// Load one from JSON with ``load(from:)`` or ``init(json:file:)`` — errors point at the bad
/// value (`tiles.json:14:9: error: tile 'grass' has colour '#12G', expected #RRGGBB`) — or use
/// ``standard``, the tileset every built-in generator paints with.
public struct Tileset: Hashable, Sendable {
    /// The tileset's name. Default: `"tiles"`.
    public var name: String
    /// The tiles, in the order they were given.
    public private(set) var tiles: [Tile]
    /// The atlas image the tiles' ``Tile/atlasCell`` refer to, if any.
    public var atlas: TileAtlas?

    // Lookup tables rebuilt whenever `tiles` changes; ids index `byID` directly.
    private var byID: [Int32] = []
    private var byName: [String: Int] = [:]

    /// A tileset of the given tiles. Throws when two tiles share an id or a name, or an id is
    /// 65535 (reserved for "no tile").
    public init(name: String = "tiles", tiles: [Tile], atlas: TileAtlas? = nil) throws {
        self.name = name
        self.atlas = atlas
        self.tiles = []
        for tile in tiles { try add(tile) }
    }

    /// Adds a tile. Throws when its id or name is taken or its id is 65535.
    public mutating func add(_ tile: Tile) throws {
        guard tile.id != UInt16.max else {
            throw LoomError(.invalidArgument, "tile '\(tile.name)' has id 65535, which is reserved; expected 0...65534")
        }
        if let other = self.tile(id: tile.id) {
            throw LoomError(.semantic, "tile '\(tile.name)' has id \(tile.id), already used by tile '\(other.name)'")
        }
        guard byName[tile.name] == nil else {
            throw LoomError(.semantic, "two tiles are named '\(tile.name)'")
        }
        let id = Int(tile.id)
        if byID.count <= id { byID.append(contentsOf: repeatElement(-1, count: id + 1 - byID.count)) }
        byID[id] = Int32(tiles.count)
        byName[tile.name] = tiles.count
        tiles.append(tile)
    }

    /// The tile with id `id`, or `nil`.
    public func tile(id: UInt16) -> Tile? {
        guard let index = index(ofID: id) else { return nil }
        return tiles[index]
    }

    /// The tile called `name`, or `nil`.
    public func tile(named name: String) -> Tile? {
        byName[name].map { tiles[$0] }
    }

    /// The id of the tile called `name`; throws an error listing the known names when absent.
    public func id(named name: String) throws -> UInt16 {
        guard let tile = tile(named: name) else {
            throw LoomError(
                .semantic,
                "tileset '\(self.name)' has no tile '\(name)'; it has: \(tiles.map(\.name).joined(separator: ", "))")
        }
        return tile.id
    }

    func index(ofID id: UInt16) -> Int? {
        let i = Int(id)
        guard i < byID.count, byID[i] >= 0 else { return nil }
        return Int(byID[i])
    }

    /// The largest id in the tileset, or `nil` when it has no tiles.
    public var maximumID: UInt16? { tiles.map(\.id).max() }

    /// A table from tile id to a value, for hot loops (`table[Int(id)]`); ids without a tile
    /// map to `missing`. Covers `0...maximumID`.
    public func lookupTable<T>(missing: T, _ value: (Tile) -> T) -> [T] {
        var table = [T](repeating: missing, count: byID.count)
        for tile in tiles { table[Int(tile.id)] = value(tile) }
        return table
    }

    public static func == (lhs: Tileset, rhs: Tileset) -> Bool {
        lhs.name == rhs.name && lhs.tiles == rhs.tiles && lhs.atlas == rhs.atlas
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(tiles)
        hasher.combine(atlas)
    }
}
