import Foundation
import LoomCore
import LoomImage

/// Example images (WFC and Markov samples, tile images) read with their size checked first:
/// the PNG header's width and height are read before anything is decoded, so a small file
/// that claims billions of pixels is refused at once.
public enum SampleImage {
    /// The most pixels a sample image may have: 1,048,576 (1024×1024). Learning from a sample
    /// costs time and memory in proportion to its pixels (and to its distinct patterns).
    public static let maximumPixels = 1 << 20

    /// The image at `path`, refused with a located `.format` error when its header declares
    /// more than `maximumPixels` pixels (or is not a PNG header at all).
    public static func load(from path: String, maximumPixels: Int = SampleImage.maximumPixels) throws -> RGBAImage {
        if let size = try headerSize(of: path) {
            let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
            guard !overflow, pixels <= maximumPixels else {
                throw LoomError(
                    .format,
                    "the image is \(size.width)x\(size.height) pixels; a sample image has at most \(maximumPixels) "
                        + "pixels (e.g. 1024x1024)",
                    at: SourceLocation(file: path))
            }
        }
        return try RGBAImage.load(from: path)
    }

    /// Width and height from a PNG's `IHDR` chunk; `nil` when the file does not start like a
    /// PNG (the decoder then reports what it is).
    static func headerSize(of path: String) throws -> Size? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoomError(.io, "cannot read the image (missing or unreadable)", at: SourceLocation(file: path))
        }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 24)) ?? Data())
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            return nil
        }
        let word = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return Size(width: word(16), height: word(20))
    }
}
