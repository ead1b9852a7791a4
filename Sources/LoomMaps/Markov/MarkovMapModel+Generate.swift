import LoomCore

/// A map made by a ``MarkovMapModel``.
public struct MarkovResult: Sendable, Hashable {
    /// The tile ids.
    public var grid: Grid<Int>
    /// Band samplings made in all (one per band when no band was re-sampled).
    public var bandSamples: Int
    /// Whether a walkable left-to-right path exists; `nil` when no playability rule was given.
    public var isPlayable: Bool?
}

extension MarkovMapModel {
    /// Generates a `width × height` map from `seed`, cell by cell in row-major order within
    /// column bands, each tile drawn from its context's learned distribution.
    ///
    /// With `playability`, bands of ``MarkovPlayability/bandWidth`` columns are made left to
    /// right; a band through which no walkable path continues from the left edge is re-sampled
    /// (from `seed.derive("markov").derive(band, try)`) up to ``MarkovPlayability/tries`` times.
    /// If a band still blocks every path, the map is returned with `isPlayable == false`.
    public func generate(
        width: Int, height: Int, seed: Seed, playability: MarkovPlayability? = nil
    ) throws -> MarkovResult {
        guard width > 0, height > 0 else {
            throw LoomError(.invalidArgument, "the map size must be positive, got \(width)x\(height)")
        }
        if let playability {
            guard playability.bandWidth >= 1, playability.tries >= 1 else {
                throw LoomError(.invalidArgument, "bandWidth and tries must be at least 1")
            }
        }
        var grid = Grid(width: width, height: height, repeating: -1)
        let bandWidth = playability?.bandWidth ?? width
        let walkable = Set(playability?.walkable ?? [])
        var samples = 0
        var playable: Bool? = playability == nil ? nil : true
        var reach = Grid(width: width, height: height, repeating: false)
        var band = 0
        var start = 0
        while start < width {
            let end = min(width, start + bandWidth)
            let tries = playability?.tries ?? 1
            for attempt in 0..<tries {
                var random = seed.derive("markov").derive(band, attempt).makeRandom()
                fill(&grid, columns: start..<end, random: &random)
                samples += 1
                guard playability != nil else { break }
                if Self.extendReach(&reach, grid: grid, walkable: walkable, columns: start..<end) { break }
                if attempt == tries - 1 { playable = false }
            }
            band += 1
            start = end
        }
        return MarkovResult(grid: grid, bandSamples: samples, isPlayable: playable)
    }

    private func fill(_ grid: inout Grid<Int>, columns: Range<Int>, random: inout Xoshiro256StarStar) {
        var weights = [Double](repeating: 0, count: tiles.count)
        for y in 0..<grid.height {
            for x in columns {
                let context = options.window.map { offset -> Int in
                    let nx = x + offset.x, ny = y + offset.y
                    return grid.contains(x: nx, y: ny) ? grid[nx, ny] : -1
                }
                let counts = counts(for: context)
                for i in 0..<tiles.count { weights[i] = Double(counts[i]) + options.smoothing }
                grid[x, y] = tiles[random.weightedIndex(weights) ?? 0]
            }
        }
    }

    /// Recomputes which walkable cells of `columns` connect to the left edge through walkable
    /// cells (earlier columns already done); `true` when some cell of the last column is reached.
    static func extendReach(
        _ reach: inout Grid<Bool>, grid: Grid<Int>, walkable: Set<Int>, columns: Range<Int>
    ) -> Bool {
        var stack: [Point] = []
        for y in 0..<grid.height {
            for x in columns { reach[x, y] = false }
        }
        for y in 0..<grid.height where walkable.contains(grid[columns.lowerBound, y]) {
            let fromLeft = columns.lowerBound == 0 || reach[columns.lowerBound - 1, y]
            if fromLeft {
                reach[columns.lowerBound, y] = true
                stack.append(Point(x: columns.lowerBound, y: y))
            }
        }
        while let p = stack.popLast() {
            for step in Point.orthogonalSteps {
                let n = p + step
                guard columns.contains(n.x), n.y >= 0, n.y < grid.height, !reach[n], walkable.contains(grid[n]) else {
                    continue
                }
                reach[n] = true
                stack.append(n)
            }
        }
        return (0..<grid.height).contains { reach[columns.upperBound - 1, $0] }
    }
}
