import CLoomPNG
import CLoomSDL
import Foundation
import Testing

/// libpng through CLoomPNG decodes every kind of PNG to the pixels SDL2_image gives (the path
/// LoomImage used before), and writes the bytes SDL2_image's IMG_SavePNG writes.
@Suite struct PNGCodecTests {
    /// Small PNGs of every colour type, made by hand (zlib + chunks): palettes with a colour key
    /// or translucent entries, 2-bit palette, 1- and 8-bit grey, grey and RGB with a tRNS key,
    /// 16-bit RGB and RGBA, and an Adam7-interlaced RGB image.
    static let fixtures: [(String, String)] = [
        (
            "palette8Key",
            "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAMAAABIdo1RAAAADFBMVEX/AAAA/wAAAP8KFB4iiCkEAAAAAnRSTlP/AOW3MEoA"
                + "AAASSURBVHicY2BgZGJmYGZiZAAAAEYADV5yi4cAAAAASUVORK5CYII="
        ),
        (
            "palette8Alpha",
            "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAMAAABIdo1RAAAADFBMVEX/AAAA/wAAAP8KFB4iiCkEAAAABHRSTlOAAP8HU4q4"
                + "cAAAABJJREFUeJxjYGBkYmZgZmJkAAAARgANXnKLhwAAAABJRU5ErkJggg=="
        ),
        (
            "palette2",
            "iVBORw0KGgoAAAANSUhEUgAAAAUAAAACAgMAAADtBP7OAAAADFBMVEX/AAAA/wAAAP8KFB4iiCkEAAAADklEQVR4nGOQZmB4"
                + "cgAAAxUBwFDtWBgAAAAASUVORK5CYII="
        ),
        (
            "grey8",
            "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAAAAAC4HznGAAAAEElEQVR4nGNgaPjPwMjEDAAIDQGGDUnxugAAAABJRU5ErkJg"
                + "gg=="
        ),
        ("grey1", "iVBORw0KGgoAAAANSUhEUgAAAAkAAAABAQAAAAAkubnQAAAAC0lEQVR4nGPY1AAAAecBM64f4xoAAAAASUVORK5CYII="),
        (
            "grey8Key",
            "iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAAAnRSTlMAgJsrThgAAAAMSURBVHicY2Bo+A8AAgMBgCRh9ZcA"
                + "AAAASUVORK5CYII="
        ),
        (
            "rgb8Key",
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAABnRSTlMACQAJAAkVu+bLAAAAFElEQVR4nGNgZGLm5ORkAGIW"
                + "VjYAAeoATOrMMWMAAAAASUVORK5CYII="
        ),
        (
            "rgb16",
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABEAIAAAAr0DSeAAAAFUlEQVR4nGMQMll99j8Dw/+Ghvp6ACL0BbvoO7cPAAAAAElF"
                + "TkSuQmCC"
        ),
        (
            "rgba16",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAACEAYAAADJEWpkAAAAGklEQVR4nGMQFFRSMjZ2cWH4/4Gfv4Hh/38AJNYF4G3XT7oA"
                + "AAAASUVORK5CYII="
        ),
        (
            "rgb8Interlaced",
            "iVBORw0KGgoAAAANSUhEUgAAAAMAAAADCAIAAAGuTRJ+AAAAJklEQVR4nA3BMQEAMAzDMCPpXRAGkbtIAn+T4AtCTcsybA+c"
                + "1XgPTzEFoSRbfP4AAAAASUVORK5CYII="
        ),
    ]

    struct Decoded: Equatable {
        var width: Int
        var height: Int
        var bytes: [UInt8]
    }

