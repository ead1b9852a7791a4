import Foundation
import LoomCore

/// What tiles mean for expressive-range figures: which are solid ground and how lenient each
/// is (negative for hazards).
public struct TileProperties: Sendable {
    /// Whether a tile is solid (ground, walls): the figure `density` counts these.
    public var isSolid: @Sendable (Int) -> Bool
    /// How forgiving a tile is for a player: 0 for neutral, negative for hazards (an enemy −1,
    /// a gap −0.5), positive for help (a power-up +1).
    public var leniency: @Sendable (Int) -> Double

    /// Properties from lookup closures.
    public init(isSolid: @escaping @Sendable (Int) -> Bool, leniency: @escaping @Sendable (Int) -> Double = { _ in 0 })
    {
        self.isSolid = isSolid
        self.leniency = leniency
    }

    /// Properties from sets of tile ids: `solid` tiles are solid, `harmful` ones score −1.
    public init(solid: Set<Int>, harmful: Set<Int> = []) {
        self.init(isSolid: { solid.contains($0) }, leniency: { harmful.contains($0) ? -1 : 0 })
    }
}

/// Expressive-range figures of one map (Smith and Whitehead), each in a fixed range.
public struct ExpressiveRange: Sendable, Codable, Hashable {
    /// Share of solid cells, 0…1.
    public var density: Double
    /// How close the surface (the topmost solid cell of each column) lies to a straight line:
    /// 1 − mean |residual| of a least-squares fit / map height, 0…1 (1: perfectly straight).
    public var linearity: Double
    /// Mean leniency of the cells (see ``TileProperties/leniency``).
    public var leniency: Double
}

/// How a generated map compares with the examples it was learned from.
public struct MapQuality: Sendable, Codable, Hashable {
    /// Total variation distance between the tile distributions, 0 (same) … 1 (disjoint).
    public var totalVariation: Double
    /// Kullback–Leibler divergence of the map's tile distribution from the examples', in nats
    /// (tiles absent from the examples count with probability 1e-9).
    public var klDivergence: Double
    /// Share of the map's N×N windows that occur in no example, 0…1.
    public var novelty: Double
    /// The window side used for ``novelty``.
    public var N: Int
    /// Expressive-range figures, when tile properties were given.
    public var expressiveRange: ExpressiveRange?

    /// One figure per line, for `loom generate --stats`.
    public var report: String {
        var lines = [
            String(
                format: "tile distribution: total variation %.4f, KL divergence %.4f nats", totalVariation, klDivergence
            ),
            String(format: "pattern novelty (%dx%d windows not in the examples): %.4f", N, N, novelty),
        ]
        if let range = expressiveRange {
            lines.append(
                String(
                    format: "expressive range: density %.4f, linearity %.4f, leniency %.4f", range.density,
                    range.linearity, range.leniency))
        }
        return lines.joined(separator: "\n")
    }
}

/// Quality metrics for maps made from examples, shared by every learned generator.
public enum MapMetrics {
    /// The share of each tile id among the cells of `maps`.
    public static func tileDistribution(_ maps: [Grid<Int>]) -> [Int: Double] {
        var counts: [Int: Int] = [:]
        var total = 0
        for map in maps {
            for tile in map.cells { counts[tile, default: 0] += 1 }
            total += map.count
        }
        return counts.mapValues { Double($0) / Double(max(total, 1)) }
    }

    /// Total variation distance between two tile distributions: half the sum of absolute
    /// differences, 0…1.
    public static func totalVariation(_ p: [Int: Double], _ q: [Int: Double]) -> Double {
        let keys = Set(p.keys).union(q.keys).sorted()
        return keys.reduce(0) { $0 + abs((p[$1] ?? 0) - (q[$1] ?? 0)) } / 2
    }

    /// KL divergence `D(p ‖ q)` in nats; tiles missing from `q` count with probability 1e-9.
    public static func klDivergence(_ p: [Int: Double], from q: [Int: Double]) -> Double {
        p.keys.sorted().reduce(0) { sum, tile in
            let pv = p[tile] ?? 0
            return pv > 0 ? sum + pv * Foundation.log(pv / max(q[tile] ?? 0, 1e-9)) : sum
        }
    }

    /// Every N×N window of a map (not wrapping), row-major.
    static func windows(_ map: Grid<Int>, N: Int) -> [[Int]] {
        guard map.width >= N, map.height >= N else { return [] }
        var result: [[Int]] = []
        for y in 0...(map.height - N) {
            for x in 0...(map.width - N) {
                result.append((0..<(N * N)).map { map[x + $0 % N, y + $0 / N] })
            }
        }
        return result
    }

    /// The share of `map`'s N×N windows found in none of `examples`, 0…1 (0 for a map smaller
    /// than a window).
    public static func novelty(_ map: Grid<Int>, examples: [Grid<Int>], N: Int = 3) -> Double {
        var known = Set<[Int]>()
        for example in examples { known.formUnion(windows(example, N: N)) }
        let mine = windows(map, N: N)
        guard !mine.isEmpty else { return 0 }
        return Double(mine.filter { !known.contains($0) }.count) / Double(mine.count)
    }

    /// Density, linearity and leniency of a map.
    public static func expressiveRange(_ map: Grid<Int>, properties: TileProperties) -> ExpressiveRange {
        guard map.count > 0 else { return ExpressiveRange(density: 0, linearity: 1, leniency: 0) }
        let solid = map.cells.filter(properties.isSolid).count
        let leniency = map.cells.reduce(0) { $0 + properties.leniency($1) } / Double(map.count)
        // Surface height per column: rows from the bottom to the topmost solid cell (0 if none).
        let heights = (0..<map.width).map { x -> Double in
            let top = (0..<map.height).first { properties.isSolid(map[x, $0]) }
            return Double(top.map { map.height - $0 } ?? 0)
        }
        let n = Double(heights.count)
        let meanX = (n - 1) / 2, meanH = heights.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (x, h) in heights.enumerated() {
            sxy += (Double(x) - meanX) * (h - meanH)
            sxx += (Double(x) - meanX) * (Double(x) - meanX)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        var residual = 0.0
        for (x, h) in heights.enumerated() { residual += abs(h - (meanH + slope * (Double(x) - meanX))) }
        let linearity = max(0, 1 - residual / n / Double(map.height))
        return ExpressiveRange(density: Double(solid) / Double(map.count), linearity: linearity, leniency: leniency)
    }

    /// Every figure for `map` against `examples`.
    public static func evaluate(
        _ map: Grid<Int>, examples: [Grid<Int>], N: Int = 3, properties: TileProperties? = nil
    ) -> MapQuality {
        let p = tileDistribution([map]), q = tileDistribution(examples)
        return MapQuality(
            totalVariation: totalVariation(p, q), klDivergence: klDivergence(p, from: q),
            novelty: novelty(map, examples: examples, N: N), N: N,
            expressiveRange: properties.map { expressiveRange(map, properties: $0) })
    }
}
