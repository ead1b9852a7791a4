import LoomCore

/// An image in memory: 8-bit RGBA pixels, row-major, four bytes a pixel, no padding.
///
/// This is model data on the CPU (as raylib's `Image`); the playground turns it into a
/// texture on the GPU side. Load and save PNG files with ``load(from:)`` and ``export(to:)``.
public struct RGBAImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// `width × height × 4` bytes: R, G, B, A for each pixel, row by row.
    public var bytes: [UInt8]

    /// An image filled with one colour.
    public init(width: Int, height: Int, fill: RGBA = .clear) {
        precondition(width >= 0 && height >= 0, "an image's size cannot be negative")
        self.width = width
        self.height = height
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        for i in stride(from: 0, to: bytes.count, by: 4) {
            bytes[i] = fill.r
            bytes[i + 1] = fill.g
            bytes[i + 2] = fill.b
            bytes[i + 3] = fill.a
        }
        self.bytes = bytes
    }

    /// An image over existing RGBA bytes; `nil` when the count is not `width × height × 4`.
    public init?(width: Int, height: Int, bytes: [UInt8]) {
        guard width >= 0, height >= 0, bytes.count == width * height * 4 else { return nil }
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// An image with one pixel per grid cell, coloured by `color`.
    public init<T>(_ grid: Grid<T>, color: (T) -> RGBA) {
        self.init(width: grid.width, height: grid.height)
        for i in 0..<grid.count {
            let c = color(grid.cells[i])
            bytes[i * 4] = c.r
            bytes[i * 4 + 1] = c.g
            bytes[i * 4 + 2] = c.b
            bytes[i * 4 + 3] = c.a
        }
    }

    /// The pixel at `(x, y)`; traps outside the image.
    public subscript(x: Int, y: Int) -> RGBA {
        get {
            precondition(
                x >= 0 && y >= 0 && x < width && y < height, "(\(x), \(y)) is outside a \(width)x\(height) image")
            let i = (y * width + x) * 4
            return RGBA(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3])
        }
        set {
            precondition(
                x >= 0 && y >= 0 && x < width && y < height, "(\(x), \(y)) is outside a \(width)x\(height) image")
            let i = (y * width + x) * 4
            bytes[i] = newValue.r
            bytes[i + 1] = newValue.g
            bytes[i + 2] = newValue.b
            bytes[i + 3] = newValue.a
        }
    }

    /// Every pixel as a grid of colours.
    public var pixels: Grid<RGBA> {
        Grid(width: width, height: height, computing: { x, y in self[x, y] })
    }

    /// Fills the rectangle `rect` (clipped to the image) with `color`.
    public mutating func fill(_ rect: Rect, with color: RGBA) {
        guard let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height)) else { return }
        for y in clipped.minY..<clipped.maxY {
            for x in clipped.minX..<clipped.maxX { self[x, y] = color }
        }
    }

    /// Copies `image` onto this one with its top-left corner at `(x, y)`, clipped, alpha ignored.
    public mutating func draw(_ image: RGBAImage, atX x: Int, y: Int) {
        for sy in 0..<image.height where y + sy >= 0 && y + sy < height {
            for sx in 0..<image.width where x + sx >= 0 && x + sx < width {
                self[x + sx, y + sy] = image[sx, sy]
            }
        }
    }

    /// The image scaled up by a whole factor, each pixel becoming a `factor × factor` block.
    public func scaled(by factor: Int) -> RGBAImage {
        precondition(factor >= 1, "a scale factor must be at least 1")
        var result = RGBAImage(width: width * factor, height: height * factor)
        for y in 0..<result.height {
            for x in 0..<result.width { result[x, y] = self[x / factor, y / factor] }
        }
        return result
    }

    /// A stable hash of the size and pixels, for golden tests.
    public var stableHash: UInt64 {
        var hasher = StableHasher()
        hasher.combine(UInt64(width))
        hasher.combine(UInt64(height))
        hasher.combine(bytes)
        return hasher.finalize()
    }
}
