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
    /// The most memory generating holds per cell, in bytes, with room to spare: what the command
    /// line and the C API check against a memory budget before anything is allocated. Default: 32.
    static var bytesPerCell: Int { get }
    /// The work generating does per cell, in Lua instructions: what a world script is charged
    /// against its instruction budget before the generator runs. Default: 40.
    static var instructionsPerCell: Int { get }
    /// The numeric parameters worth tuning by hand, for the playground's sliders
    /// (`loom preview caves`). Default: none.
    static var tunableParameters: [TunableParameter] { get }
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
    /// 32 bytes a cell (measured at 2048²: caves 32, maze 27).
    public static var bytesPerCell: Int { 32 }
    /// 40 instructions a cell.
    public static var instructionsPerCell: Int { 40 }
    /// None.
    public static var tunableParameters: [TunableParameter] { [] }

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

/// A numeric parameter of a ``MapGenerator`` worth a slider: its key, the span the slider covers
/// (inside what `validate()` accepts; the most useful part of it) and the slider's step. A
/// whole-number step sets the value as an integer.
public struct TunableParameter: Sendable, Hashable {
    /// The parameter's key, as `--set` and JSON name it.
    public var key: String
    /// The values the slider covers.
    public var range: ClosedRange<Double>
    /// How far one step moves the value.
    public var step: Double

    /// A parameter `key` tuned over `range` in steps of `step`.
    public init(_ key: String, _ range: ClosedRange<Double>, step: Double) {
        self.key = key
        self.range = range
        self.step = step
    }

    /// Whether values are whole numbers (the step and both ends of the range are).
    public var isWhole: Bool {
        [step, range.lowerBound, range.upperBound].allSatisfy { $0 == $0.rounded() }
    }
}

extension CaveParameters: MapGenerator {
    /// `caves`.
    public static var name: String { "caves" }
    /// What `caves` makes.
    public static var summary: String { "Caves from a cellular automaton, every region joined." }
    /// The `connection` spellings.
    public static var parameterChoices: [String: [String]] { ["connection": Connection.allCases.map(\.rawValue)] }
    /// The wall share at the start and the automaton's steps.
    public static var tunableParameters: [TunableParameter] {
        [TunableParameter("fillProbability", 0.3...0.7, step: 0.01), TunableParameter("iterations", 0...12, step: 1)]
    }
}

extension DungeonParameters: MapGenerator {
    /// `dungeon`.
    public static var name: String { "dungeon" }
    /// What `dungeon` makes.
    public static var summary: String { "A dungeon of rooms, corridors and doors (BSP or digger)." }
    /// The `algorithm` spellings.
    public static var parameterChoices: [String: [String]] { ["algorithm": Algorithm.allCases.map(\.rawValue)] }
    /// 64 bytes a cell: the room grid beside the map (48 measured at 2048²).
    public static var bytesPerCell: Int { 64 }
    /// Room sizes, corridors and how much of the map rooms fill.
    public static var tunableParameters: [TunableParameter] {
        [
            TunableParameter("minimumRoomSize", 2...12, step: 1), TunableParameter("maximumRoomSize", 4...24, step: 1),
            TunableParameter("corridorChance", 0...1, step: 0.05),
            TunableParameter("fillTarget", 0.05...0.9, step: 0.05),
        ]
    }
}

extension MazeParameters: MapGenerator {
    /// `maze`.
    public static var name: String { "maze" }
    /// What `maze` makes.
    public static var summary: String { "A maze (recursive backtracker or Eller's), optionally braided." }
    /// The `algorithm` spellings.
    public static var parameterChoices: [String: [String]] { ["algorithm": Algorithm.allCases.map(\.rawValue)] }
    /// How many dead ends are opened and Eller's horizontal bias.
    public static var tunableParameters: [TunableParameter] {
        [TunableParameter("braid", 0...1, step: 0.05), TunableParameter("horizontalBias", 0...1, step: 0.05)]
    }
}

extension TerrainParameters: MapGenerator {
    /// `terrain`.
    public static var name: String { "terrain" }
    /// What `terrain` makes.
    public static var summary: String { "Terrain: height, moisture, temperature, biomes, rivers and lakes." }
    /// The `shape` spellings.
    public static var parameterChoices: [String: [String]] { ["shape": Shape.allCases.map(\.rawValue)] }
    /// 96 bytes a cell: several float fields and the drainage model, erosion more (37 measured
    /// at 2048² without erosion).
    public static var bytesPerCell: Int { 96 }
    /// 200 instructions a cell: far more work than the other generators.
    public static var instructionsPerCell: Int { 200 }
    /// Sea level, how fast islands fall off, how much flow makes a river, and cooling with height.
    public static var tunableParameters: [TunableParameter] {
        [
            TunableParameter("seaLevel", -0.5...0.5, step: 0.02), TunableParameter("islandFalloff", 0...4, step: 0.1),
            TunableParameter("riverThreshold", 20...600, step: 10),
            TunableParameter("altitudeCooling", 0...2, step: 0.05),
        ]
    }

    /// Makes the terrain on every active processor; the bytes are the same for any thread count.
    public func generate(seed: Seed) throws -> TileMap {
        try generate(seed: seed, threads: Parallel.defaultThreadCount)
    }
}
