import LoomCore

/// Perfect mazes carved on a lattice of cells, optionally braided.
///
/// Maze cells sit at odd coordinates `(2i+1, 2j+1)`; the cells between them are walls or
/// passages. A width or height that is even leaves one extra wall column or row. A perfect
/// maze (braid 0) has exactly one path between any two cells; ``braid`` removes that share of
/// dead ends by opening a wall, which makes loops.
///
/// The map has one tile layer, `ground` (`wall` and `floor`), and two `place` annotations:
/// `start` (the top-left cell) and `goal` (the cell farthest from it).
///
/// ```swift
/// var maze = MazeParameters(width: 41, height: 21)
/// maze.algorithm = .eller
/// maze.braid = 0.5
/// let map = try maze.generate(seed: Seed(1))
/// ```
public struct MazeParameters: Hashable, Sendable, Codable {
    /// How the perfect maze is carved.
    public enum Algorithm: String, Hashable, Sendable, Codable, CaseIterable {
        /// Depth-first search with an explicit stack: long winding corridors, few dead ends.
        case backtracker
        /// Eller's algorithm, one row at a time with set merging: memory linear in the width.
        case eller
    }

    /// Map width in cells. Default: 41. Range: 3...16385.
    public var width: Int = 41
    /// Map height in cells. Default: 21. Range: 3...16385.
    public var height: Int = 21
    /// The carving algorithm. Default: `.backtracker`.
    public var algorithm: Algorithm = .backtracker
    /// Share of dead ends removed by opening a wall. Default: 0 (a perfect maze). Range: 0...1.
    public var braid: Double = 0
    /// Eller's chance of joining two neighbouring cells of a row. Default: 0.5. Range: 0...1.
    public var horizontalBias: Double = 0.5

    /// Parameters with every other default, for a `width × height` map.
    public init(width: Int = 41, height: Int = 21) {
        self.width = width
        self.height = height
    }

    private enum CodingKeys: String, CodingKey { case width, height, algorithm, braid, horizontalBias }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? width
        height = try c.decodeIfPresent(Int.self, forKey: .height) ?? height
        algorithm = try c.decodeIfPresent(Algorithm.self, forKey: .algorithm) ?? algorithm
        braid = try c.decodeIfPresent(Double.self, forKey: .braid) ?? braid
        horizontalBias = try c.decodeIfPresent(Double.self, forKey: .horizontalBias) ?? horizontalBias
    }

    /// Throws a ``LoomCore/LoomError`` naming the first parameter out of range.
    public func validate() throws {
        try Check.range("width", width, 3...16385)
        try Check.range("height", height, 3...16385)
        try Check.range("braid", braid, 0...1)
        try Check.range("horizontalBias", horizontalBias, 0...1)
    }

    /// Makes the maze. A pure function of the parameters and `seed`.
    public func generate(seed: Seed) throws -> TileMap {
        try validate()
        var random = seed.derive("maze").makeRandom()
        var carver = MazeCarver(columns: (width - 1) / 2, rows: (height - 1) / 2, mapWidth: width, mapHeight: height)
        switch algorithm {
        case .backtracker: carver.carveBacktracker(&random)
        case .eller: carver.carveEller(&random, joinChance: horizontalBias)
        }
        if braid > 0 { carver.braid(&random, share: braid) }
        let ids = StandardTiles.shared
        var map = TileMap(width: width, height: height)
        map.setTiles(carver.open.mapped { $0 ? ids.floor : ids.wall }, named: "ground")
        let start = Point(x: 1, y: 1)
        let goal = DistanceMap(from: [start], passable: carver.open).farthest ?? start
        map.annotations.append(Annotation(kind: .place, name: "start", points: [start]))
        map.annotations.append(Annotation(kind: .place, name: "goal", points: [goal]))
        map.properties = ["generator": .string("maze"), "seed": .string(seed.description)]
        return map
    }
}
