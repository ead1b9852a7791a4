import LoomCore

/// Dungeons of rectangular rooms joined by corridors, with doors where corridors enter rooms.
///
/// Two algorithms share these parameters:
/// - `.bsp` splits the map recursively (binary space partitioning), puts one room in each
///   leaf and joins sibling subtrees with L-shaped corridors, so every room is reachable.
/// - `.digger` grows the dungeon outward from a first room, as rot.js's Digger does: each
///   step picks a wall of an existing room and tries to attach a corridor and a room (or a
///   room directly) where there is solid rock. It stops when ``fillTarget`` of the map is dug
///   or after ``maximumSteps`` attempts — a count of steps, never a time limit, so a seed
///   always gives the same dungeon.
///
/// The map has one tile layer, `ground` (`wall`, `floor`, `corridor`, `door`, `stairs-up`,
/// `stairs-down`), and annotations: one `room` per room (its rectangle), one `corridor` per
/// corridor (its cells), one `door` per door, and `place`s `entrance` (stairs up, in the first
/// room) and `exit` (stairs down, in the room farthest from the entrance by walking).
public struct DungeonParameters: Hashable, Sendable, Codable {
    /// How rooms are placed and joined.
    public enum Algorithm: String, Hashable, Sendable, Codable, CaseIterable {
        /// Binary space partitioning with one room per leaf.
        case bsp
        /// Rooms and corridors attached one by one to what is already dug.
        case digger
    }

    /// Map width in cells. Default: 80. Range: 12...8192.
    public var width: Int = 80
    /// Map height in cells. Default: 50. Range: 12...8192.
    public var height: Int = 50
    /// The placement algorithm. Default: `.bsp`.
    public var algorithm: Algorithm = .bsp
    /// Smallest room side (floor cells). Default: 4. Range: 2...`maximumRoomSize`.
    public var minimumRoomSize: Int = 4
    /// Largest room side (floor cells). Default: 12. Range: `minimumRoomSize`...256.
    public var maximumRoomSize: Int = 12
    /// `.bsp`: a split leaves each side at least this share of the parent. Default: 0.35. Range: 0.1...0.5.
    public var splitBalance: Double = 0.35
    /// `.digger`: shortest corridor. Default: 2. Range: 1...`maximumCorridorLength`.
    public var minimumCorridorLength: Int = 2
    /// `.digger`: longest corridor. Default: 8. Range: `minimumCorridorLength`...256.
    public var maximumCorridorLength: Int = 8
    /// `.digger`: chance of a corridor (rather than a room directly) at each attachment. Default: 0.7. Range: 0...1.
    public var corridorChance: Double = 0.7
    /// `.digger`: stop once this share of the map is floor. Default: 0.35. Range: 0.05...0.9.
    public var fillTarget: Double = 0.35
    /// `.digger`: the most attachment attempts before stopping. Default: 5000. Range: 1...10_000_000.
    public var maximumSteps: Int = 5000
    /// Whether to place doors where corridors enter rooms. Default: `true`.
    public var doors: Bool = true

    /// Parameters with every other default, for a `width × height` map.
    public init(width: Int = 80, height: Int = 50, algorithm: Algorithm = .bsp) {
        self.width = width
        self.height = height
        self.algorithm = algorithm
    }

    private enum CodingKeys: String, CodingKey {
        case width, height, algorithm, minimumRoomSize, maximumRoomSize, splitBalance, minimumCorridorLength,
            maximumCorridorLength, corridorChance, fillTarget, maximumSteps, doors
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? width
        height = try c.decodeIfPresent(Int.self, forKey: .height) ?? height
        algorithm = try c.decodeIfPresent(Algorithm.self, forKey: .algorithm) ?? algorithm
        minimumRoomSize = try c.decodeIfPresent(Int.self, forKey: .minimumRoomSize) ?? minimumRoomSize
        maximumRoomSize = try c.decodeIfPresent(Int.self, forKey: .maximumRoomSize) ?? maximumRoomSize
        splitBalance = try c.decodeIfPresent(Double.self, forKey: .splitBalance) ?? splitBalance
        minimumCorridorLength =
            try c.decodeIfPresent(Int.self, forKey: .minimumCorridorLength) ?? minimumCorridorLength
        maximumCorridorLength =
            try c.decodeIfPresent(Int.self, forKey: .maximumCorridorLength) ?? maximumCorridorLength
        corridorChance = try c.decodeIfPresent(Double.self, forKey: .corridorChance) ?? corridorChance
        fillTarget = try c.decodeIfPresent(Double.self, forKey: .fillTarget) ?? fillTarget
        maximumSteps = try c.decodeIfPresent(Int.self, forKey: .maximumSteps) ?? maximumSteps
        doors = try c.decodeIfPresent(Bool.self, forKey: .doors) ?? doors
    }

    /// Throws a ``LoomCore/LoomError`` naming the first parameter out of range.
    public func validate() throws {
        try Check.range("width", width, 12...8192)
        try Check.range("height", height, 12...8192)
        try Check.range("minimumRoomSize", minimumRoomSize, 2...256)
        try Check.range("maximumRoomSize", maximumRoomSize, minimumRoomSize...256)
        try Check.that(
            maximumRoomSize + 2 <= min(width, height),
            "maximumRoomSize is \(maximumRoomSize), but a \(width)x\(height) map fits rooms of at most "
                + "\(min(width, height) - 2) (a room needs a wall on each side)")
        try Check.range("splitBalance", splitBalance, 0.1...0.5)
        try Check.range("minimumCorridorLength", minimumCorridorLength, 1...256)
        try Check.range("maximumCorridorLength", maximumCorridorLength, minimumCorridorLength...256)
        try Check.range("corridorChance", corridorChance, 0...1)
        try Check.range("fillTarget", fillTarget, 0.05...0.9)
        try Check.range("maximumSteps", maximumSteps, 1...10_000_000)
    }

    /// Makes the dungeon. A pure function of the parameters and `seed`.
    public func generate(seed: Seed) throws -> TileMap {
        try validate()
        var canvas = DungeonCanvas(width: width, height: height, doors: doors)
        switch algorithm {
        case .bsp:
            var random = seed.derive("dungeon.bsp").makeRandom()
            BSPDungeon(parameters: self).build(on: &canvas, random: &random)
        case .digger:
            var random = seed.derive("dungeon.digger").makeRandom()
            DiggerDungeon(parameters: self).build(on: &canvas, random: &random)
        }
        var map = canvas.makeMap()
        map.properties = [
            "generator": .string("dungeon"), "algorithm": .string(algorithm.rawValue),
            "seed": .string(seed.description),
        ]
        return map
    }
}
