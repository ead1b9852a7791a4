import Foundation
import LoomCore
import LoomImage

extension TiledRules {
    /// The most pixels one tile image may have: 65,536 (256×256).
    public static let maximumTilePixels = 1 << 16

    /// One image per variant, loaded from `folder`: `name.png` turned and mirrored as the
    /// variant says, or `name k.png` for every variant `k` when `unique` is set. All images must
    /// be square and the same size (`tileSize` when given). Errors name the missing,
    /// unreadable, oversized or mismatched file; a tile name that leads out of `folder` (a `/`,
    /// `..`, or a symlink pointing outside) is refused before anything is read.
    public func loadImages(folder: String, unique: Bool = false, tileSize: Int? = nil) throws -> [RGBAImage] {
        var images: [RGBAImage] = []
        images.reserveCapacity(patternCount)
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let load = { (name: String) throws -> RGBAImage in
            let path = "\(folder)/\(name).png"
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard !name.contains("/"), name != "..", resolved.hasPrefix(root + "/") else {
                throw LoomError(
                    .format, "the image of tile '\(name)' would be read from outside the tileset's folder",
                    at: SourceLocation(file: path))
            }
            return try SampleImage.load(from: path, maximumPixels: Self.maximumTilePixels)
        }
        for (index, tile) in tiles.enumerated() {
            let first = firstVariant[index]
            let end = index + 1 < firstVariant.count ? firstVariant[index + 1] : patternCount
            if unique {
                for k in 0..<(end - first) {
                    images.append(try load("\(tile.name) \(k)"))
                }
                continue
            }
            let base = try load(tile.name)
            for v in first..<end {
                let turn = variantTurn[v]
                var image = turn >= 4 ? base.mirroredLeftRight() : base
                for _ in 0..<(turn % 4) { image = image.turnedCounterClockwise() }
                images.append(image)
            }
        }
        guard let first = images.first else { return images }
        let size = tileSize ?? first.width
        for (v, image) in images.enumerated() where image.width != size || image.height != size {
            let reason = tileSize != nil ? "the tileset's tileSize is \(size)" : "the first tile's is \(size)x\(size)"
            throw LoomError(
                .format,
                "the image of '\(variantName(v))' is \(image.width)x\(image.height), but \(reason); every tile "
                    + "image must be the same square size",
                at: SourceLocation(file: "\(folder)/\(tiles[variantTile[v]].name).png"))
        }
        return images
    }

    /// Draws a grid of variants with one image per variant (from ``loadImages(folder:unique:tileSize:)``).
    public func render(_ variants: Grid<Int>, images: [RGBAImage]) -> RGBAImage {
        let size = images.first?.width ?? 1
        var canvas = RGBAImage(width: variants.width * size, height: variants.height * size, fill: .black)
        for y in 0..<variants.height {
            for x in 0..<variants.width {
                let v = variants[x, y]
                if v >= 0 && v < images.count { canvas.draw(images[v], atX: x * size, y: y * size) }
            }
        }
        return canvas
    }
}

extension RGBAImage {
    /// The image turned a quarter turn counter-clockwise (as seen on screen, `y` down).
    func turnedCounterClockwise() -> RGBAImage {
        var bytes = [UInt8](repeating: 0, count: self.bytes.count)
        // Pixel (x, y) of the result comes from (width − 1 − y, x) of the source.
        for y in 0..<width {
            for x in 0..<height {
                let source = ((x * width) + (width - 1 - y)) * 4
                let target = (y * height + x) * 4
                for c in 0..<4 { bytes[target + c] = self.bytes[source + c] }
            }
        }
        return RGBAImage(width: height, height: width, bytes: bytes)!
    }

    /// The image mirrored left-right.
    func mirroredLeftRight() -> RGBAImage {
        var bytes = self.bytes
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + (width - 1 - x)) * 4
                for c in 0..<4 { bytes[(y * width + x) * 4 + c] = self.bytes[source + c] }
            }
        }
        return RGBAImage(width: width, height: height, bytes: bytes)!
    }
}
