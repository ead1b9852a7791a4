import Foundation
import LoomCore
import LoomImage
import Testing

@Suite struct RGBAImageTests {
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-image-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func pngRoundTripsEveryPixelIncludingAlpha() throws {
        var image = RGBAImage(width: 5, height: 3, fill: RGBA(10, 20, 30))
        image[4, 2] = RGBA(255, 0, 128, 77)
        image[0, 1] = .clear
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/round.png"
        try image.export(to: path)
        let loaded = try RGBAImage.load(from: path)
        #expect(loaded == image)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["round.png"])
        #expect(try RGBAImage.decode(image.pngData()) == image)
    }

    @Test func notAnImageIsAFormatErrorNamingTheFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bad.png"
        try AtomicFile.write("this is not a png", to: path)
        let error = #expect(throws: LoomError.self) { try RGBAImage.load(from: path) }
        #expect(error?.kind == .format)
        #expect(error?.message.hasPrefix("\(path) is not an image") == true)
        let missing = #expect(throws: LoomError.self) { try RGBAImage.load(from: folder + "/none.png") }
        #expect(missing?.kind == .io)
    }

    @Test func exportIntoAMissingFolderFailsCleanly() {
        let image = RGBAImage(width: 2, height: 2, fill: .white)
        let error = #expect(throws: LoomError.self) { try image.export(to: "/nonexistent-loom/x.png") }
        #expect(error?.message.contains("/nonexistent-loom/x.png") == true)
    }

    @Test func hexColours() {
        #expect(RGBA(hex: "#1e90ff") == RGBA(30, 144, 255))
        #expect(RGBA(hex: "1E90FF80") == RGBA(30, 144, 255, 128))
        #expect(RGBA(hex: "#12345") == nil)
        #expect(RGBA(30, 144, 255).hex == "#1E90FF")
    }

    @Test func gridToImageAndScaling() {
        let grid = Grid(width: 2, height: 1, computing: { x, _ in x })
        let image = RGBAImage(grid) { $0 == 0 ? .black : .white }
        let big = image.scaled(by: 3)
        #expect(big.width == 6 && big.height == 3)
        #expect(big[2, 2] == .black && big[3, 0] == .white)
    }
}
