import Foundation
import LoomCore
import LoomImage
import LoomMaps
import LoomScript
import LoomStory

/// What `world.lua` declares about a world, besides its functions.
///
/// ```lua
/// return {
///   name = "isles", width = 128, height = 96, seed = 7, start = "Start",
///   tiles = { { id = 40, name = "town", colour = "#D04040", glyph = "T", walkable = true } },
///   generate = function(ctx) … return map, facts end,
/// }
/// ```
public struct WorldDefinition: Hashable, Sendable {
    /// The world's name (titles, exports). Required.
    public var name: String
    /// Default map width in cells. Default: 64; 1…4096.
    public var width: Int = 64
    /// Default map height in cells. Default: 64; 1…4096.
    public var height: Int = 64
    /// The seed used when none is given. Default: 1.
    public var seed: Seed = Seed(1)
    /// The story node played first: a Yarn node, or an ink knot (`knot` or `knot.stitch`).
    /// Default: `"Start"` for a Yarn story; for an ink story, empty: the top of the story.
    public var start: String = "Start"
    /// The ink story the world plays (`story = "story/main.ink"`: ink source, or `.json` as
    /// inklecate compiles it), relative to the folder; `nil` for a world that plays the Yarn
    /// Spinner story of its `story/*.yarn` files. Default: `nil`.
    public var storyFile: String?
    /// The standard tileset plus the tiles the world adds (`tiles = {…}`), or a tileset JSON
    /// file in the folder (`tileset = "tiles.json"`).
    public var tileset: Tileset = .standard
    /// How the story picks among storylets (`when:` nodes and line groups).
    /// Default: `best_least_recently_seen`; `saliency = "best"` always picks the most specific.
    public var saliency: SaliencyStrategy = .bestLeastRecentlySeen

    /// Generator settings a preview offers as sliders (`parameters = { { name = "sea level",
    /// default = 0, min = -0.2, max = 0.2, step = 0.02 } }`); `generate` reads them from
    /// `ctx.params`. Default: none.
    public var parameters: [WorldParameter] = []

    /// Reads the declaration from the table `world.lua` returned.
    init(table: LuaTable, folder: String) throws {
        guard let name = table[.string("name")].stringValue, !name.isEmpty else {
            throw LoomError(.world, "world.lua must return a table with a 'name' string", at: Self.location)
        }
        self.name = name
        if let size = table[.string("size")].tableValue, size.array.count == 2 {
            width = size.array[0].intValue ?? width
            height = size.array[1].intValue ?? height
        }
        width = table[.string("width")].intValue ?? width
        height = table[.string("height")].intValue ?? height
        guard (1...4096).contains(width), (1...4096).contains(height) else {
            throw LoomError(
                .world, "a world is 1 to 4096 cells wide and high, not \(width)x\(height)", at: Self.location)
        }
        if table[.string("seed")] != .nil {
            do {
                seed = try LuaRandom.seed(from: table[.string("seed")])
            } catch let error as LuaError {
                throw LoomError(.world, "world 'seed': \(error.message)", at: Self.location)
            }
        }
        switch table[.string("story")] {
        case .nil: break
        case .string(let file) where file.hasSuffix(".ink") || file.hasSuffix(".json"):
            storyFile = file
        default:
            throw LoomError(
                .world,
                "world 'story' names the world's ink story, a .ink or .json file in the folder (such as "
                    + "\"story/main.ink\"); without it the world plays story/*.yarn", at: Self.location)
        }
        start = table[.string("start")].stringValue ?? (storyFile == nil ? start : "")
        if let text = table[.string("saliency")].stringValue {
            guard let strategy = SaliencyStrategy(rawValue: text) else {
                let known = SaliencyStrategy.allCases.map(\.rawValue).joined(separator: ", ")
                throw LoomError(.world, "unknown saliency '\(text)'; expected one of: \(known)", at: Self.location)
            }
            saliency = strategy
        }
        if let file = table[.string("tileset")].stringValue, file != "default" {
            let path = try WorldFiles(folder: folder).path(file, what: "tileset", at: Self.location)
            tileset = try Tileset.load(from: path)
        }
        for (index, entry) in (table[.string("parameters")].tableValue?.array ?? []).enumerated() {
            parameters.append(try WorldParameter(entry, index: index))
        }
        for (index, entry) in (table[.string("tiles")].tableValue?.array ?? []).enumerated() {
            do {
                try tileset.add(try Self.tile(entry, index: index))
            } catch let error as LoomError where error.location == nil {
                throw LoomError(.world, "tiles[\(index + 1)]: \(error.message)", at: Self.location)
            }
        }
    }

    static let location = SourceLocation(file: "world.lua")

    static func tile(_ value: LuaValue, index: Int) throws -> Tile {
        guard let table = value.tableValue, let id = table[.string("id")].intValue, let tileID = UInt16(exactly: id),
            let name = table[.string("name")].stringValue
        else {
            throw LoomError(.world, "tiles[\(index + 1)] needs a whole-number 'id' and a 'name'", at: location)
        }
        let colourText = table[.string("colour")].stringValue ?? table[.string("color")].stringValue ?? "#FF00FF"
        guard let colour = RGBA(hex: colourText) else {
            throw LoomError(.world, "tile '\(name)': '\(colourText)' is not a #RRGGBB colour", at: location)
        }
        var properties: [String: PropertyValue] = [:]
        for (key, value) in table[.string("properties")].tableValue?.fields ?? [:] {
            if let key = key.stringValue, let property = LuaTileMap.propertyValue(value) { properties[key] = property }
        }
        return Tile(
            id: tileID, name: name, color: colour, glyph: table[.string("glyph")].stringValue?.first ?? "?",
            isWalkable: table[.string("walkable")].isTruthy, isWater: table[.string("water")].isTruthy,
            properties: properties)
    }
}

/// A numeric generator setting a world declares: `ctx.params[name]` in `generate`.
public struct WorldParameter: Hashable, Sendable, Codable {
    /// The key in `ctx.params` and the label in a preview's panel.
    public var name: String
    /// The value when none is given.
    public var defaultValue: Double
    /// The lowest value. Default: the default value minus 1.
    public var minimum: Double
    /// The highest value. Default: the default value plus 1.
    public var maximum: Double
    /// How far one step moves. Default: a tenth of the range.
    public var step: Double

    init(_ value: LuaValue, index: Int) throws {
        guard let table = value.tableValue, let name = table[.string("name")].stringValue,
            let value = table[.string("default")].doubleValue
        else {
            throw LoomError(
                .world, "parameters[\(index + 1)] needs a 'name' and a numeric 'default'", at: WorldDefinition.location)
        }
        self.name = name
        defaultValue = value
        minimum = table[.string("min")].doubleValue ?? value - 1
        maximum = table[.string("max")].doubleValue ?? value + 1
        guard minimum <= value, value <= maximum else {
            throw LoomError(
                .world, "parameter '\(name)': default \(value) is outside \(minimum)...\(maximum)",
                at: WorldDefinition.location)
        }
        step = table[.string("step")].doubleValue ?? max((maximum - minimum) / 10, 1e-6)
    }
}
