import Foundation
import LoomCore
import LoomImage

/// Tiled JSON export (`.tmj`, Tiled's JSON map format, version 1.10).
///
/// The map is orthogonal with one embedded tileset whose image is a generated sheet of colour
/// swatches: tile id `n` is cell `n` of a 16-column sheet, so a cell's global id is
/// `n + firstgid` (`firstgid` is 1; 0 means "empty"). Every tile layer becomes a `tilelayer`
/// with a plain `data` array; annotations become an `objectgroup` (rectangles for rooms and
/// regions, points for single cells, polylines through cell centres for paths); tile, object
/// and map properties become Tiled custom properties. Float layers have no Tiled equivalent
/// and are left out (the `.json` export keeps them).
extension TileMap {
    /// The number of columns of the generated tileset sheet.
    static let tiledSheetColumns = 16

    /// The tileset sheet a `.tmj` refers to: one `tileSize` square of colour per id, for ids
    /// `0...maximumID`, 16 to a row. Ids without a tile are transparent.
    public func tiledTilesetImage(tileSize: Int = 16) -> RGBAImage {
        let count = Int(tileset.maximumID ?? 0) + 1
        let columns = Self.tiledSheetColumns
        let rows = (count + columns - 1) / columns
        var sheet = RGBAImage(width: columns * tileSize, height: rows * tileSize)
        for tile in tileset.tiles {
            let cell = Int(tile.id)
            sheet.fill(
                Rect(x: cell % columns * tileSize, y: cell / columns * tileSize, width: tileSize, height: tileSize),
                with: tile.color)
        }
        return sheet
    }

    /// The Tiled JSON text of the map; `tilesetImage` is the sheet's path relative to the `.tmj`.
    public func tiledJSON(tilesetImage: String, tileSize: Int = 16) throws -> Data {
        let firstGID = 1
        let count = Int(tileset.maximumID ?? 0) + 1
        let columns = Self.tiledSheetColumns
        let rows = (count + columns - 1) / columns
        var nextLayerID = 1
        var layers: [[String: Any]] = []
        for layer in tileLayers {
            layers.append([
                "data": layer.tiles.cells.map { Int($0) + firstGID },
                "height": height, "width": width, "id": nextLayerID, "name": layer.name, "opacity": 1,
                "type": "tilelayer", "visible": true, "x": 0, "y": 0,
            ])
            nextLayerID += 1
        }
        var objects: [[String: Any]] = []
        for annotation in annotations {
            var object: [String: Any] = [
                // Tiled 1.9 renamed an object's "type" to "class"; both are written for old and new readers.
                "id": objects.count + 1, "name": annotation.name, "type": annotation.kind.rawValue,
                "class": annotation.kind.rawValue,
                "rotation": 0, "visible": true,
            ]
            if let rect = annotation.rect {
                object["x"] = rect.x * tileSize
                object["y"] = rect.y * tileSize
                object["width"] = rect.width * tileSize
                object["height"] = rect.height * tileSize
            } else if let first = annotation.points.first {
                // Points sit at cell centres; a path is a polyline relative to its first point.
                let half = Double(tileSize) / 2
                object["x"] = Double(first.x * tileSize) + half
                object["y"] = Double(first.y * tileSize) + half
                object["width"] = 0
                object["height"] = 0
                if annotation.points.count == 1 {
                    object["point"] = true
                } else {
                    object["polyline"] = annotation.points.map {
                        ["x": ($0.x - first.x) * tileSize, "y": ($0.y - first.y) * tileSize]
                    }
                }
            } else {
                continue
            }
            if !annotation.properties.isEmpty { object["properties"] = Self.tiledProperties(annotation.properties) }
            objects.append(object)
        }
        if !annotations.isEmpty {
            layers.append([
                "draworder": "topdown", "id": nextLayerID, "name": "annotations", "objects": objects,
                "opacity": 1, "type": "objectgroup", "visible": true, "x": 0, "y": 0,
            ])
            nextLayerID += 1
        }
        let tiles: [[String: Any]] = tileset.tiles.sorted { $0.id < $1.id }.map { tile in
            var properties = tile.properties
            properties["name"] = .string(tile.name)
            properties["glyph"] = .string(String(tile.glyph))
            properties["walkable"] = .bool(tile.isWalkable)
            properties["water"] = .bool(tile.isWater)
            return [
                "id": Int(tile.id), "type": tile.name, "class": tile.name,
                "properties": Self.tiledProperties(properties),
            ]
        }
        let tilesetObject: [String: Any] = [
            "columns": columns, "firstgid": firstGID, "image": tilesetImage,
            "imageheight": rows * tileSize, "imagewidth": columns * tileSize, "margin": 0, "name": tileset.name,
            "spacing": 0, "tilecount": count, "tileheight": tileSize, "tilewidth": tileSize, "tiles": tiles,
        ]
        let root: [String: Any] = [
            "compressionlevel": -1, "height": height, "width": width, "infinite": false, "layers": layers,
            "nextlayerid": nextLayerID, "nextobjectid": objects.count + 1, "orientation": "orthogonal",
            "properties": Self.tiledProperties(properties), "renderorder": "right-down", "tiledversion": "1.10.2",
            "tileheight": tileSize, "tilewidth": tileSize, "tilesets": [tilesetObject], "type": "map",
            "version": "1.10",
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }

    /// Tiled's property list form, sorted by name so the output is stable.
    static func tiledProperties(_ properties: [String: PropertyValue]) -> [[String: Any]] {
        properties.keys.sorted().map { name in
            let value = properties[name]!
            let json: Any
            switch value {
            case .bool(let flag): json = flag
            case .int(let number): json = number
            case .double(let number): json = number
            case .string(let text): json = text
            }
            return ["name": name, "type": value.tiledType, "value": json]
        }
    }
}
