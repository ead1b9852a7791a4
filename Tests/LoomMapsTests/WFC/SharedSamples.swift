import Foundation
import LoomCore
import LoomImage

/// The classic WFC samples in `../shared/samples/wfc`, found from this file's path.
enum SharedSamples {
    /// `../shared/samples/wfc` beside the repository root; a git worktree nested deeper finds the
    /// nearest `shared` folder among the root's ancestors.
    static let folder: String = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/LoomMapsTests/WFC/SharedSamples.swift → the repository root.
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let first = url.deletingLastPathComponent().appendingPathComponent("shared/samples/wfc").path
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/samples/wfc").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return first
    }()

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: folder + "/samples.xml")
    }

    static let absentMessage = "../shared/samples/wfc is absent; the classic-sample checks need it"

    static func image(_ name: String) throws -> RGBAImage {
        try RGBAImage.load(from: folder + "/" + name + ".png")
    }
}
