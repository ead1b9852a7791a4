import Foundation
import Loom

/// The object behind a `loom_map` handle: an immutable map.
final class MapObject {
    let map: TileMap

    init(_ map: TileMap) { self.map = map }

    /// The map a live `loom_map` handle names.
    static func named(_ handle: OpaquePointer?) throws -> TileMap { try object(handle).map }

    /// The object a live `loom_map` handle names; reading through it copies no part of the map.
    static func object(_ handle: OpaquePointer?) throws -> MapObject {
        guard let object = HandleTable.shared.object(handle, kind: .map) as? MapObject else {
            throw CAPIFailure.invalidHandle("loom_map")
        }
        return object
    }
}

/// JSON for C callers: sorted keys, so the text is the same on every run.
func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// The most cells `loom_map_generate` makes (`LOOM_MAP_MAX_CELLS`): a terrain map keeps about
/// 20 bytes a cell in its layers and more while it is made, so this is a few hundred MB.
let maximumMapCells = 1 << 24

/// Throws `LOOM_ERROR_BUDGET` for a map of more than ``maximumMapCells`` cells (both sides at most 2^31).
private func checkMapBudget(_ width: Int, _ height: Int) throws {
    guard width * height > maximumMapCells else { return }
    throw CAPIFailure(
        .budget,
        "a \(width)x\(height) map is \(width * height) cells; loom_map_generate makes at most \(maximumMapCells) "
            + "(LOOM_MAP_MAX_CELLS, e.g. 4096x4096): make a larger world in chunks")
}

/// One entry of `loom_map_generators`.
private struct GeneratorListing: Encodable {
    var name: String
    var summary: String
    var parameters: any MapGenerator

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        try container.encode(summary, forKey: .summary)
        try container.encode(parameters, forKey: .parameters)
    }

    private enum Keys: String, CodingKey { case name, summary, parameters }
}

/// `loom_status loom_map_generators(char **out_json, loom_error **)`.
@c(loom_map_generators)
public func loom_map_generators(
    _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outJSON, "out_json")
        let listings = try MapGenerators.all.map { type in
            GeneratorListing(name: type.name, summary: type.summary, parameters: try type.decode(json: nil))
        }
        try Arguments.give(try encodeJSON(listings), to: out)
    }
}

/// `loom_status loom_map_generate(const char *generator, const char *parameters_json, uint64_t seed,
/// int32_t width, int32_t height, loom_map **out_map, loom_error **)`.
@c(loom_map_generate)
public func loom_map_generate(
    _ generator: UnsafePointer<CChar>?, _ parametersJSON: UnsafePointer<CChar>?, _ seed: UInt64, _ width: Int32,
    _ height: Int32, _ outMap: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outMap, "out_map")
        out.pointee = nil
        let name = try Arguments.string(generator, "generator")
        let json = try Arguments.optionalString(parametersJSON, "parameters_json")
        guard width >= 0, height >= 0 else {
            throw CAPIFailure(
                .invalidArgument, "width and height are \(width)x\(height); expected 0 (the default) or more")
        }
        // The size asked for is checked before the parameters are read, the JSON's after.
        try checkMapBudget(Int(width), Int(height))
        let parameters = try MapGenerators.parameters(
            name, json: json, width: width == 0 ? nil : Int(width), height: height == 0 ? nil : Int(height))
        try checkMapBudget(parameters.width, parameters.height)
        out.pointee = HandleTable.shared.insert(MapObject(try parameters.generate(seed: Seed(seed))), kind: .map)
    }
}

/// `loom_status loom_map_free(loom_map *)`: NULL is a no-op.
@c(loom_map_free)
public func loom_map_free(_ map: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(map, kind: .map)
}

/// `loom_status loom_map_size(const loom_map *, int32_t *out_width, int32_t *out_height, loom_error **)`.
@c(loom_map_size)
public func loom_map_size(
    _ map: OpaquePointer?, _ outWidth: UnsafeMutablePointer<Int32>?, _ outHeight: UnsafeMutablePointer<Int32>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        outWidth?.pointee = Int32(map.width)
        outHeight?.pointee = Int32(map.height)
    }
}

