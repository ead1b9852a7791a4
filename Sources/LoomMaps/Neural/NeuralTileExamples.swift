import LoomCore
import LoomImage

/// Example maps as grids of tile ids `0..<vocabulary`, with the colour of each id.
///
/// Built from PNG samples (each distinct colour becomes a tile id, in order of first
/// appearance, scanning the images in the order given) or from `TileMap` layers.
public struct NeuralTileExamples: Sendable, Hashable {
    /// The maps, tile ids below ``vocabulary``.
    public var maps: [Grid<UInt16>]
    /// The colour of each tile id; its count is the vocabulary.
    public var palette: [RGBA]

    /// The most tile kinds a model handles; more distinct colours means the image is not a tile map.
    public static let maximumVocabulary = 256

    /// Number of tile kinds.
    public var vocabulary: Int { palette.count }

    /// Examples from grids already holding ids below `palette.count`.
    public init(maps: [Grid<UInt16>], palette: [RGBA]) throws {
        guard !maps.isEmpty else { throw LoomError(.invalidArgument, "no example maps given") }
        guard (1...Self.maximumVocabulary).contains(palette.count) else {
            throw LoomError(.invalidArgument, "a tile model needs 1 to \(Self.maximumVocabulary) tile kinds")
        }
        for (index, map) in maps.enumerated() {
            if let bad = map.cells.first(where: { Int($0) >= palette.count }) {
                throw LoomError(
                    .invalidArgument, "example \(index + 1) holds tile id \(bad), vocabulary is \(palette.count)")
            }
        }
        self.maps = maps
        self.palette = palette
    }

    /// Examples from images: each distinct colour is one tile kind (at most 256).
    ///
    /// - Parameters:
    ///   - images: the example maps, one pixel per cell.
    ///   - names: the images' names for error messages, in order.
    public init(images: [RGBAImage], names: [String]? = nil) throws {
        var palette: [RGBA] = []
        var ids: [RGBA: UInt16] = [:]
        var maps: [Grid<UInt16>] = []
        for (index, image) in images.enumerated() {
            let pixels = image.pixels
            var cells = [UInt16](repeating: 0, count: pixels.count)
            for (i, colour) in pixels.cells.enumerated() {
                if let id = ids[colour] {
                    cells[i] = id
                } else {
                    guard palette.count < Self.maximumVocabulary else {
                        let name = names?[index] ?? "image \(index + 1)"
                        throw LoomError(
                            .invalidArgument,
                            "\(name) has more than \(Self.maximumVocabulary) distinct colours; a tile-map "
                                + "example uses one colour per tile kind")
                    }
                    ids[colour] = UInt16(palette.count)
                    cells[i] = UInt16(palette.count)
                    palette.append(colour)
                }
            }
            maps.append(Grid(width: pixels.width, height: pixels.height, cells: cells)!)
        }
        try self.init(maps: maps, palette: palette)
    }

    /// Examples from PNG files.
    public init(pngPaths: [String]) throws {
        try self.init(images: pngPaths.map { try SampleImage.load(from: $0) }, names: pngPaths)
    }

    /// Examples from one tile layer of each map; tile ids are renumbered densely and each
    /// kind is its tileset colour (tiles sharing a colour become one kind).
    ///
    /// - Parameters:
    ///   - tileMaps: the example maps.
    ///   - layer: the layer name; `nil` (default) uses each map's main layer.
    public init(tileMaps: [TileMap], layer: String? = nil) throws {
        var images: [RGBAImage] = []
        for (index, map) in tileMaps.enumerated() {
            guard let name = layer ?? map.mainLayerName, let tiles = map.tiles(name) else {
                throw LoomError(.invalidArgument, "map \(index + 1) has no tile layer \(layer ?? "")")
            }
            let colours = map.tileset.lookupTable(missing: RGBA.clear) { $0.color }
            images.append(RGBAImage(tiles) { Int($0) < colours.count ? colours[Int($0)] : .clear })
        }
        try self.init(images: images)
    }

    /// Cells in all examples.
    public var cellCount: Int { maps.reduce(0) { $0 + $1.count } }

    /// The share of each tile kind over all examples.
    public var distribution: [Double] {
        let shares = MapMetrics.tileDistribution(intMaps)
        return (0..<vocabulary).map { shares[$0] ?? 0 }
    }

    /// The maps with `Int` tile ids, as ``MapMetrics`` and the Markov model take them.
    public var intMaps: [Grid<Int>] { maps.map { $0.map { Int($0) } } }

    /// An image of `tiles` in the examples' colours.
    public func image(of tiles: Grid<UInt16>) -> RGBAImage {
        RGBAImage(tiles) { Int($0) < palette.count ? palette[Int($0)] : .clear }
    }
}
