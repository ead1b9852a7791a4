import LoomCore

/// The coarse drainage network rivers follow: one node per `spacing × spacing` block of world
/// cells, each at a seeded point inside its block, draining to a lower node nearby.
///
/// Every value a window needs is a function of a bounded neighbourhood in world coordinates,
/// which is what makes rivers and lakes chunk-exact:
/// - a node's point, height and rain depend only on its lattice position and the seed;
/// - its downstream node depends on the heights of the nodes at most two rings away: the lowest
///   of the eight neighbours if it is lower, else the lowest lower node of the ring beyond (a
///   short breach out of a hollow, counting two steps), else none (a sink);
/// - its accumulation sums the rain of every node whose downstream path reaches it within
///   ``reach`` steps, so it depends only on nodes at most `reach` rings away.
///
/// "Lower" is a strict total order (height, then row, then column), so paths never loop.
/// The lattice covers the window's nodes grown by ``apron`` + `reach` + 2 rings; values are
/// exact for nodes within ``apron`` rings of the window, and only those are ever read.
struct DrainageLattice {
    /// Cells between neighbouring lattice blocks.
    let spacing: Int
    /// Steps a node's rain travels downstream.
    let reach: Int
    /// Rings of nodes around the window whose segments and lakes can touch it.
    let apron: Int
    /// World lattice coordinates of the first stored node.
    let firstColumn: Int, firstRow: Int
    /// Stored nodes per row and rows.
    let columns: Int, rows: Int
    /// The window's nodes, as stored indices: `windowColumns` × `windowRows`.
    let windowColumns: Range<Int>, windowRows: Range<Int>
    /// World cell of each node's point.
    var pointX: [Int], pointY: [Int]
    /// Terrain height at each node's point (un-eroded).
    var height: [Float]
    /// Rain a node gathers from its own block: `spacing² × (0.25 + moisture)`, with the
    /// moisture at the block's corner.
    var rain: [Float]
    /// Stored index of the node each node drains into, or -1 (sea, sink, or outer rings).
    var downstream: [Int32]
    /// Steps the move to `downstream` counts: 1 to a neighbour, 2 for a breach.
    var stepCost: [UInt8]
    /// Rain passing through each node within ``reach`` steps (exact within the apron).
    var accumulation: [Float]
    /// A seeded number in `0..<1` per node, for the meander of its segment.
    var bend: [Float]

    /// Rings of nodes whose segments (at most two blocks long, bent, and widened) or lakes can
    /// reach into a block.
    static func apron(spacing: Int) -> Int { (11 * spacing / 2 + 6 + spacing - 1) / spacing + 1 }

    /// Builds the lattice for `window` (world cells).
    init(window: Rect, fields: TerrainFields, seed: Seed, spacing: Int, reach: Int, seaLevel: Float, threads: Int) {
        self.spacing = spacing
        self.reach = reach
        let apron = Self.apron(spacing: spacing)
        self.apron = apron
        let outer = apron + reach + 2
        let lowColumn = Self.floorDivide(window.minX, spacing), highColumn = Self.floorDivide(window.maxX - 1, spacing)
        let lowRow = Self.floorDivide(window.minY, spacing), highRow = Self.floorDivide(window.maxY - 1, spacing)
        firstColumn = lowColumn - outer
        firstRow = lowRow - outer
        columns = highColumn - lowColumn + 1 + 2 * outer
        rows = highRow - lowRow + 1 + 2 * outer
        windowColumns = outer..<(columns - outer)
        windowRows = outer..<(rows - outer)
        let count = columns * rows
        pointX = [Int](repeating: 0, count: count)
        pointY = pointX
        height = [Float](repeating: 0, count: count)
        rain = height
        bend = height
        downstream = [Int32](repeating: -1, count: count)
        stepCost = [UInt8](repeating: 0, count: count)
        accumulation = height
        sampleNodes(fields: fields, seed: seed.derive("terrain.drainage"), threads: threads)
        linkNodes(seaLevel: seaLevel)
        accumulate()
    }

    /// Floor division, so negative world cells fall in the right block.
    @inline(__always)
    static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Rings between a stored node and the window's nodes (0 inside the window).
    @inline(__always)
    func ring(_ index: Int) -> Int {
        Self.ring(index, columns: columns, windowColumns: windowColumns, windowRows: windowRows)
    }

    @inline(__always)
    private static func ring(_ index: Int, columns: Int, windowColumns: Range<Int>, windowRows: Range<Int>) -> Int {
        let c = index % columns, r = index / columns
        let dc = c < windowColumns.lowerBound ? windowColumns.lowerBound - c : max(0, c - windowColumns.upperBound + 1)
        let dr = r < windowRows.lowerBound ? windowRows.lowerBound - r : max(0, r - windowRows.upperBound + 1)
        return max(dc, dr)
    }

