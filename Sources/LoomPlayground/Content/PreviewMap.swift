import LoomCore
import LoomImage

/// One generated map as the playground shows it: named colour layers over the same cells,
/// which cells the player may walk on, and what to say about a cell under the mouse.
///
/// This is model data on the CPU; the playground keeps the GPU side (one texture per layer)
/// and re-uploads a layer only when a new map replaces it. Every layer has the map's size.
public struct PreviewMap: Sendable {
    /// Width in cells.
    public let width: Int
    /// Height in cells.
    public let height: Int
    /// Layers bottom to top; each has one pixel per cell and is blended over those below.
    public var layers: [PreviewLayer]
    /// Cells the player marker may enter; `nil` means every cell.
    public var walkable: Grid<Bool>?
    /// Where the player marker starts; default: the first walkable cell nearest the centre.
    public var start: Point?
    /// Lines of text describing a cell (tile name, layer values, region or place); the default
    /// lists each visible layer's colour. Called on the render thread, so keep it cheap.
    public var hoverInfo: @Sendable (Point) -> [String]

    /// A map from layers that all have the same size; `nil` when `layers` is empty or the
    /// sizes differ.
    public init?(
        layers: [PreviewLayer], walkable: Grid<Bool>? = nil, start: Point? = nil,
        hoverInfo: (@Sendable (Point) -> [String])? = nil
    ) {
        guard let first = layers.first else { return nil }
        let width = first.image.width, height = first.image.height
        guard layers.allSatisfy({ $0.image.width == width && $0.image.height == height }) else { return nil }
        if let walkable, walkable.width != width || walkable.height != height { return nil }
        self.width = width
        self.height = height
        self.layers = layers
        self.walkable = walkable
        self.start = start
        let names = layers.map(\.name), images = layers.map(\.image)
        self.hoverInfo =
            hoverInfo ?? { cell in
                zip(names, images).map { name, image in "\(name): \(image[cell.x, cell.y].hex)" }
            }
    }

    /// A single-layer map from one image, every cell walkable.
    public init(image: RGBAImage, layerName: String = "map") {
        self.init(layers: [PreviewLayer(name: layerName, image: image)])!
    }

    /// Whether the player may stand on `cell` (inside the map and walkable).
    public func isWalkable(_ cell: Point) -> Bool {
        guard cell.x >= 0, cell.y >= 0, cell.x < width, cell.y < height else { return false }
        return walkable?[cell.x, cell.y] ?? true
    }

    /// The start cell: ``start`` when walkable, else the walkable cell nearest the centre
    /// (ties broken by row, then column), else the centre.
    public var startCell: Point {
        if let start, isWalkable(start) { return start }
        let centre = Point(x: width / 2, y: height / 2)
        guard let walkable else { return centre }
        var best: Point?
        var bestDistance = Int.max
        for y in 0..<height {
            for x in 0..<width where walkable[x, y] {
                let d = (x - centre.x) * (x - centre.x) + (y - centre.y) * (y - centre.y)
                if d < bestDistance {
                    bestDistance = d
                    best = Point(x: x, y: y)
                }
            }
        }
        return best ?? centre
    }

    /// The visible layers blended bottom to top into one image (one pixel per cell), as the
    /// `P` key exports it.
    public func composite(visibility: [Bool]? = nil) -> RGBAImage {
        var result = RGBAImage(width: width, height: height, fill: .black)
        for (index, layer) in layers.enumerated() where visibility?[index] ?? true {
            result.bytes.withUnsafeMutableBufferPointer { target in
                layer.image.bytes.withUnsafeBufferPointer { source in
                    for i in stride(from: 0, to: source.count, by: 4) {
                        let alpha = UInt32(source[i + 3])
                        if alpha == 0 { continue }
                        for c in 0..<3 {
                            let blended = (UInt32(source[i + c]) * alpha + UInt32(target[i + c]) * (255 - alpha)) / 255
                            target[i + c] = UInt8(blended)
                        }
                    }
                }
            }
        }
        return result
    }
}

/// One named layer of a ``PreviewMap``: a colour per cell, and optionally a tile per cell.
public struct PreviewLayer: Sendable {
    /// Shown in the layer panel and the hover box.
    public var name: String
    /// One pixel per cell; transparent pixels show the layers below.
    public var image: RGBAImage
    /// Whether the layer starts visible. Default: `true`.
    public var isVisible: Bool
    /// Tile indices into ``tileset`` per cell (a negative index draws nothing); when both are
    /// set and cells are at least ``PreviewTileset/minimumCellPixels`` wide on screen, the
    /// tiles are drawn from the atlas instead of the flat colours.
    public var tiles: Grid<Int32>?
    /// The atlas ``tiles`` index into.
    public var tileset: PreviewTileset?

    /// A layer; `tiles` and `tileset` are optional.
    public init(
        name: String, image: RGBAImage, isVisible: Bool = true, tiles: Grid<Int32>? = nil,
        tileset: PreviewTileset? = nil
    ) {
        self.name = name
        self.image = image
        self.isVisible = isVisible
        self.tiles = tiles
        self.tileset = tileset
    }
}

/// A tileset atlas: square tiles of `tileSize` pixels laid out in rows, numbered row by row.
public struct PreviewTileset: Sendable {
    /// The atlas image.
    public var atlas: RGBAImage
    /// Tile width and height in pixels, at least 1.
    public var tileSize: Int
    /// Cells narrower than this on screen (in pixels) are drawn as flat colours. Default: 8.
    public var minimumCellPixels: Double

    /// A tileset over `atlas`.
    public init(atlas: RGBAImage, tileSize: Int, minimumCellPixels: Double = 8) {
        self.atlas = atlas
        self.tileSize = max(1, tileSize)
        self.minimumCellPixels = minimumCellPixels
    }

    /// Tiles per atlas row.
    public var columns: Int { max(1, atlas.width / tileSize) }

    /// The number of whole tiles in the atlas.
    public var count: Int { columns * (atlas.height / tileSize) }
}
