import LoomCore

/// A map generator that needs nothing but its parameters and a seed: the parameter struct *is*
/// the generator, with documented defaults, a `validate()` that names the first parameter out
/// of range, and a pure `generate(seed:)`.
///
/// The built-in ones are listed once, in ``MapGenerators``, which the command line
/// (`loom generate caves`), Lua (`loom.caves{…}`) and the C API (`loom_map_generate("caves", …)`)
/// all read, so a generator added there is reachable from all of them.
///
/// ```swift
/// let cave = try CaveParameters.decode(json: #"{"fillProbability": 0.5}"#, width: 64, height: 32)
/// let map = try cave.generate(seed: Seed(7))
/// ```
public protocol MapGenerator: Codable, Sendable {
    /// The name users type: `caves`, `dungeon`, `maze`, `terrain`.
    static var name: String { get }
    /// One line saying what the generator makes, for help text and listings.
    static var summary: String { get }
    /// The spellings each enum-valued parameter accepts (`["connection": ["join", "keepLargest"]]`),
    /// for help text and `--set` checking. Default: none.
    static var parameterChoices: [String: [String]] { get }
    /// Map width in cells.
    var width: Int { get set }
    /// Map height in cells.
    var height: Int { get set }
    /// Throws a ``LoomCore/LoomError`` of kind `invalidArgument` naming the first parameter out of range.
    func validate() throws
    /// Makes the map: a pure function of the parameters and `seed`.
    func generate(seed: Seed) throws -> TileMap
}

extension MapGenerator {
    /// No enum-valued parameters.
    public static var parameterChoices: [String: [String]] { [:] }

    /// Parameters read from JSON that names only what it changes (every missing key keeps its
    /// default), then `width` and `height` when given, then validated — the one place parameters
    /// from outside Swift are checked.
    ///
    /// - Parameters:
    ///   - json: A JSON object, or `nil` (or empty text) for every default.
    ///   - width: Overrides the JSON's `width` when given.
    ///   - height: Overrides the JSON's `height` when given.
    ///   - file: Names the JSON in error locations. Default: `<parameters>`.
    /// - Throws: A located ``LoomCore/LoomError``: `.syntax` for malformed JSON, `.semantic` for a
    ///   wrong type or an unknown key (`<parameters>:1:2: error: unknown key 'fill' …`),
    ///   `.invalidArgument` for a value out of range.
    public static func decode(
        json: String?, width: Int? = nil, height: Int? = nil, file: String = "<parameters>"
    ) throws -> Self {
        let text = json.map { $0.allSatisfy(\.isWhitespace) ? "{}" : $0 } ?? "{}"
        var parameters = try LocatedJSONDecoder(rejectsUnknownKeys: true).decode(Self.self, from: text, file: file)
        if let width { parameters.width = width }
        if let height { parameters.height = height }
        try parameters.validate()
        return parameters
    }
}

extension CaveParameters: MapGenerator {
    /// `caves`.
    public static var name: String { "caves" }
    /// What `caves` makes.
    public static var summary: String { "Caves from a cellular automaton, every region joined." }
    /// The `connection` spellings.
    public static var parameterChoices: [String: [String]] { ["connection": Connection.allCases.map(\.rawValue)] }
}

extension DungeonParameters: MapGenerator {
    /// `dungeon`.
    public static var name: String { "dungeon" }
    /// What `dungeon` makes.
    public static var summary: String { "A dungeon of rooms, corridors and doors (BSP or digger)." }
    /// The `algorithm` spellings.
    public static var parameterChoices: [String: [String]] { ["algorithm": Algorithm.allCases.map(\.rawValue)] }
}

extension MazeParameters: MapGenerator {
    /// `maze`.
    public static var name: String { "maze" }
    /// What `maze` makes.
    public static var summary: String { "A maze (recursive backtracker or Eller's), optionally braided." }
    /// The `algorithm` spellings.
    public static var parameterChoices: [String: [String]] { ["algorithm": Algorithm.allCases.map(\.rawValue)] }
}

extension TerrainParameters: MapGenerator {
    /// `terrain`.
    public static var name: String { "terrain" }
    /// What `terrain` makes.
    public static var summary: String { "Terrain: height, moisture, temperature, biomes, rivers and lakes." }
    /// The `shape` spellings.
    public static var parameterChoices: [String: [String]] { ["shape": Shape.allCases.map(\.rawValue)] }

    /// Makes the terrain on every active processor; the bytes are the same for any thread count.
    public func generate(seed: Seed) throws -> TileMap {
        try generate(seed: seed, threads: Parallel.defaultThreadCount)
    }
}