    /// Points, heights, rain and bends, in parallel over rows (each node is independent).
    private mutating func sampleNodes(fields: TerrainFields, seed: Seed, threads: Int) {
        let spacing = spacing, columns = columns, firstColumn = firstColumn, firstRow = firstRow
        // Points keep off the block's border (when there is room) so neighbours never touch.
        let inset = spacing >= 4 ? 1 : 0
        let span = spacing - 2 * inset
        let cellRain = Float(spacing * spacing)
        // Moisture is smooth: one fast fill at the blocks' corners serves for their rain.
        let moisture = fields.moisture(
            atCorners: Rect(x: firstColumn, y: firstRow, width: columns, height: rows), spacing: spacing)
        pointX.withUnsafeMutableBufferPointer { xs in
            pointY.withUnsafeMutableBufferPointer { ys in
                height.withUnsafeMutableBufferPointer { hs in
                    rain.withUnsafeMutableBufferPointer { rs in
                        bend.withUnsafeMutableBufferPointer { bs in
                            let out = NodeBuffers(xs: xs, ys: ys, heights: hs, rain: rs, bend: bs)
                            Parallel.forEachChunk(of: rows, chunkSize: 4, threads: threads) { range in
                                for r in range {
                                    for c in 0..<columns {
                                        let column = firstColumn + c, row = firstRow + r
                                        var random = seed.derive(column, row).makeRandom()
                                        let x = column * spacing + inset + random.nextInt(below: span)
                                        let y = row * spacing + inset + random.nextInt(below: span)
                                        let i = r * columns + c
                                        out.xs[i] = x
                                        out.ys[i] = y
                                        out.heights[i] = fields.elevation(x: x, y: y)
                                        out.rain[i] = cellRain * (0.25 + moisture.cells[i])
                                        out.bend[i] = random.nextFloat()
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The level of the lake at `node`, or nil for none. A hollow gathering at least a quarter of
    /// `threshold` fills up when more than `lakeDepth` deep: a node lower than its eight
    /// neighbours that drains on by a breach fills to its lowest neighbour (the breach is the
    /// lake's outflow), a sink to the lowest node two blocks around. A sink a river (at least
    /// `threshold`) reaches is always a lake, at least `lakeDepth` deep, so every river ends somewhere.
    func lakeLevel(of node: Int, threshold: Float, seaLevel: Float, lakeDepth: Float) -> Float? {
        let here = height[node]
        guard here >= seaLevel, accumulation[node] >= threshold / 4 else { return nil }
        let isSink = downstream[node] < 0
        guard isSink || stepCost[node] == 2 else { return nil }
        let c = node % columns, r = node / columns
        let span = isSink ? 2 : 1
        var spill = Float.infinity
        for dr in -span...span {
            for dc in -span...span where dr != 0 || dc != 0 {
                spill = min(spill, height[(r + dr) * columns + c + dc])
            }
        }
        if isSink && accumulation[node] >= threshold { return max(spill, here + lakeDepth) }
        return spill - here > lakeDepth ? spill : nil
    }

    /// Whether node `a` is lower than node `b` in the strict order (height, row, column).
    @inline(__always)
    private func isLower(_ a: Int, than b: Int) -> Bool {
        height[a] != height[b] ? height[a] < height[b] : a < b
    }

    /// Each land node's downstream node; the two outer rings keep -1 (never read).
    private mutating func linkNodes(seaLevel: Float) {
        for r in 2..<(rows - 2) {
            for c in 2..<(columns - 2) {
                let i = r * columns + c
                guard height[i] >= seaLevel else { continue }
                var best = i
                for dr in -1...1 {
                    for dc in -1...1 where dr != 0 || dc != 0 {
                        let n = (r + dr) * columns + c + dc
                        if isLower(n, than: best) { best = n }
                    }
                }
                var cost: UInt8 = 1
                if best == i {
                    cost = 2
                    for dr in -2...2 {
                        for dc in -2...2 where abs(dr) == 2 || abs(dc) == 2 {
                            let n = (r + dr) * columns + c + dc
                            if isLower(n, than: best) { best = n }
                        }
                    }
                }
                if best != i {
                    downstream[i] = Int32(best)
                    stepCost[i] = cost
                }
            }
        }
    }

    /// Carries each node's rain down its path for at most `reach` steps. Only walks that can end
    /// within the apron start: a walk from further out needs more than `reach` steps to arrive.
    private mutating func accumulate() {
        let limit = apron + reach, reach = reach
        let count = columns * rows
        let columns = columns, windowColumns = windowColumns, windowRows = windowRows
        downstream.withUnsafeBufferPointer { down in
            stepCost.withUnsafeBufferPointer { cost in
                rain.withUnsafeBufferPointer { rain in
                    accumulation.withUnsafeMutableBufferPointer { acc in
                        for start in 0..<count
                        where Self.ring(start, columns: columns, windowColumns: windowColumns, windowRows: windowRows)
                            <= limit
                        {
                            let water = rain[start]
                            acc[start] += water
                            var node = start
                            var used = 0
                            while down[node] >= 0 {
                                used += Int(cost[node])
                                guard used <= reach else { break }
                                node = Int(down[node])
                                acc[node] += water
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The lattice's output buffers, shared by row chunks that write disjoint rows.
private struct NodeBuffers: @unchecked Sendable {
    let xs: UnsafeMutableBufferPointer<Int>
    let ys: UnsafeMutableBufferPointer<Int>
    let heights: UnsafeMutableBufferPointer<Float>
    let rain: UnsafeMutableBufferPointer<Float>
    let bend: UnsafeMutableBufferPointer<Float>
}
