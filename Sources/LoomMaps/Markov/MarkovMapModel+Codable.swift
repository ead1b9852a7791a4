import Foundation
import LoomCore

extension MarkovMapModel: Codable {
    private enum CodingKeys: String, CodingKey { case format, version, options, tiles, levels }

    private struct Entry: Codable {
        var context: [Int]
        var counts: [Int]
    }

    /// Writes `format`, `version`, `options`, `tiles` and, per back-off level, the contexts in
    /// ascending order with their counts, so the same model always gives the same bytes.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("loom.markov", forKey: .format)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(options, forKey: .options)
        try container.encode(tiles, forKey: .tiles)
        let sorted = levels.map { level in
            level.map { Entry(context: $0.key, counts: $0.value) }.sorted {
                $0.context.lexicographicallyPrecedes($1.context)
            }
        }
        try container.encode(sorted, forKey: .levels)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == "loom.markov" else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "expected 'loom.markov', found '\(format)'")
        }
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "version \(version) is not supported (this build reads \(Self.formatVersion))")
        }
        let options = try container.decode(MarkovOptions.self, forKey: .options)
        let tiles = try container.decode([Int].self, forKey: .tiles)
        let entries = try container.decode([[Entry]].self, forKey: .levels)
        guard entries.count == options.window.count + 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .levels, in: container,
                debugDescription: "expected \(options.window.count + 1) levels, found \(entries.count)")
        }
        var levels: [[[Int]: [Int]]] = []
        for (level, list) in entries.enumerated() {
            var table: [[Int]: [Int]] = [:]
            for entry in list {
                guard entry.counts.count == tiles.count, entry.context.count == options.window.count - level,
                    entry.counts.allSatisfy({ $0 >= 0 })
                else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .levels, in: container,
                        debugDescription: "level \(level) has a context or count list of the wrong length")
                }
                table[entry.context] = entry.counts
            }
            levels.append(table)
        }
        self.init(options: options, tiles: tiles, levels: levels)
    }

    /// Saves the model as JSON, atomically (a temporary file, then a rename).
    public func export(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: path)
    }

    /// Loads a model saved by ``export(to:)``. Errors name the file, line and column of the
    /// value at fault and say what was wrong.
    public static func load(from path: String) throws -> MarkovMapModel {
        do {
            return try LocatedJSONDecoder().decode(MarkovMapModel.self, fromFile: path)
        } catch var error as LoomError where error.kind == .semantic {
            error.message = "not a Loom Markov model: " + error.message
            throw error
        }
    }
}
