import Foundation
import LoomCore
import LoomImage
import LoomPlayground

/// Options for small, quick headless windows; map only unless told otherwise.
func testOptions(hud: Bool = false, panels: Bool = false, font: String? = nil) -> PlaygroundOptions {
    var options = PlaygroundOptions()
    options.seed = Seed(7)
    options.width = 320
    options.height = 240
    options.showsHUD = hud
    options.showsPanels = panels
    options.fontPath = font
    return options
}

/// Runs `content` headless for `frames` frames with `script`.
func headless(
    _ content: any PreviewContent, frames: Int = 2, script: String = "", options: PlaygroundOptions = testOptions()
) throws -> HeadlessResult {
    try LoomPlayground.runHeadless(
        content: content, frames: frames, input: try InputScript.parse(script, name: "test-input"), options: options)
}

extension RGBAImage {
    /// Pixels in `rect` for which `predicate` holds.
    func count(in rect: Rect? = nil, where predicate: (RGBA) -> Bool) -> Int {
        let area = rect ?? Rect(x: 0, y: 0, width: width, height: height)
        var total = 0
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX where predicate(self[x, y]) { total += 1 }
        }
        return total
    }

    /// Pixels that differ from `other` inside `rect` (the whole image by default).
    func differences(from other: RGBAImage, in rect: Rect? = nil) -> Int {
        let area = rect ?? Rect(x: 0, y: 0, width: width, height: height)
        var total = 0
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX where self[x, y] != other[x, y] { total += 1 }
        }
        return total
    }
}

/// A fresh empty directory under the temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("loom-playground-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
