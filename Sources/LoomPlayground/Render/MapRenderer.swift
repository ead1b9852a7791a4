import CLoomSDL
import LoomCore
import LoomImage

/// The GPU side of a ``PreviewMap``: each layer cut into square chunks of textures (so maps
/// larger than a GPU's texture limit still draw), uploaded once per map and drawn clipped to
/// the cells in view.
final class MapRenderer {
    private let canvas: SDLCanvas
    private var layers: [LayerTextures] = []
    /// Cells per side of one texture chunk; GPUs accept at least 2048 and 1024 keeps a
    /// partial upload small.
    static let chunkSize = 1024
    /// How many textures were created since this renderer was made (for tests of caching).
    private(set) var uploadCount = 0

    private struct LayerTextures {
        var chunks: [(rect: Rect, texture: OpaquePointer)]
        var atlas: OpaquePointer?
    }

    init(canvas: SDLCanvas) {
        self.canvas = canvas
    }

    deinit { release() }

    private func release() {
        for layer in layers {
            for chunk in layer.chunks { loom_SDL_DestroyTexture(chunk.texture) }
            if let atlas = layer.atlas { loom_SDL_DestroyTexture(atlas) }
        }
        layers = []
    }

    /// Replaces every texture with ones made from `map`.
    func upload(_ map: PreviewMap) throws {
        release()
        for layer in map.layers {
            let opaque = MapRenderer.isOpaque(layer.image)
            var chunks: [(rect: Rect, texture: OpaquePointer)] = []
            for y in stride(from: 0, to: map.height, by: MapRenderer.chunkSize) {
                for x in stride(from: 0, to: map.width, by: MapRenderer.chunkSize) {
                    let rect = Rect(
                        x: x, y: y, width: min(MapRenderer.chunkSize, map.width - x),
                        height: min(MapRenderer.chunkSize, map.height - y))
                    // Blending costs the software renderer most of a frame; opaque layers need none.
                    chunks.append((rect, try canvas.makeTexture(layer.image, region: rect, opaque: opaque)))
                    uploadCount += 1
                }
            }
            var atlas: OpaquePointer?
            if layer.tiles != nil, let tileset = layer.tileset {
                atlas = try canvas.makeTexture(tileset.atlas)
                uploadCount += 1
            }
            layers.append(LayerTextures(chunks: chunks, atlas: atlas))
        }
    }

    static func isOpaque(_ image: RGBAImage) -> Bool {
        image.bytes.withUnsafeBufferPointer { bytes in
            var i = 3
            while i < bytes.count {
                if bytes[i] != 255 { return false }
                i += 4
            }
            return true
        }
    }

    /// Draws the layers of `map` whose `visibility` is true through `camera`.
    func draw(_ map: PreviewMap, visibility: [Bool], camera: Camera, view: Size) {
        guard let visible = camera.visibleCells(mapWidth: map.width, mapHeight: map.height, view: view) else { return }
        for (index, layer) in map.layers.enumerated() where index < layers.count && visibility[index] {
            if let tiles = layer.tiles, let tileset = layer.tileset, let atlas = layers[index].atlas,
                camera.zoom >= tileset.minimumCellPixels
            {
                drawTiles(tiles, tileset: tileset, atlas: atlas, cells: visible, camera: camera)
                continue
            }
            for chunk in layers[index].chunks {
                guard let part = chunk.rect.intersection(visible) else { continue }
                let source = Rect(
                    x: part.x - chunk.rect.x, y: part.y - chunk.rect.y, width: part.width, height: part.height)
                canvas.copy(chunk.texture, source: source, target: camera.screenRect(part))
            }
        }
    }

    private func drawTiles(
        _ tiles: Grid<Int32>, tileset: PreviewTileset, atlas: OpaquePointer, cells: Rect, camera: Camera
    ) {
        let count = tileset.count, columns = tileset.columns, size = tileset.tileSize
        for y in cells.minY..<cells.maxY {
            for x in cells.minX..<cells.maxX {
                let tile = Int(tiles[x, y])
                guard tile >= 0, tile < count else { continue }
                let source = Rect(x: tile % columns * size, y: tile / columns * size, width: size, height: size)
                canvas.copy(atlas, source: source, target: camera.screenRect(Rect(x: x, y: y, width: 1, height: 1)))
            }
        }
    }
}
