import CLoomPNG
import CLoomSDL
import Foundation
import LoomCore

/// Image files: PNGs through libpng, anything else through SDL2_image. Each library is loaded
/// the first time it is needed (libpng is small; SDL2_image brings SDL2 and its fifty
/// libraries), no window is opened and `SDL_Init` is never called.
extension RGBAImage {
    /// Loads an image file (PNG, or any format SDL2_image reads) as RGBA.
    ///
    /// Throws a `LoomError` naming the file: `.io` when it cannot be read, `.format` when its
    /// bytes are not an image, `.library` when the library that reads it is not installed.
    public static func load(from path: String) throws -> RGBAImage {
        let data = try AtomicFile.read(path)
        return try decode(data, name: path)
    }

    /// Decodes image bytes; `name` appears in errors.
    public static func decode(_ data: Data, name: String = "<image>") throws -> RGBAImage {
        try data.withUnsafeBytes { raw -> RGBAImage in
            guard let base = raw.baseAddress, raw.count > 0 else {
                throw LoomError(.format, "\(name) is empty, not an image", at: SourceLocation(file: name))
            }
            if loom_png_is_png(base, raw.count) != 0 {
                return try decodePNG(base, count: raw.count, name: name)
            }
            return try decodeWithSDLImage(base, count: raw.count, name: name)
        }
    }

    private static func decodePNG(_ base: UnsafeRawPointer, count: Int, name: String) throws -> RGBAImage {
        if let missing = loom_png_load() {
            throw LoomError(.library, String(cString: missing), at: SourceLocation(file: name))
        }
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = loom_png_decode(base, count, &pixels, &width, &height, &message, message.count)
        guard status == 0, let pixels else {
            throw LoomError(
                .format, "\(name) is not an image libpng can read (\(text(message)))", at: SourceLocation(file: name))
        }
        defer { loom_png_free(pixels) }
        let bytes = [UInt8](UnsafeBufferPointer(start: pixels, count: Int(width) * Int(height) * 4))
        return RGBAImage(width: Int(width), height: Int(height), bytes: bytes)!
    }

    private static func decodeWithSDLImage(_ base: UnsafeRawPointer, count: Int, name: String) throws -> RGBAImage {
        if let missing = loom_sdl_load(Int32(LOOM_SDL_IMAGE)) {
            throw LoomError(.library, String(cString: missing), at: SourceLocation(file: name))
        }
        guard let stream = loom_SDL_RWFromConstMem(base, Int32(count)) else {
            throw LoomError(.format, "\(name) is empty, not an image", at: SourceLocation(file: name))
        }
        guard let loaded = loom_IMG_Load_RW(stream, 1) else {
            throw LoomError(
                .format, "\(name) is not an image SDL2_image can read (\(String(cString: loom_SDL_GetError())))",
                at: SourceLocation(file: name))
        }
        defer { loom_SDL_FreeSurface(loaded) }
        guard let rgba = loom_SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGBA32.rawValue, 0) else {
            throw LoomError(
                .format, "\(name): cannot convert to RGBA (\(String(cString: loom_SDL_GetError())))",
                at: SourceLocation(file: name))
        }
        defer { loom_SDL_FreeSurface(rgba) }
        let width = Int(rgba.pointee.w), height = Int(rgba.pointee.h), pitch = Int(rgba.pointee.pitch)
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        if loom_sdl_must_lock(rgba) != 0 { loom_SDL_LockSurface(rgba) }
        let source = rgba.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeMutableBufferPointer { target in
            for y in 0..<height {
                (target.baseAddress! + y * width * 4).update(from: source + y * pitch, count: width * 4)
            }
        }
        if loom_sdl_must_lock(rgba) != 0 { loom_SDL_UnlockSurface(rgba) }
        return RGBAImage(width: width, height: height, bytes: bytes)!
    }

    /// Saves the image as a PNG file, atomically: a temporary file beside `path` is written and
    /// then renamed, so a failure never leaves half a file.
    public func export(to path: String) throws {
        try AtomicFile.write(encodePNG(reportedAs: path), to: path)
    }

    /// The image encoded as PNG bytes.
    public func pngData() throws -> Data {
        try encodePNG(reportedAs: "<png>")
    }

    /// PNG bytes: 8-bit RGBA, libpng's default compression and filters (the bytes SDL2_image's
    /// `IMG_SavePNG` writes for the same pixels).
    private func encodePNG(reportedAs name: String) throws -> Data {
        guard width > 0, height > 0 else {
            throw LoomError(.invalidArgument, "cannot save an empty \(width)x\(height) image as \(name)")
        }
        if let missing = loom_png_load() {
            throw LoomError(.library, String(cString: missing), at: SourceLocation(file: name))
        }
        var png: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { pixels in
            loom_png_encode(pixels.baseAddress, Int32(width), Int32(height), &png, &size, &message, message.count)
        }
        guard status == 0, let png else {
            throw LoomError(.io, "cannot write \(name): \(Self.text(message))", at: SourceLocation(file: name))
        }
        return Data(bytesNoCopy: png, count: size, deallocator: .custom { memory, _ in loom_png_free(memory) })
    }

    /// A NUL-terminated message that C wrote into `message`.
    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
