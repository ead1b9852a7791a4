import Foundation
import LoomCore
import LoomImage

extension TileMap {
    /// Writes the map to `path` in the format its extension names (`.png`, `.tmj`, `.json`,
    /// `.txt`), atomically: a failure never leaves half a file.
    ///
    /// A `.tmj` export also writes its tileset sheet beside it, as `<name>.tiles.png`.
    /// Throws a ``LoomCore/LoomError`` naming the path when it cannot be written, and one
    /// listing the allowed extensions when the extension is unknown.
    public func export(to path: String, options: MapExportOptions = MapExportOptions()) throws {
        switch try MapFormat.forPath(path) {
        case .png:
            if options.useAtlas {
                guard let atlas = tileset.atlas else {
                    throw LoomError(.semantic, "tileset '\(tileset.name)' has no atlas to draw from")
                }
                let atlasPath = URL(fileURLWithPath: options.atlasFolder).appendingPathComponent(atlas.image).path
                try image(layer: options.layer, atlas: try RGBAImage.load(from: atlasPath)).export(to: path)
            } else {
                try image(layer: options.layer, scale: options.scale).export(to: path)
            }
        case .tmj:
            try Check.range("tiledTileSize", options.tiledTileSize, 1...256)
            let url = URL(fileURLWithPath: path)
            let sheetName = url.deletingPathExtension().lastPathComponent + ".tiles.png"
            let sheetPath = url.deletingLastPathComponent().appendingPathComponent(sheetName).path
            try tiledTilesetImage(tileSize: options.tiledTileSize).export(to: sheetPath)
            try AtomicFile.write(
                try tiledJSON(tilesetImage: sheetName, tileSize: options.tiledTileSize), to: path)
        case .json:
            try AtomicFile.write(try jsonData(), to: path)
        case .txt:
            _ = try tileLayer(options.layer)
            try AtomicFile.write(ascii(layer: options.layer), to: path)
        }
    }

    /// The map's JSON form (keys sorted, so equal maps give equal bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Loads a map written by ``export(to:options:)`` as `.json`. Errors name the file, line
    /// and column of the value at fault (`map.json:1:30: error: not a Loom map: 'width' must be
    /// an integer …`).
    public static func load(from path: String) throws -> TileMap {
        do {
            return try LocatedJSONDecoder().decode(TileMap.self, fromFile: path)
        } catch var error as LoomError where error.kind == .semantic {
            error.message = "not a Loom map: " + error.message
            throw error
        }
    }

    /// A one-line description of a `DecodingError` from Foundation's `JSONDecoder`, with its
    /// coding path (for callers that decode maps with it rather than through ``load(from:)``).
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(let type, let context): return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context): return "expected \(type)\(path(context))"
        case .dataCorrupted(let context): return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
