extension Tileset {
    /// The tileset every built-in generator paints with: terrain biomes, water, rivers, floors,
    /// walls, doors, corridors and stairs. Its source is `Assets/tilesets/default.json`.
    ///
    /// | id | name | glyph | | id | name | glyph |
    /// |---|---|---|---|---|---|---|
    /// | 0 | void | ` ` | | 20 | beach | `:` |
    /// | 1 | wall | `#` | | 21 | desert | `d` |
    /// | 2 | floor | `.` | | 22 | grassland | `"` |
    /// | 3 | door | `+` | | 25 | temperate-forest | `f` |
    /// | 4 | corridor | `,` | | 29 | taiga | `p` |
    /// | 10 | deep-water | `~` | | 31 | snow | `*` |
    /// | 12 | river | `=` | | 32 | bare-rock | `^` |
    public static let standard: Tileset = {
        do {
            return try Tileset(json: standardJSON, file: "Assets/tilesets/default.json")
        } catch {
            fatalError("the embedded standard tileset is broken: \(error)")
        }
    }()
}

/// The ids of the standard tileset's tiles that generators paint with, looked up by name
/// once so that a change to `default.json` cannot silently repaint maps with the wrong tiles.
struct StandardTiles: Sendable {
    static let shared = StandardTiles(Tileset.standard)

    let void, wall, floor, door, corridor, stairsUp, stairsDown: UInt16
    let deepWater, shallowWater, river, lake, beach: UInt16

    init(_ tileset: Tileset) {
        func id(_ name: String) -> UInt16 {
            guard let tile = tileset.tile(named: name) else {
                fatalError("the standard tileset lacks '\(name)'")
            }
            return tile.id
        }
        void = id("void")
        wall = id("wall")
        floor = id("floor")
        door = id("door")
        corridor = id("corridor")
        stairsUp = id("stairs-up")
        stairsDown = id("stairs-down")
        deepWater = id("deep-water")
        shallowWater = id("shallow-water")
        river = id("river")
        lake = id("lake")
        beach = id("beach")
    }
}
