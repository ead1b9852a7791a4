import LoomCore
import LoomMaps

/// How a played map differs from the map its seed generated: what a world save keeps of the
/// map, so that a save holds the story's edits (a founded town, an opened vault) without the
/// whole map.
///
/// ```swift
/// let diff = WorldMapDiff(from: generated.map, to: session.tileMap)
/// let restored = try diff.apply(to: generated.map)   // == session.tileMap
/// ```
public struct WorldMapDiff: Hashable, Sendable, Codable {
    /// One cell that changed: its position and new value.
    public struct Cell<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
        /// Column.
        public var x: Int
        /// Row.
        public var y: Int
        /// The new value.
        public var value: Value
    }

    /// A layer of the played map: the cells that differ from the generated layer of the same
    /// name, or every cell when the generated map has no such layer.
    public struct Layer<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
        /// The layer's name.
        public var name: String
        /// Cells that changed, in row-major order (when ``cells`` is `nil`).
        public var changes: [Cell<Value>]
        /// Every cell, row-major, for a layer the generated map does not have; `nil` otherwise.
        public var cells: [Value]?
    }

    /// An annotation of the played map that differs from the generated one at its index.
    ///
    /// Its properties are written as ``WorldSavedValue``s, so `2.0` comes back a double and `2`
    /// an integer.
    public struct AnnotationChange: Hashable, Sendable, Codable {
        /// The index in the played map's annotations.
        public var index: Int
        /// The annotation there.
        public var annotation: Annotation

        /// A change at `index`.
        public init(index: Int, annotation: Annotation) {
            self.index = index
            self.annotation = annotation
        }

        private enum CodingKeys: String, CodingKey { case index, kind, name, rect, points, properties }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decode(Int.self, forKey: .index)
            var properties: [String: PropertyValue] = [:]
            for (key, value) in try container.decode([String: WorldSavedValue].self, forKey: .properties) {
                switch value {
                case .integer(let number): properties[key] = .int(number)
                case .float(let number): properties[key] = .double(number)
                case .string(let text): properties[key] = .string(text)
                case .boolean(let flag): properties[key] = .bool(flag)
                case .table:
                    throw DecodingError.dataCorruptedError(
                        forKey: .properties, in: container, debugDescription: "an annotation property is not a table")
                }
            }
            annotation = Annotation(
                kind: Annotation.Kind(try container.decode(String.self, forKey: .kind)),
                name: try container.decode(String.self, forKey: .name),
                rect: try container.decodeIfPresent(Rect.self, forKey: .rect),
                points: try container.decode([Point].self, forKey: .points), properties: properties)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(annotation.kind.rawValue, forKey: .kind)
            try container.encode(annotation.name, forKey: .name)
            try container.encodeIfPresent(annotation.rect, forKey: .rect)
            try container.encode(annotation.points, forKey: .points)
            var properties: [String: WorldSavedValue] = [:]
            for (key, value) in annotation.properties {
                switch value {
                case .int(let number): properties[key] = .integer(number)
                case .double(let number): properties[key] = .float(number)
                case .string(let text): properties[key] = .string(text)
                case .bool(let flag): properties[key] = .boolean(flag)
                }
            }
            try container.encode(properties, forKey: .properties)
        }
    }

    /// The played map's tile layers, in order.
    public var tileLayers: [Layer<UInt16>]
    /// The played map's float layers, in order; values as their IEEE 754 bits, so they come
    /// back exactly.
    public var floatLayers: [Layer<UInt32>]
    /// How many annotations the played map has.
    public var annotationCount: Int
    /// The annotations that differ from the generated map's at the same index (every one past
    /// the generated map's count among them).
    public var annotations: [AnnotationChange]
    /// The map-wide properties, when they changed; `nil` when they are the generated ones.
    /// (Map-wide properties are Tiled metadata; a double with a whole value comes back an integer.)
    public var properties: [String: PropertyValue]?

    /// The difference that turns `generated` into `played` (maps of one size and tileset).
    public init(from generated: TileMap, to played: TileMap) {
        tileLayers = played.tileLayers.map { layer in
            Self.layer(layer.name, layer.tiles, base: generated.tiles(layer.name)) { $0 }
        }
        floatLayers = played.floatLayers.map { layer in
            Self.layer(layer.name, layer.values, base: generated.values(layer.name)) { $0.bitPattern }
        }
        annotationCount = played.annotations.count
        annotations = played.annotations.enumerated().compactMap { index, annotation in
            index < generated.annotations.count && generated.annotations[index] == annotation
                ? nil : AnnotationChange(index: index, annotation: annotation)
        }
        properties = played.properties == generated.properties ? nil : played.properties
    }

    /// Whether no cell, annotation or map property changed and no layer was added (a layer
    /// removed or annotations dropped from the end are changes this does not see).
    public var changesNothing: Bool {
        tileLayers.allSatisfy { $0.changes.isEmpty && $0.cells == nil }
            && floatLayers.allSatisfy { $0.changes.isEmpty && $0.cells == nil } && annotations.isEmpty
            && properties == nil
    }

    private static func layer<Element: Equatable, Value>(
        _ name: String, _ grid: Grid<Element>, base: Grid<Element>?, _ convert: (Element) -> Value
    ) -> Layer<Value> {
        guard let base else { return Layer(name: name, changes: [], cells: grid.cells.map(convert)) }
        var changes: [Cell<Value>] = []
        for index in grid.cells.indices where grid.cells[index] != base.cells[index] {
            changes.append(Cell(x: index % grid.width, y: index / grid.width, value: convert(grid.cells[index])))
        }
        return Layer(name: name, changes: changes, cells: nil)
    }

    /// The played map: `generated` with the differences applied.
    /// - Throws: a `.format` error when the diff does not fit `generated` (a cell outside the
    ///   map, a layer of the wrong size, a gap in the annotations).
    public func apply(to generated: TileMap) throws -> TileMap {
        var map = TileMap(width: generated.width, height: generated.height, tileset: generated.tileset)
        for layer in tileLayers {
            map.setTiles(
                try Self.grid(layer, base: generated.tiles(layer.name), size: map.size) { $0 }, named: layer.name)
        }
        for layer in floatLayers {
            let grid = try Self.grid(layer, base: generated.values(layer.name), size: map.size) {
                Float(bitPattern: $0)
            }
            map.setValues(grid, named: layer.name)
        }
        guard annotationCount >= 0 else { throw Self.corrupt("a negative annotation count") }
        var annotations = Array(generated.annotations.prefix(annotationCount))
        var missing = Set(annotations.count..<annotationCount)
        annotations += Array(repeating: Annotation(kind: .place, name: ""), count: annotationCount - annotations.count)
        for change in self.annotations {
            guard annotations.indices.contains(change.index) else {
                throw Self.corrupt("annotation \(change.index) of \(annotationCount)")
            }
            annotations[change.index] = change.annotation
            missing.remove(change.index)
        }
        if let gap = missing.min() { throw Self.corrupt("no annotation \(gap)") }
        map.annotations = annotations
        map.properties = properties ?? generated.properties
        return map
    }

    private static func grid<Element, Value>(
        _ layer: Layer<Value>, base: Grid<Element>?, size: Size, _ convert: (Value) -> Element
    ) throws -> Grid<Element> {
        if let cells = layer.cells {
            guard let grid = Grid(width: size.width, height: size.height, cells: cells.map(convert)) else {
                throw corrupt("layer '\(layer.name)' with \(cells.count) cells on a \(size.width)x\(size.height) map")
            }
            return grid
        }
        guard var grid = base else { throw corrupt("changes to a layer '\(layer.name)' the map does not have") }
        for change in layer.changes {
            guard change.x >= 0, change.y >= 0, change.x < size.width, change.y < size.height else {
                throw corrupt("cell (\(change.x), \(change.y)) of layer '\(layer.name)', outside the map")
            }
            grid.cells[change.y * size.width + change.x] = convert(change.value)
        }
        return grid
    }

    private static func corrupt(_ what: String) -> LoomError {
        LoomError(.format, "the world save's map edits do not fit the generated map: \(what)")
    }
}
