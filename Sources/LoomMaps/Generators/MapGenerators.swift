import LoomCore

/// The one list of built-in map generators by name, which the command line, Lua and the C API
/// read.
///
/// ```swift
/// let generator = try MapGenerators.named("caves")
/// let map = try generator.decode(json: #"{"fillProbability": 0.47}"#, width: 80, height: 40)
///     .generate(seed: Seed(42))
/// // or, in one call:
/// let same = try MapGenerators.generate("caves", json: #"{"fillProbability": 0.47}"#, seed: Seed(42), width: 80, height: 40)
/// ```
public enum MapGenerators {
    /// Every built-in generator, in the order help text lists them.
    public static let all: [any MapGenerator.Type] = [
        TerrainParameters.self, CaveParameters.self, DungeonParameters.self, MazeParameters.self,
    ]

    /// The generators' names, in ``all``'s order.
    public static var names: [String] { all.map { $0.name } }

    /// The generator called `name`.
    /// - Throws: ``LoomCore/LoomError`` of kind `notFound` listing the names there are:
    ///   `unknown map generator 'cave'; expected one of: terrain, caves, dungeon, maze`.
    public static func named(_ name: String) throws -> any MapGenerator.Type {
        guard let found = all.first(where: { $0.name == name }) else {
            throw LoomError(
                .notFound, "unknown map generator '\(name)'; expected one of: \(names.joined(separator: ", "))")
        }
        return found
    }

    /// The parameters of generator `name` read from `json` (see ``MapGenerator/decode(json:width:height:file:)``),
    /// validated.
    public static func parameters(
        _ name: String, json: String?, width: Int? = nil, height: Int? = nil, file: String = "<parameters>"
    ) throws -> any MapGenerator {
        try named(name).decode(json: json, width: width, height: height, file: file)
    }

    /// Generator `name`'s map for `seed`, its parameters read from `json` with `width` and
    /// `height` overriding the JSON's when given.
    public static func generate(
        _ name: String, json: String?, seed: Seed, width: Int? = nil, height: Int? = nil
    ) throws -> TileMap {
        try parameters(name, json: json, width: width, height: height).generate(seed: seed)
    }
}