/// `loom_status loom_map_layer_count(const loom_map *, int32_t *out_count, loom_error **)`.
@c(loom_map_layer_count)
public func loom_map_layer_count(
    _ map: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        try Arguments.out(outCount, "out_count").pointee = Int32(map.tileLayers.count)
    }
}

/// `loom_status loom_map_layer_name(const loom_map *, int32_t index, char **out_name, loom_error **)`.
@c(loom_map_layer_name)
public func loom_map_layer_name(
    _ map: OpaquePointer?, _ index: Int32, _ outName: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        let out = try Arguments.out(outName, "out_name")
        guard map.tileLayers.indices.contains(Int(index)) else {
            throw CAPIFailure(.invalidArgument, "layer index \(index); the map has \(map.tileLayers.count) tile layers")
        }
        try Arguments.give(map.tileLayers[Int(index)].name, to: out)
    }
}

/// `loom_status loom_map_tile(const loom_map *, int32_t layer_index, int32_t x, int32_t y, uint16_t *out_tile,
/// loom_error **)`.
@c(loom_map_tile)
public func loom_map_tile(
    _ map: OpaquePointer?, _ layerIndex: Int32, _ x: Int32, _ y: Int32, _ outTile: UnsafeMutablePointer<UInt16>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        // The one-tile path reads in place: no copy of the map or its layer.
        let object = try MapObject.object(map)
        let out = try Arguments.out(outTile, "out_tile")
        guard object.map.tileLayers.indices.contains(Int(layerIndex)) else {
            throw CAPIFailure(
                .invalidArgument, "layer index \(layerIndex); the map has \(object.map.tileLayers.count) tile layers")
        }
        guard let tile = object.map.tileLayers[Int(layerIndex)].tiles.at(x: Int(x), y: Int(y)) else {
            let map = object.map
            throw CAPIFailure(.invalidArgument, "cell (\(x), \(y)) is outside the \(map.width)x\(map.height) map")
        }
        out.pointee = tile
    }
}

/// `loom_status loom_map_copy_tiles(const loom_map *, const char *layer, uint16_t *buffer, size_t capacity,
/// loom_error **)`.
@c(loom_map_copy_tiles)
public func loom_map_copy_tiles(
    _ map: OpaquePointer?, _ layer: UnsafePointer<CChar>?, _ buffer: UnsafeMutablePointer<UInt16>?,
    _ capacity: UInt, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        let name = try Arguments.optionalString(layer, "layer") ?? map.mainLayerName ?? "ground"
        guard let tiles = map.tiles(name) else {
            throw CAPIFailure(
                .notFound,
                "the map has no tile layer '\(name)'; it has: \(map.tileLayers.map(\.name).joined(separator: ", "))")
        }
        let target = try Arguments.buffer(
            buffer, capacity: Int(clamping: capacity), needed: tiles.count,
            what: "tile layer '\(name)' (\(map.width)x\(map.height))")
        _ = target.update(fromContentsOf: tiles.cells)
    }
}

/// `loom_status loom_map_copy_values(const loom_map *, const char *layer, float *buffer, size_t capacity,
/// loom_error **)`.
@c(loom_map_copy_values)
public func loom_map_copy_values(
    _ map: OpaquePointer?, _ layer: UnsafePointer<CChar>?, _ buffer: UnsafeMutablePointer<Float>?,
    _ capacity: UInt, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        let name = try Arguments.string(layer, "layer")
        guard let values = map.values(name) else {
            let names = map.floatLayers.map(\.name)
            throw CAPIFailure(
                .notFound,
                "the map has no value layer '\(name)'"
                    + (names.isEmpty ? "; it has none" : "; it has: \(names.joined(separator: ", "))"))
        }
        let target = try Arguments.buffer(
            buffer, capacity: Int(clamping: capacity), needed: values.count,
            what: "value layer '\(name)' (\(map.width)x\(map.height))")
        _ = target.update(fromContentsOf: values.cells)
    }
}
