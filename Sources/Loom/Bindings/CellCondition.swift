import LoomCore
import LoomScript

/// A test on one cell, compiled from a Lua table such as
/// `{ height = {0.2, 0.5}, moisture = {min = 0.6}, tiles = {"grassland", "beach"}, walkable = true }`:
/// every float-layer range must hold (`min <= value < max`), when `tiles` is given the target
/// layer's tile must be one of them, and `walkable` / `water` test the tile's flags. Compiled once, then run in a tight Swift loop.
struct CellCondition {
    private var ranges: [(values: Grid<Float>, low: Float, high: Float)] = []
    private var allowed: [Bool]?
    private var allowedLayer: Grid<UInt16>?

    init(_ table: LuaTable, map: LuaTileMap, tileLayer: Int, skipping: Set<String> = ["tile"]) throws {
        for (key, value) in table.fields.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            guard let name = key.stringValue, !skipping.contains(name) else { continue }
            if name == "walkable" || name == "water" {
                let wanted = value.isTruthy
                let lookup = map.tileset.lookupTable(missing: false) { name == "walkable" ? $0.isWalkable : $0.isWater }
                var mask = [Bool](repeating: !wanted, count: Int(UInt16.max) + 1)
                for (id, flag) in lookup.enumerated() { mask[id] = flag == wanted }
                allowed = allowed.map { current in zip(current, mask).map { $0 && $1 } } ?? mask
                allowedLayer = map.tileLayers[tileLayer].tiles
                continue
            }
            if name == "tiles" || name == "on" {
                var mask = [Bool](repeating: false, count: Int(UInt16.max) + 1)
                let list = value.tableValue?.array ?? [value]
                for entry in list { mask[Int(try map.tileID(entry))] = true }
                allowed = allowed.map { current in zip(current, mask).map { $0 && $1 } } ?? mask
                allowedLayer = map.tileLayers[tileLayer].tiles
                continue
            }
            let grid = map.floatLayers[try map.floatLayerIndex(name)].values
            guard let range = value.tableValue else {
                throw LuaError(.runtime, "condition '\(name)' must be a range such as {0.2, 0.5} or {min = 0.2}")
            }
            try range.checkKeys(["min", "max"], what: "condition '\(name)'")
            let low = range.array.first?.doubleValue ?? range[.string("min")].doubleValue ?? -.infinity
            let high =
                (range.array.count > 1 ? range.array[1].doubleValue : nil) ?? range[.string("max")].doubleValue
                ?? .infinity
            ranges.append((grid, Float(low), Float(high)))
        }
    }

    /// Whether cell `index` (row-major) passes.
    @inline(__always)
    func matches(_ index: Int) -> Bool {
        if let allowed, let allowedLayer, !allowed[Int(allowedLayer.cells[index])] { return false }
        for range in ranges {
            let value = range.values.cells[index]
            if !(value >= range.low && value < range.high) { return false }
        }
        return true
    }
}
