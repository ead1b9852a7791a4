import Foundation
import LoomCore
import LoomMaps
import LoomStory

/// Everything a playthrough of a world has changed, as one value a game writes to disk and a
/// later session continues from (``WorldSession/save()``, ``WorldSession/load(_:)``).
///
/// A save names the world it belongs to (its name and a digest of its files) and the seed and
/// map the session generated; loading it into a session of another world, seed or map is an
/// error, never a silent load. It holds the story's state (variables, visits, the node and
/// options waiting, generated text; of a Yarn story, or of an ink story: ``WorldInkState``), the
/// map's edits as a diff against the generated map, the
/// player, the transcript, and the Lua state `world.lua` declares savable (its global `state`
/// table; see ``WorldSavedValue``).
///
/// Written as JSON with sorted keys (``encoded()``), so identical sessions give identical bytes.
/// Versioned like `StoryState`: a save newer than ``formatVersion`` or older than
/// ``oldestLoadableVersion`` is refused, as are corrupt bytes, with a clear message.
///
/// ```swift
/// try session.save().write(to: "slot1.json")
/// let save = try WorldSave.read(from: "slot1.json")
/// let resumed = try world.resume(save)
/// ```
public struct WorldSave: Equatable, Sendable, Codable {
    /// The format this build writes. Version 2 added ink stories (``ink``). Version 3 keeps the
    /// story's recent lines as a field of their own (`StoryState.lineHistory`,
    /// ``WorldInkState/lineHistory``) instead of two keys of the generated text; an older save
    /// is migrated as it is read, and written again as version 3.
    public static let formatVersion = 3
    /// The oldest format this build reads.
    public static let oldestLoadableVersion = 1
    /// The value of ``format``: what marks a file as a world save.
    public static let formatName = "loom-world-save"

    /// Always ``formatName``.
    public var format: String = WorldSave.formatName
    /// The format version of this save.
    public var version: Int = WorldSave.formatVersion
    /// The world's name (`world.lua`'s `name`).
    public var world: String
    /// The digest of the world's files when the save was made (``World/digest``).
    public var digest: String
    /// The seed the session's map was generated from.
    public var seed: Seed
    /// The generated map's size.
    public var width: Int
    /// The generated map's height.
    public var height: Int
    /// A digest of the generated map (its layers, annotations and properties), so a save made
    /// at other generation parameters is refused.
    public var mapDigest: String
    /// The Yarn story's state, with the node being played; `nil` for an ink story.
    public var story: StoryState?
    /// The ink story's state; `nil` for a Yarn story.
    public var ink: WorldInkState?
    /// The node being played when the save was made (``WorldSession/currentNode``).
    public var currentNode: String?
    /// Whether the session had started its story.
    public var started: Bool
    /// The player: where they stand and how many cells they entered.
    public var player: WorldPlayer
    /// The map's edits since it was generated.
    public var map: WorldMapDiff
    /// `world.lua`'s global `state` table, when it declares one.
    public var state: WorldSavedValue?
    /// Everything said, offered and chosen so far (``WorldSession/transcript``).
    public var transcript: [String]
    /// The lines of the dialogue running when the save was made (``WorldSession/lines``).
    public var lines: [String]

