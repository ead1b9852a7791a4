import Foundation
import LoomCore

/// Rivers, lakes, carved heights and flow for one window of the world, painted from a
/// ``DrainageLattice``; every cell is a function of nodes near it, so windows agree exactly.
///
/// - Each land node's **segment** runs from its point to its downstream node's point, bent at the
///   middle by a seeded sideways offset (up to a quarter of its length) so rivers meander.
/// - **Flow**: river cells and the one-cell line of every other land segment get the upstream
///   node's accumulation (the largest where segments cross); other cells their own rain. So a
///   land cell outside lakes is river exactly where its flow reaches the threshold.
/// - **Rivers**: segments of nodes gathering at least the threshold, half a cell wide plus 0.3
///   for each doubling of the threshold (at most 2.5 each side). River cells are carved: each
///   takes the height interpolated along the segment between its two nodes (never below sea
///   level), the lowest where segments overlap — so from every river cell water can run along
///   the river, never climbing, to the sea, a lake or the window's edge.
/// - **Lakes** (see ``DrainageLattice/lakeLevel(of:threshold:seaLevel:lakeDepth:)``): around a
///   hollow a river reaches, the cells within two blocks below the lake's level, joined to the
///   hollow's point, flooded on the un-eroded terrain.
struct Drainage {
    /// River cells of the window (not lakes, not sea).
    var rivers: Grid<Bool>
    /// Lake cells of the window.
    var lakes: Grid<Bool>
    /// Carved heights of river cells, `+infinity` elsewhere.
    var carved: Grid<Float>
    /// Rain passing through each cell.
    var flow: Grid<Float>
    /// The lattice the window was painted from, for tracing courses.
    let lattice: DrainageLattice

    /// Paints `window`, whose (possibly eroded) heights and moisture are given.
    init(
        window: Rect, heights: Grid<Float>, moisture: Grid<Float>, parameters: TerrainParameters,
        fields: TerrainFields, seed: Seed, threads: Int
    ) {
        let sea = parameters.seaLevel, threshold = parameters.riverThreshold
        let lattice = DrainageLattice(
            window: window, fields: fields, seed: seed, spacing: parameters.drainageSpacing,
            reach: parameters.drainageReach, seaLevel: sea, threads: threads)
        self.lattice = lattice
        let width = window.width
        var rivers = Grid(width: width, height: window.height, repeating: false)
        var carved = Grid(width: width, height: window.height, repeating: Float.infinity)
        var flow = moisture
        var lakes = rivers
        for node in 0..<lattice.height.count where lattice.ring(node) <= lattice.apron {
            if let level = lattice.lakeLevel(
                of: node, threshold: threshold, seaLevel: sea, lakeDepth: parameters.lakeDepth)
            {
                Self.flood(
                    &lakes, window: window, sink: node, level: level, lattice: lattice, fields: fields, seaLevel: sea)
            }
        }
        // The hot loop: plain buffers, no copy-on-write checks per cell.
        heights.withUnsafeBufferPointer { ground in
            flow.withUnsafeMutableBufferPointer { flow in
                for i in 0..<flow.count { flow[i] += 0.25 }
                rivers.withUnsafeMutableBufferPointer { rivers in
                    carved.withUnsafeMutableBufferPointer { carved in
                        for node in 0..<lattice.height.count where lattice.ring(node) <= lattice.apron {
                            guard let (first, second) = lattice.pieces(of: node) else { continue }
                            let water = lattice.accumulation[node]
                            let isRiver = water >= threshold
                            let radius =
                                isRiver ? min(0.5 + 0.3 * PortableMath.log2(Double(water / threshold)), 2.5) : 0.5
                            func paint(_ piece: DrainagePiece) {
                                Self.cover(piece, radius: radius, window: window) { index, along, onLine in
                                    guard ground[index] >= sea else { return }
                                    if onLine || isRiver, water > flow[index] { flow[index] = water }
                                    guard isRiver else { return }
                                    rivers[index] = true
                                    let drop = (piece.toHeight - piece.fromHeight) * Float(along)
                                    let level = max(piece.fromHeight + drop, sea)
                                    if level < carved[index] { carved[index] = level }
                                }
                            }
                            paint(first)
                            paint(second)
                        }
                    }
                }
            }
        }
        for index in 0..<lakes.count where lakes.cells[index] { rivers.cells[index] = false }
        self.rivers = rivers
        self.lakes = lakes
        self.carved = carved
        self.flow = flow
    }

    /// Calls `body` for every window cell whose centre lies within `radius` of `piece`, with its
    /// index, the position of its nearest point along the piece (`0...1`), and whether it is within
    /// half a cell (the one-cell line flow follows).
    private static func cover(
        _ piece: DrainagePiece, radius: Double, window: Rect, _ body: (Int, Double, Bool) -> Void
    ) {
        let (ax, ay, bx, by) = (piece.from.x, piece.from.y, piece.to.x, piece.to.y)
        let minX = max(Int((min(ax, bx) - radius - 0.5).rounded(.down)), window.minX)
        let maxX = min(Int((max(ax, bx) + radius - 0.5).rounded(.up)), window.maxX - 1)
        let minY = max(Int((min(ay, by) - radius - 0.5).rounded(.down)), window.minY)
        let maxY = min(Int((max(ay, by) + radius - 0.5).rounded(.up)), window.maxY - 1)
        guard minX <= maxX, minY <= maxY else { return }
        let dx = bx - ax, dy = by - ay
        let length2 = dx * dx + dy * dy
        let r2 = radius * radius
        for y in minY...maxY {
            let cy = Double(y) + 0.5
            for x in minX...maxX {
                let cx = Double(x) + 0.5
                var t = length2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / length2 : 0
                t = min(max(t, 0), 1)
                let ex = ax + t * dx - cx, ey = ay + t * dy - cy
                let d2 = ex * ex + ey * ey
                guard d2 <= r2 else { continue }
                body((y - window.minY) * window.width + (x - window.minX), t, d2 <= 0.25)
            }
        }
    }

    /// Floods the lake around node `sink` up to `level`: the cells within two blocks of its point,
    /// lower than `level` and joined to the point, on the un-eroded terrain.
    private static func flood(
        _ lakes: inout Grid<Bool>, window: Rect, sink: Int, level: Float, lattice: DrainageLattice,
        fields: TerrainFields, seaLevel: Float
    ) {
        let radius = 2 * lattice.spacing
        let px = Int(lattice.pointX[sink]), py = Int(lattice.pointY[sink])
        let area = Rect(x: px - radius, y: py - radius, width: 2 * radius + 1, height: 2 * radius + 1)
        guard area.intersects(window) else { return }
        let ground = fields.elevation(in: area)
        let side = area.width
        var inside = [Bool](repeating: false, count: side * side)
        var queue = [radius * side + radius]
        inside[queue[0]] = true
        var head = 0
        while head < queue.count {
            let cell = queue[head]
            head += 1
            let x = cell % side, y = cell / side
            let wx = area.x + x - window.minX, wy = area.y + y - window.minY
            if wx >= 0, wy >= 0, wx < window.width, wy < window.height { lakes[wx, wy] = true }
            for step in Point.orthogonalSteps {
                let nx = x + step.x, ny = y + step.y
                guard nx >= 0, ny >= 0, nx < side, ny < side else { continue }
                let dx = nx - radius, dy = ny - radius
                let next = ny * side + nx
                guard !inside[next], dx * dx + dy * dy <= radius * radius else { continue }
                let h = ground.cells[next]
                guard h < level, h >= seaLevel else { continue }
                inside[next] = true
                queue.append(next)
            }
        }
    }
}