    /// A NUL-terminated C message as a string.
    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func decodeWithLibPNG(_ data: Data) throws -> Decoded {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            loom_png_decode(raw.baseAddress, raw.count, &pixels, &width, &height, &message, message.count)
        }
        #expect(status == 0, "\(Self.text(message))")
        let decoded = try #require(pixels)
        defer { loom_png_free(decoded) }
        let bytes = [UInt8](UnsafeBufferPointer(start: decoded, count: Int(width * height * 4)))
        return Decoded(width: Int(width), height: Int(height), bytes: bytes)
    }

    static func decodeWithSDLImage(_ data: Data) throws -> Decoded {
        #expect(loom_sdl_load(Int32(LOOM_SDL_IMAGE)) == nil)
        let surface = try data.withUnsafeBytes { raw in
            try #require(loom_IMG_Load_RW(loom_SDL_RWFromConstMem(raw.baseAddress, Int32(raw.count)), 1))
        }
        defer { loom_SDL_FreeSurface(surface) }
        let rgba = try #require(loom_SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGBA32.rawValue, 0))
        defer { loom_SDL_FreeSurface(rgba) }
        let width = Int(rgba.pointee.w), height = Int(rgba.pointee.h), pitch = Int(rgba.pointee.pitch)
        let source = rgba.pointee.pixels.assumingMemoryBound(to: UInt8.self)
        var bytes: [UInt8] = []
        for y in 0..<height { bytes += UnsafeBufferPointer(start: source + y * pitch, count: width * 4) }
        return Decoded(width: width, height: height, bytes: bytes)
    }

    /// Every fixture but grey8Key: SDL2_image 2.6 turns grey with a tRNS key into wrong colours
    /// (255 226 0 for black); libpng's pixels for it are checked below.
    @Test(arguments: fixtures.map(\.0).filter { $0 != "grey8Key" })
    func decodesAsSDLImageDoes(_ name: String) throws {
        let data = try #require(Data(base64Encoded: Self.fixtures.first { $0.0 == name }!.1))
        #expect(loom_png_is_png([UInt8](data), data.count) == 1)
        let libpng = try Self.decodeWithLibPNG(data)
        let sdl = try Self.decodeWithSDLImage(data)
        #expect(libpng == sdl)
    }

    @Test func colourKeysBecomeTransparentPixels() throws {
        let key = try Self.decodeWithLibPNG(Data(base64Encoded: Self.fixtures[0].1)!)
        // Palette (red, green, blue, dark) with index 1 transparent; rows 0 1 2 3 and 3 2 1 0.
        #expect(key.width == 4 && key.height == 2)
        #expect(Array(key.bytes[0..<16]) == [255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 255, 10, 20, 30, 255])
    }

    @Test func greyWithAColourKeyBecomesGreyWithAlpha() throws {
        let grey = try Self.decodeWithLibPNG(Data(base64Encoded: Self.fixtures.first { $0.0 == "grey8Key" }!.1)!)
        // Grey values 0, 128, 255 with 128 transparent.
        #expect(grey == Decoded(width: 3, height: 1, bytes: [0, 0, 0, 255, 128, 128, 128, 0, 255, 255, 255, 255]))
    }

    @Test func encodesTheBytesSDLImageWrites() throws {
        #expect(loom_sdl_load(Int32(LOOM_SDL_IMAGE)) == nil)
        var pixels = (0..<(7 * 5 * 4)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / 3) }
        var png: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        #expect(loom_png_encode(pixels, 7, 5, &png, &size, &message, message.count) == 0)
        let encoded = Data(bytes: try #require(png), count: size)
        loom_png_free(png)
        #expect(try Self.decodeWithLibPNG(encoded) == Decoded(width: 7, height: 5, bytes: pixels))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sdl.png").path
        let surface = try #require(
            loom_SDL_CreateRGBSurfaceWithFormatFrom(&pixels, 7, 5, 32, 28, SDL_PIXELFORMAT_RGBA32.rawValue))
        defer { loom_SDL_FreeSurface(surface) }
        #expect(loom_IMG_SavePNG(surface, path) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == encoded)
    }

    @Test func brokenDataIsAnErrorWithAMessage() throws {
        let data = try #require(Data(base64Encoded: Self.fixtures[3].1))
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let truncated = [UInt8](data.prefix(40))
        #expect(loom_png_decode(truncated, truncated.count, &pixels, &width, &height, &message, message.count) == -1)
        #expect(pixels == nil)
        #expect(Self.text(message).contains("ends early"))
        var corrupt = [UInt8](data)
        corrupt[20] ^= 0xFF  // inside IHDR: its CRC no longer matches
        #expect(loom_png_decode(corrupt, corrupt.count, &pixels, &width, &height, &message, message.count) == -1)
        #expect(Self.text(message).contains("CRC"))
    }
}
