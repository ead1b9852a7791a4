import LoomCore

// The JSON form: size, tileset, layers as flat row-major arrays, annotations, properties.
extension TileMap: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, width, height, tileset, tileLayers, floatLayers, annotations, properties
    }

    private struct EncodedLayer<Element: Codable>: Codable {
        var name: String
        var data: [Element]
    }

    /// The version of the JSON form written by this build.
    public static let formatVersion = 1

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decodeIfPresent(Int.self, forKey: .format) ?? 1
        guard format <= Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container,
                debugDescription: "map format \(format) is newer than this build reads (\(Self.formatVersion))")
        }
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        guard width >= 0, height >= 0, width <= 1 << 16, height <= 1 << 16 else {
            throw DecodingError.dataCorruptedError(
                forKey: .width, in: container, debugDescription: "a map's size must be within 0...65536")
        }
        self.init(width: width, height: height, tileset: try container.decode(Tileset.self, forKey: .tileset))
        for layer in try container.decodeIfPresent([EncodedLayer<UInt16>].self, forKey: .tileLayers) ?? [] {
            guard let grid = Grid(width: width, height: height, cells: layer.data) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tileLayers, in: container,
                    debugDescription: "layer '\(layer.name)' has \(layer.data.count) cells, expected \(width * height)")
            }
            setTiles(grid, named: layer.name)
        }
        for layer in try container.decodeIfPresent([EncodedLayer<Float>].self, forKey: .floatLayers) ?? [] {
            guard let grid = Grid(width: width, height: height, cells: layer.data) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .floatLayers, in: container,
                    debugDescription: "layer '\(layer.name)' has \(layer.data.count) cells, expected \(width * height)")
            }
            setValues(grid, named: layer.name)
        }
        annotations = try container.decodeIfPresent([Annotation].self, forKey: .annotations) ?? []
        properties = try container.decodeIfPresent([String: PropertyValue].self, forKey: .properties) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .format)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(tileset, forKey: .tileset)
        try container.encode(tileLayers.map { EncodedLayer(name: $0.name, data: $0.tiles.cells) }, forKey: .tileLayers)
        try container.encode(
            floatLayers.map { EncodedLayer(name: $0.name, data: $0.values.cells) }, forKey: .floatLayers)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(properties, forKey: .properties)
    }
}