    /// The save as JSON with sorted keys: equal saves give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes ``encoded()`` to `path` atomically (a temporary file, then a rename).
    public func write(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path)
    }

    /// Reads a save written by ``write(to:)``.
    public static func read(from path: String) throws -> WorldSave {
        try decode(try AtomicFile.read(path), file: path)
    }

    /// Decodes a save; `file` names it in errors.
    /// - Throws: a `.format` error for bytes that are not a world save, a version this build
    ///   does not read, or a field that is missing or malformed (located at its line and column).
    public static func decode(_ data: Data, file: String = "<save>") throws -> WorldSave {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let location = SourceLocation(file: file)
        let header: Header
        do {
            header = try LocatedJSONDecoder().decode(Header.self, from: data, file: file)
        } catch let error as LoomError {
            throw LoomError(
                .format, "\(file) is not a Loom world save: \(error.message)", at: error.location ?? location)
        }
        guard header.format == formatName, let version = header.version else {
            throw LoomError(
                .format, "\(file) is not a Loom world save (no \"format\": \"\(formatName)\")", at: location)
        }
        if version > formatVersion {
            throw LoomError(
                .format,
                "\(file) is a world save of format version \(version), newer than this build's \(formatVersion)",
                at: location)
        }
        if version < oldestLoadableVersion {
            throw LoomError(
                .format,
                "\(file) is a world save of format version \(version), older than the oldest this build reads "
                    + "(\(oldestLoadableVersion))", at: location)
        }
        do {
            var save = try LocatedJSONDecoder().decode(WorldSave.self, from: data, file: file)
            // The story's state and the ink state migrate themselves as they decode.
            save.version = formatVersion
            return save
        } catch let error as LoomError {
            throw LoomError(.format, "the world save is corrupt: \(error.message)", at: error.location ?? location)
        }
    }

    /// The digest of a generated map: its size, layers, annotations and properties.
    static func digest(of map: TileMap) -> String {
        var hasher = StableHasher()
        hasher.combine(map.width)
        hasher.combine(map.height)
        for layer in map.tileLayers {
            hasher.combine(layer.name)
            hasher.combine(layer.tiles.cells)
        }
        for layer in map.floatLayers {
            hasher.combine(layer.name)
            hasher.combine(layer.values.cells)
        }
        for annotation in map.annotations {
            hasher.combine(annotation.kind.rawValue)
            hasher.combine(annotation.name)
            for point in annotation.points
                + (annotation.rect.map { [Point(x: $0.x, y: $0.y), Point(x: $0.width, y: $0.height)] } ?? [])
            {
                hasher.combine(point.x)
                hasher.combine(point.y)
            }
            for key in annotation.properties.keys.sorted() {
                hasher.combine(key)
                hasher.combine(annotation.properties[key]!.description)
            }
        }
        for key in map.properties.keys.sorted() {
            hasher.combine(key)
            hasher.combine(map.properties[key]!.description)
        }
        return hex(hasher.finalize())
    }

    /// 16 lowercase hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The player of a world session: where they stand and how far they walked.
public struct WorldPlayer: Hashable, Sendable, Codable {
    /// The last cell the player entered (``WorldSession/enter(_:)-(Point)``); `nil` before the first.
    public var position: Point?
    /// How many cells the player entered; a scripted walk (``WorldSession/play(walk:choices:stopsWhenChoicesRunOut:)``)
    /// continues after this many steps.
    public var steps: Int

    /// A player at `position` after `steps` steps.
    public init(position: Point? = nil, steps: Int = 0) {
        self.position = position
        self.steps = steps
    }
}

/// An ink story's part of a ``WorldSave``: the runner's own save, the text the world's
/// functions wrote and the lines the player has seen.
public struct WorldInkState: Equatable, Sendable, Codable {
    /// The ink runner's save (`InkRunner.saveState()`: JSON with its own format version, the
    /// story's variables, visit counts, call stack and choices waiting).
    public var state: String
    /// What the world's text functions wrote for this playthrough, by call site, and the
    /// generated options waiting.
    public var text: [String: String]
    /// The story's recent lines, which prompts read (save format version 3; a version 2 save
    /// kept them in ``text`` and is migrated as it loads).
    public var lineHistory: StoryLineHistory

    /// A state from its parts.
    public init(state: String, text: [String: String], lineHistory: StoryLineHistory = StoryLineHistory()) {
        self.state = state
        self.text = text
        self.lineHistory = lineHistory
    }

    /// Decodes the ink part of a save; a save before version 3 has its recent lines in ``text``,
    /// which are moved to ``lineHistory``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(String.self, forKey: .state)
        text = try container.decode([String: String].self, forKey: .text)
        lineHistory = try container.decodeIfPresent(StoryLineHistory.self, forKey: .lineHistory) ?? StoryLineHistory()
        if let migrated = StoryLineHistory.migrating(from: &text) { lineHistory = migrated }
    }
}
