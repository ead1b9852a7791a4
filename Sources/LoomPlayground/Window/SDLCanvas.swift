import CLoomSDL
import LoomCore
import LoomImage

/// The SDL side of a playground: one window, its renderer, and small drawing helpers.
///
/// Owns SDL's video subsystem for its lifetime (SDL counts `SDL_InitSubSystem` calls, so
/// several canvases may live one after another). Nothing outside this module sees a pointer.
final class SDLCanvas {
    let window: OpaquePointer
    let renderer: OpaquePointer
    /// Whether the software renderer draws (always in headless mode).
    let isSoftware: Bool

    /// Opens a window of `width × height` pixels titled `title`. `software` picks SDL's
    /// software renderer; `hidden` keeps the window off screen (headless runs).
    init(title: String, width: Int, height: Int, software: Bool, hidden: Bool, vsync: Bool) throws {
        if let missing = loom_sdl_load(Int32(LOOM_SDL_CORE)) {
            throw LoomError(.library, String(cString: missing))
        }
        guard loom_SDL_InitSubSystem(SDL_INIT_VIDEO) == 0 else {
            throw LoomError(.runtime, "cannot start SDL video: \(SDLCanvas.lastError)")
        }
        // No high-DPI flag: mouse coordinates and drawing then share one pixel grid.
        var flags = SDL_WINDOW_RESIZABLE.rawValue
        flags |= hidden ? SDL_WINDOW_HIDDEN.rawValue : SDL_WINDOW_SHOWN.rawValue
        let position = Int32(bitPattern: loom_sdl_window_pos_centered())
        guard
            let window = loom_SDL_CreateWindow(
                title, position, position, Int32(max(1, width)), Int32(max(1, height)), flags)
        else {
            let reason = SDLCanvas.lastError
            loom_SDL_QuitSubSystem(SDL_INIT_VIDEO)
            throw LoomError(.runtime, "cannot open a \(width)x\(height) window: \(reason)")
        }
        var rendererFlags = software ? SDL_RENDERER_SOFTWARE.rawValue : SDL_RENDERER_ACCELERATED.rawValue
        if vsync && !software { rendererFlags |= SDL_RENDERER_PRESENTVSYNC.rawValue }
        var made = loom_SDL_CreateRenderer(window, -1, rendererFlags)
        if made == nil && !software {
            made = loom_SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        }
        guard let renderer = made else {
            let reason = SDLCanvas.lastError
            loom_SDL_DestroyWindow(window)
            loom_SDL_QuitSubSystem(SDL_INIT_VIDEO)
            throw LoomError(.runtime, "cannot create a renderer: \(reason)")
        }
        var info = SDL_RendererInfo()
        loom_SDL_GetRendererInfo(renderer, &info)
        self.window = window
        self.renderer = renderer
        self.isSoftware = info.flags & SDL_RENDERER_SOFTWARE.rawValue != 0
        loom_SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND)
    }

    deinit {
        loom_SDL_DestroyRenderer(renderer)
        loom_SDL_DestroyWindow(window)
        loom_SDL_QuitSubSystem(SDL_INIT_VIDEO)
    }

    static var lastError: String { String(cString: loom_SDL_GetError()) }

    /// The drawable size in pixels.
    var size: Size {
        var w: Int32 = 0, h: Int32 = 0
        loom_SDL_GetRendererOutputSize(renderer, &w, &h)
        return Size(width: Int(w), height: Int(h))
    }

    func setTitle(_ title: String) { loom_SDL_SetWindowTitle(window, title) }

    func setSize(width: Int, height: Int) { loom_SDL_SetWindowSize(window, Int32(width), Int32(height)) }

    func clear(_ color: RGBA) {
        loom_SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        loom_SDL_RenderClear(renderer)
    }

    func fill(_ rect: Rect, _ color: RGBA) {
        var r = SDL_Rect(x: Int32(rect.x), y: Int32(rect.y), w: Int32(rect.width), h: Int32(rect.height))
        loom_SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        loom_SDL_RenderFillRect(renderer, &r)
    }

    func outline(_ rect: Rect, _ color: RGBA, thickness: Int = 1) {
        for i in 0..<thickness {
            var r = SDL_Rect(
                x: Int32(rect.x + i), y: Int32(rect.y + i), w: Int32(rect.width - 2 * i), h: Int32(rect.height - 2 * i))
            loom_SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
            loom_SDL_RenderDrawRect(renderer, &r)
        }
    }

    func line(from a: Point, to b: Point, _ color: RGBA) {
        loom_SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a)
        loom_SDL_RenderDrawLine(renderer, Int32(a.x), Int32(a.y), Int32(b.x), Int32(b.y))
    }

    /// A static texture holding `image` (or the part `region` of it), alpha-blended when drawn.
    /// An `opaque` texture is stored without alpha, in the window's usual format
    /// (`RGB888`), and drawn without blending: the software renderer then copies rows
    /// instead of blending pixels.
    func makeTexture(_ image: RGBAImage, region: Rect? = nil, opaque: Bool = false) throws -> OpaquePointer {
        let area = region ?? Rect(x: 0, y: 0, width: image.width, height: image.height)
        let format = opaque ? SDL_PIXELFORMAT_RGB888 : SDL_PIXELFORMAT_ARGB8888
        guard
            let texture = loom_SDL_CreateTexture(
                renderer, format.rawValue, Int32(SDL_TEXTUREACCESS_STATIC.rawValue), Int32(area.width),
                Int32(area.height))
        else {
            throw LoomError(.runtime, "cannot create a \(area.width)x\(area.height) texture: \(SDLCanvas.lastError)")
        }
        // Both formats are one native-endian UInt32 a pixel: 0xAARRGGBB (alpha ignored in RGB888).
        var packed = [UInt32](repeating: 0, count: area.width * area.height)
        image.bytes.withUnsafeBufferPointer { bytes in
            packed.withUnsafeMutableBufferPointer { target in
                for y in 0..<area.height {
                    var source = ((area.y + y) * image.width + area.x) * 4
                    for x in 0..<area.width {
                        target[y * area.width + x] =
                            UInt32(bytes[source + 3]) << 24 | UInt32(bytes[source]) << 16 | UInt32(bytes[source + 1])
                            << 8
                            | UInt32(bytes[source + 2])
                        source += 4
                    }
                }
            }
        }
        packed.withUnsafeBytes { raw in
            _ = loom_SDL_UpdateTexture(texture, nil, raw.baseAddress, Int32(area.width * 4))
        }
        loom_SDL_SetTextureBlendMode(texture, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        return texture
    }

    /// Copies `source` of `texture` (whole when `nil`) into `target` on screen.
    func copy(_ texture: OpaquePointer, source: Rect?, target: Rect) {
        var dst = SDL_Rect(x: Int32(target.x), y: Int32(target.y), w: Int32(target.width), h: Int32(target.height))
        if let source {
            var src = SDL_Rect(x: Int32(source.x), y: Int32(source.y), w: Int32(source.width), h: Int32(source.height))
            loom_SDL_RenderCopy(renderer, texture, &src, &dst)
        } else {
            loom_SDL_RenderCopy(renderer, texture, nil, &dst)
        }
    }

    func present() { loom_SDL_RenderPresent(renderer) }

    /// The pixels drawn so far this frame (call before ``present()``), as an image.
    func readPixels() throws -> RGBAImage {
        let size = self.size
        var image = RGBAImage(width: size.width, height: size.height)
        let status = image.bytes.withUnsafeMutableBytes { raw in
            loom_SDL_RenderReadPixels(
                renderer, nil, SDL_PIXELFORMAT_RGBA32.rawValue, raw.baseAddress, Int32(size.width * 4))
        }
        guard status == 0 else {
            throw LoomError(.runtime, "cannot read the window's pixels: \(SDLCanvas.lastError)")
        }
        // The window has no alpha channel worth keeping: screenshots are opaque.
        for i in stride(from: 3, to: image.bytes.count, by: 4) { image.bytes[i] = 255 }
        return image
    }
}
