import Foundation
import Loom

/// `loom_status loom_map_annotations(const loom_map *, char **out_json, loom_error **)`.
@c(loom_map_annotations)
public func loom_map_annotations(
    _ map: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    mapJSON(map, outJSON, error) { $0.annotations }
}

/// `loom_status loom_map_tileset(const loom_map *, char **out_json, loom_error **)`.
@c(loom_map_tileset)
public func loom_map_tileset(
    _ map: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    mapJSON(map, outJSON, error) { $0.tileset }
}

/// One part of a map, as JSON, into a string the caller frees with `loom_string_free`.
private func mapJSON<T: Encodable>(
    _ map: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?, _ part: (TileMap) -> T
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        let out = try Arguments.out(outJSON, "out_json")
        try Arguments.give(try encodeJSON(part(map)), to: out)
    }
}

/// `loom_status loom_map_export(const loom_map *, const char *path, const char *layer, int32_t scale,
/// loom_error **)`.
@c(loom_map_export)
public func loom_map_export(
    _ map: OpaquePointer?, _ path: UnsafePointer<CChar>?, _ layer: UnsafePointer<CChar>?, _ scale: Int32,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        let path = try Arguments.string(path, "path")
        guard (0...64).contains(scale) else {
            throw CAPIFailure(.invalidArgument, "scale is \(scale); expected 1...64, or 0 for 1")
        }
        let options = MapExportOptions(layer: try Arguments.optionalString(layer, "layer"), scale: max(Int(scale), 1))
        try map.export(to: path, options: options)
    }
}
