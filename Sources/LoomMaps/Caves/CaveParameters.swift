import LoomCore

/// Caves grown by a cellular automaton from random rock, then made one connected cave.
///
/// Each cell starts as wall with probability ``fillProbability``; ``rule`` is applied
/// ``iterations`` times; regions smaller than ``minimumRegionSize`` are filled in; then
/// ``connection`` makes the floor one 4-connected region — by tunnels between nearest regions,
/// or by keeping only the largest. The outermost ring of cells is always wall.
///
/// The map has one tile layer, `ground` (`wall` and `floor` from ``Tileset/standard``), and one
/// `region` annotation per cave chamber found before joining, plus one `corridor` per tunnel.
///
/// ```swift
/// let cave = try CaveParameters(width: 80, height: 40).generate(seed: Seed(7))
/// ```
public struct CaveParameters: Hashable, Sendable, Codable {
    /// How separate caves become one.
    public enum Connection: String, Hashable, Sendable, Codable, CaseIterable {
        /// Dig the shortest tunnels that join every region (a minimum spanning tree).
        case join
        /// Fill every region but the largest.
        case keepLargest
    }

    /// Map width in cells. Default: 80. Range: 3...8192.
    public var width: Int = 80
    /// Map height in cells. Default: 50. Range: 3...8192.
    public var height: Int = 50
    /// Chance that a cell starts as wall. Default: 0.45. Range: 0...1.
    public var fillProbability: Double = 0.45
    /// The automaton's rule over wall neighbours. Default: `B5678/S45678`.
    public var rule: CellularRule = CellularRule(birth: [5, 6, 7, 8], survival: [4, 5, 6, 7, 8])
    /// Number of automaton steps. Default: 4. Range: 0...100.
    public var iterations: Int = 4
    /// Regions of fewer floor cells than this are filled in before joining. Default: 8. Range: ≥ 0.
    public var minimumRegionSize: Int = 8
    /// How the remaining regions become one. Default: `.join`.
    public var connection: Connection = .join

    /// Parameters with every default, for a `width × height` map.
    public init(width: Int = 80, height: Int = 50) {
        self.width = width
        self.height = height
    }

    private enum CodingKeys: String, CodingKey {
        case width, height, fillProbability, rule, iterations, minimumRegionSize, connection
    }

    // Missing keys keep their defaults, so partial JSON (and `--set`) works.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? width
        height = try c.decodeIfPresent(Int.self, forKey: .height) ?? height
        fillProbability = try c.decodeIfPresent(Double.self, forKey: .fillProbability) ?? fillProbability
        rule = try c.decodeIfPresent(CellularRule.self, forKey: .rule) ?? rule
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? iterations
        minimumRegionSize = try c.decodeIfPresent(Int.self, forKey: .minimumRegionSize) ?? minimumRegionSize
        connection = try c.decodeIfPresent(Connection.self, forKey: .connection) ?? connection
    }

    /// Throws a ``LoomCore/LoomError`` naming the first parameter out of range.
    public func validate() throws {
        try Check.range("width", width, 3...8192)
        try Check.range("height", height, 3...8192)
        try Check.range("fillProbability", fillProbability, 0...1)
        try Check.range("iterations", iterations, 0...100)
        try Check.range("minimumRegionSize", minimumRegionSize, 0...Int.max)
    }

    /// Makes the cave. A pure function of the parameters and `seed`.
    public func generate(seed: Seed) throws -> TileMap {
        try validate()
        var random = seed.derive("caves").makeRandom()
        var walls = Grid(width: width, height: height, repeating: true)
        for y in 1..<(height - 1) {
            for x in 1..<(width - 1) { walls[unchecked: y * width + x] = random.nextBool(probability: fillProbability) }
        }
        var next = walls
        for _ in 0..<iterations {
            rule.step(walls, into: &next)
            swap(&walls, &next)
            closeBorder(&walls)
        }
        var open = walls.mapped { !$0 }
        if minimumRegionSize > 0 { RegionJoiner.removeSmallRegions(&open, minimumSize: minimumRegionSize) }
        let chambers = RegionLabels(open)
        var tunnels: [[Point]] = []
        switch connection {
        case .join: tunnels = RegionJoiner.join(&open, regions: chambers)
        case .keepLargest: RegionJoiner.keepLargestRegion(&open, regions: chambers)
        }
        let ids = StandardTiles.shared
        var map = TileMap(width: width, height: height)
        map.setTiles(open.mapped { $0 ? ids.floor : ids.wall }, named: "ground")
        let boxes = chambers.boundingBoxes
        for region in 0..<chambers.count {
            let keepsCells = connection == .join || region == chambers.largest
            guard keepsCells else { continue }
            map.annotations.append(
                Annotation(
                    kind: .region, name: "chamber \(map.annotations.count + 1)", rect: boxes[region],
                    properties: ["cells": .int(chambers.sizes[region])]))
        }
        for (number, tunnel) in tunnels.enumerated() {
            map.annotations.append(Annotation(kind: .corridor, name: "tunnel \(number + 1)", points: tunnel))
        }
        map.properties = ["generator": .string("caves"), "seed": .string(seed.description)]
        return map
    }

    private func closeBorder(_ walls: inout Grid<Bool>) {
        for x in 0..<width {
            walls[x, 0] = true
            walls[x, height - 1] = true
        }
        for y in 0..<height {
            walls[0, y] = true
            walls[width - 1, y] = true
        }
    }
}
