import CSDL2
import Foundation
import LoomCore

/// PNG files through SDL2_image. No window is opened and `SDL_Init` is never called: only
/// the surface and I/O functions are used, which need neither.
extension RGBAImage {
    /// Loads an image file (PNG, or any format SDL2_image reads) as RGBA.
    ///
    /// Throws a `LoomError` naming the file: `.io` when it cannot be read, `.format` when its
    /// bytes are not an image.
    public static func load(from path: String) throws -> RGBAImage {
        let data = try AtomicFile.read(path)
        return try decode(data, name: path)
    }

    /// Decodes image bytes; `name` appears in errors.
    public static func decode(_ data: Data, name: String = "<image>") throws -> RGBAImage {
        try data.withUnsafeBytes { raw -> RGBAImage in
            guard let base = raw.baseAddress, raw.count > 0, let stream = SDL_RWFromConstMem(base, Int32(raw.count))
            else {
                throw LoomError(.format, "\(name) is empty, not an image", at: SourceLocation(file: name))
            }
            guard let loaded = IMG_Load_RW(stream, 1) else {
                throw LoomError(
                    .format, "\(name) is not an image SDL2_image can read (\(String(cString: SDL_GetError())))",
                    at: SourceLocation(file: name))
            }
            defer { SDL_FreeSurface(loaded) }
            guard let rgba = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGBA32.rawValue, 0) else {
                throw LoomError(
                    .format, "\(name): cannot convert to RGBA (\(String(cString: SDL_GetError())))",
                    at: SourceLocation(file: name))
            }
            defer { SDL_FreeSurface(rgba) }
            let width = Int(rgba.pointee.w), height = Int(rgba.pointee.h), pitch = Int(rgba.pointee.pitch)
            var bytes = [UInt8](repeating: 0, count: width * height * 4)
            if loom_sdl_must_lock(rgba) != 0 { SDL_LockSurface(rgba) }
            let source = rgba.pointee.pixels.assumingMemoryBound(to: UInt8.self)
            bytes.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    (target.baseAddress! + y * width * 4).update(from: source + y * pitch, count: width * 4)
                }
            }
            if loom_sdl_must_lock(rgba) != 0 { SDL_UnlockSurface(rgba) }
            return RGBAImage(width: width, height: height, bytes: bytes)!
        }
    }

    /// Saves the image as a PNG file, atomically: a temporary file beside `path` is written and
    /// then renamed, so a failure never leaves half a file.
    public func export(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
        try writePNG(to: temporary, reportedAs: path)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LoomError(.io, "cannot write \(path): \(reason)", at: SourceLocation(file: path))
        }
    }

    /// The image encoded as PNG bytes.
    public func pngData() throws -> Data {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "loom-png-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).png"
            ).path
        defer { unlink(temporary) }
        try writePNG(to: temporary, reportedAs: "<png>")
        return try AtomicFile.read(temporary)
    }

    private func writePNG(to file: String, reportedAs name: String) throws {
        guard width > 0, height > 0 else {
            throw LoomError(.invalidArgument, "cannot save an empty \(width)x\(height) image as \(name)")
        }
        var copy = bytes
        try copy.withUnsafeMutableBytes { raw in
            guard
                let surface = SDL_CreateRGBSurfaceWithFormatFrom(
                    raw.baseAddress, Int32(width), Int32(height), 32, Int32(width * 4), SDL_PIXELFORMAT_RGBA32.rawValue)
            else {
                throw LoomError(.io, "cannot make a surface for \(name): \(String(cString: SDL_GetError()))")
            }
            defer { SDL_FreeSurface(surface) }
            if loom_sdl_save_png(surface, file) != 0 {
                // SDL names the temporary file; the user named `name`.
                let reason = String(cString: SDL_GetError()).replacingOccurrences(of: file, with: name)
                throw LoomError(.io, "cannot write \(name): \(reason)", at: SourceLocation(file: name))
            }
        }
    }
}
