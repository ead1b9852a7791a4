import Foundation
import Loom

/// `loom_status loom_map_tile_info(const loom_map *, uint16_t tile, uint32_t *out_rgba, int32_t *out_walkable,
/// char **out_name, loom_error **)`.
@c(loom_map_tile_info)
public func loom_map_tile_info(
    _ map: OpaquePointer?, _ tile: UInt16, _ outRGBA: UnsafeMutablePointer<UInt32>?,
    _ outWalkable: UnsafeMutablePointer<Int32>?, _ outName: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let map = try MapObject.named(map)
        guard let found = map.tileset.tile(id: tile) else {
            throw CAPIFailure(.notFound, "the map's tileset '\(map.tileset.name)' has no tile \(tile)")
        }
        let colour = found.color
        outRGBA?.pointee = UInt32(colour.r) << 24 | UInt32(colour.g) << 16 | UInt32(colour.b) << 8 | UInt32(colour.a)
        outWalkable?.pointee = found.isWalkable ? 1 : 0
        if let outName { try Arguments.give(found.name, to: outName) }
    }
}
