import LoomCore

/// Two figures comparing generated maps with their examples, for `loom generate neural --stats`.
///
/// Interim: the shared quality metrics (`Sources/LoomMaps/Metrics/`, built on another branch)
/// replace these once they land on main; until then they are kept minimal, and public only
/// so `loom generate neural --stats` can print them.
public enum NeuralTileStatistics {
    /// The share of each tile id `0..<vocabulary` over all cells of `maps`.
    public static func distribution(of maps: [Grid<UInt16>], vocabulary: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: vocabulary)
        var total = 0.0
        for map in maps {
            for tile in map.cells where Int(tile) < vocabulary {
                counts[Int(tile)] += 1
                total += 1
            }
        }
        return total > 0 ? counts.map { $0 / total } : counts
    }

    /// Total-variation distance between the tile distributions, 0 (same shares) to 1 (disjoint).
    public static func distributionDistance(
        _ generated: [Grid<UInt16>], _ examples: [Grid<UInt16>], vocabulary: Int
    ) -> Double {
        let a = distribution(of: generated, vocabulary: vocabulary)
        let b = distribution(of: examples, vocabulary: vocabulary)
        return zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
    }

    /// The share of the generated maps' `side`×`side` patterns (wholly inside the map) that
    /// occur in no example: 0 copies only seen patterns, 1 shares none with the examples.
    public static func novelty(_ generated: [Grid<UInt16>], _ examples: [Grid<UInt16>], side: Int = 3) -> Double {
        var seen = Set<[UInt16]>()
        for map in examples { forEachPattern(map, side: side) { seen.insert($0) } }
        var total = 0, novel = 0
        for map in generated {
            forEachPattern(map, side: side) {
                total += 1
                if !seen.contains($0) { novel += 1 }
            }
        }
        return total > 0 ? Double(novel) / Double(total) : 0
    }

    private static func forEachPattern(_ map: Grid<UInt16>, side: Int, _ body: ([UInt16]) -> Void) {
        guard map.width >= side, map.height >= side else { return }
        var pattern = [UInt16](repeating: 0, count: side * side)
        for y in 0...(map.height - side) {
            for x in 0...(map.width - side) {
                for dy in 0..<side {
                    for dx in 0..<side { pattern[dy * side + dx] = map[x + dx, y + dy] }
                }
                body(pattern)
            }
        }
    }
}
