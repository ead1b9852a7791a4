import LoomCore

/// A generated map: named layers of tile ids, named layers of numbers, annotations and the
/// tileset the ids refer to. Model data on the CPU; export it, render it or hand it to a game.
///
/// Every layer has the map's size. Tile layers hold `UInt16` ids from ``tileset``; float
/// layers hold per-cell values such as `height`, `moisture` or `temperature`. Layers keep the
/// order they were added in, which is also the drawing order of a Tiled export.
///
/// ```swift
/// var map = TileMap(width: 40, height: 20, tileset: .standard)
/// map.setTiles(Grid(width: 40, height: 20, repeating: 1), named: "ground")
/// map.annotations.append(Annotation(kind: .place, name: "spawn", points: [Point(x: 3, y: 4)]))
/// print(map.ascii(layer: "ground"))
/// ```
public struct TileMap: Hashable, Sendable {
    /// A tile layer: a name and a grid of tile ids.
    public struct TileLayer: Hashable, Sendable {
        /// The layer's name, unique among the map's tile layers.
        public var name: String
        /// The tile ids, one per cell.
        public var tiles: Grid<UInt16>

        /// A layer called `name` holding `tiles`.
        public init(name: String, tiles: Grid<UInt16>) {
            self.name = name
            self.tiles = tiles
        }
    }

    /// A float layer: a name and a grid of values.
    public struct FloatLayer: Hashable, Sendable {
        /// The layer's name, unique among the map's float layers.
        public var name: String
        /// The values, one per cell.
        public var values: Grid<Float>

        /// A layer called `name` holding `values`.
        public init(name: String, values: Grid<Float>) {
            self.name = name
            self.values = values
        }
    }

    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// The tiles the layers' ids refer to.
    public var tileset: Tileset
    /// Tile layers in drawing order (bottom first).
    public private(set) var tileLayers: [TileLayer] = []
    /// Float layers in the order they were added.
    public private(set) var floatLayers: [FloatLayer] = []
    /// Rooms, doors, corridors, regions and places, in the order they were recorded.
    public var annotations: [Annotation] = []
    /// Map-wide key/values, such as the generator and seed that made the map.
    public var properties: [String: PropertyValue] = [:]

    /// An empty map with no layers. `width` and `height` must not be negative.
    public init(width: Int, height: Int, tileset: Tileset = .standard) {
        precondition(width >= 0 && height >= 0, "a map's size cannot be negative")
        self.width = width
        self.height = height
        self.tileset = tileset
    }

    /// The map's size.
    public var size: Size { Size(width: width, height: height) }

    /// The name of the first tile layer, or `nil` when there is none.
    public var mainLayerName: String? { tileLayers.first?.name }

    /// The tile layer called `name`, or `nil`.
    public func tiles(_ name: String) -> Grid<UInt16>? {
        tileLayers.first { $0.name == name }?.tiles
    }

    /// The float layer called `name`, or `nil`.
    public func values(_ name: String) -> Grid<Float>? {
        floatLayers.first { $0.name == name }?.values
    }

    /// Sets the tile layer called `name`, replacing one of that name in place or adding it on
    /// top. The grid must have the map's size.
    public mutating func setTiles(_ tiles: Grid<UInt16>, named name: String) {
        precondition(tiles.width == width && tiles.height == height, "a \(tiles.size) layer on a \(size) map")
        if let index = tileLayers.firstIndex(where: { $0.name == name }) {
            tileLayers[index].tiles = tiles
        } else {
            tileLayers.append(TileLayer(name: name, tiles: tiles))
        }
    }

    /// Sets the float layer called `name`, as ``setTiles(_:named:)``.
    public mutating func setValues(_ values: Grid<Float>, named name: String) {
        precondition(values.width == width && values.height == height, "a \(values.size) layer on a \(size) map")
        if let index = floatLayers.firstIndex(where: { $0.name == name }) {
            floatLayers[index].values = values
        } else {
            floatLayers.append(FloatLayer(name: name, values: values))
        }
    }

    /// Removes the tile or float layers called `name`.
    public mutating func removeLayer(named name: String) {
        tileLayers.removeAll { $0.name == name }
        floatLayers.removeAll { $0.name == name }
    }

    /// The annotations of one kind, in order.
    public func annotations(of kind: Annotation.Kind) -> [Annotation] {
        annotations.filter { $0.kind == kind }
    }

    /// Which cells of the tile layer `layer` (default: the first) are walkable in the tileset.
    public func walkable(layer: String? = nil) -> Grid<Bool> {
        let name = layer ?? mainLayerName
        guard let name, let tiles = tiles(name) else {
            return Grid(width: width, height: height, repeating: false)
        }
        let table = tileset.lookupTable(missing: false) { $0.isWalkable }
        return tiles.mapped { Int($0) < table.count ? table[Int($0)] : false }
    }

    /// A stable hash of every layer, annotation and property, for golden tests.
    public var stableHash: UInt64 {
        var hasher = StableHasher()
        hasher.combine(UInt64(width))
        hasher.combine(UInt64(height))
        for layer in tileLayers {
            hasher.combine(layer.name)
            hasher.combine(layer.tiles.cells)
        }
        for layer in floatLayers {
            hasher.combine(layer.name)
            hasher.combine(layer.values.cells)
        }
        for annotation in annotations {
            hasher.combine(annotation.kind.rawValue)
            hasher.combine(annotation.name)
            if let rect = annotation.rect {
                hasher.combine([rect.x, rect.y, rect.width, rect.height].map(Int64.init))
            }
            hasher.combine(annotation.points.flatMap { [Int64($0.x), Int64($0.y)] })
            for key in annotation.properties.keys.sorted() {
                hasher.combine(key)
                hasher.combine(annotation.properties[key]!.description)
            }
        }
        for key in properties.keys.sorted() {
            hasher.combine(key)
            hasher.combine(properties[key]!.description)
        }
        return hasher.finalize()
    }
}
