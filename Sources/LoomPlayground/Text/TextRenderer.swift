import CLoomSDL
import LoomCore
import LoomImage

/// Draws text into a canvas: with SDL2_ttf when it loads and the font file opens, else with
/// ``BitmapFont`` at twice its pixel size. Rendered strings are cached as textures.
final class TextRenderer {
    private let canvas: SDLCanvas
    private var font: OpaquePointer?
    private var bitmapAtlas: OpaquePointer?
    private var cache: [CacheKey: CachedText] = [:]
    private let bitmapScale = 2
    /// Pixels from one line's top to the next.
    let lineHeight: Int
    /// Whether a TrueType font is in use (else the bitmap font).
    var usesTrueType: Bool { font != nil }

    private struct CacheKey: Hashable {
        var text: String
        var color: UInt32
    }

    private struct CachedText {
        var texture: OpaquePointer
        var width: Int
        var height: Int
    }

    /// The cache is dropped whole when it grows past this many strings: the HUD changes text
    /// every frame, and clearing is cheaper than tracking use.
    private static let cacheLimit = 512

    /// A renderer using the TrueType font at `fontPath` (size `pointSize`), or the bitmap
    /// font when `fontPath` is `nil` or cannot be opened.
    init(canvas: SDLCanvas, fontPath: String?, pointSize: Int) throws {
        self.canvas = canvas
        // Without SDL2_ttf the bitmap font draws, as when the font file is missing.
        if let fontPath, loom_sdl_load(Int32(LOOM_SDL_TTF)) == nil, loom_TTF_Init() == 0 {
            font = loom_TTF_OpenFont(fontPath, Int32(pointSize))
            if font == nil { loom_TTF_Quit() }
        }
        if let font {
            lineHeight = Int(loom_TTF_FontLineSkip(font))
        } else {
            lineHeight = BitmapFont.cellHeight * bitmapScale + 2
            let atlas = try canvas.makeTexture(BitmapFont.atlas())
            bitmapAtlas = atlas
        }
    }

    deinit {
        clearCache()
        if let bitmapAtlas { loom_SDL_DestroyTexture(bitmapAtlas) }
        if let font {
            loom_TTF_CloseFont(font)
            loom_TTF_Quit()
        }
    }

    func clearCache() {
        for entry in cache.values { loom_SDL_DestroyTexture(entry.texture) }
        cache.removeAll()
    }

    /// The width and height `text` takes on one line.
    func measure(_ text: String) -> Size {
        if font != nil {
            guard let entry = cached(text, .white) else { return Size(width: 0, height: lineHeight) }
            return Size(width: entry.width, height: entry.height)
        }
        return Size(width: text.unicodeScalars.count * BitmapFont.cellWidth * bitmapScale, height: lineHeight)
    }

    /// Draws `text` on one line with its top-left corner at `(x, y)`; returns its width.
    @discardableResult
    func draw(_ text: String, x: Int, y: Int, color: RGBA) -> Int {
        guard !text.isEmpty else { return 0 }
        if font != nil {
            guard let entry = cached(text, color) else { return 0 }
            canvas.copy(entry.texture, source: nil, target: Rect(x: x, y: y, width: entry.width, height: entry.height))
            return entry.width
        }
        guard let atlas = bitmapAtlas else { return 0 }
        loom_SDL_SetTextureColorMod(atlas, color.r, color.g, color.b)
        loom_SDL_SetTextureAlphaMod(atlas, color.a)
        let w = BitmapFont.cellWidth, h = BitmapFont.cellHeight
        var penX = x
        for scalar in text.unicodeScalars {
            if scalar != " " {
                let source = Rect(x: BitmapFont.cell(for: scalar) * w, y: 0, width: w, height: h)
                canvas.copy(
                    atlas, source: source,
                    target: Rect(x: penX, y: y + 1, width: w * bitmapScale, height: h * bitmapScale))
            }
            penX += w * bitmapScale
        }
        return penX - x
    }

    private func cached(_ text: String, _ color: RGBA) -> CachedText? {
        let key = CacheKey(text: text, color: color.packed)
        if let hit = cache[key] { return hit }
        guard let font, !text.isEmpty else { return nil }
        if cache.count >= TextRenderer.cacheLimit { clearCache() }
        let sdlColor = SDL_Color(r: color.r, g: color.g, b: color.b, a: color.a)
        guard let surface = loom_TTF_RenderUTF8_Blended(font, text, sdlColor) else { return nil }
        defer { loom_SDL_FreeSurface(surface) }
        guard let texture = loom_SDL_CreateTextureFromSurface(canvas.renderer, surface) else { return nil }
        loom_SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND)
        let entry = CachedText(texture: texture, width: Int(surface.pointee.w), height: Int(surface.pointee.h))
        cache[key] = entry
        return entry
    }
}
