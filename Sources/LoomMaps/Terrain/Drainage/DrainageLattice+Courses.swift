import LoomCore

/// One straight half of a node's bent segment, in continuous world coordinates (cell centres
/// at `x + 0.5`), with the heights water has at its two ends.
struct DrainagePiece {
    var from: SIMD2<Double>
    var to: SIMD2<Double>
    var fromHeight: Float
    var toHeight: Float
}

/// A river's course through a window, for the `river` annotations.
struct DrainageCourse {
    /// Cells from upstream to downstream, each touching the one before.
    var cells: [Point]
    /// Where the river ends: `sea`, `lake`, `river` (joins a larger one), `edge` (leaves the
    /// area worked out around the window) or `dry` (its bounded catchment falls below the threshold).
    var mouth: String
}

extension DrainageLattice {
    /// The two pieces of `node`'s segment to its downstream node: to a point beside the middle
    /// (a seeded sideways offset up to a quarter of the length), then on. Heights fall linearly
    /// from the node's to the downstream node's.
    func pieces(of node: Int) -> (DrainagePiece, DrainagePiece)? {
        let next = Int(downstream[node])
        guard next >= 0 else { return nil }
        let a = SIMD2(Double(pointX[node]) + 0.5, Double(pointY[node]) + 0.5)
        let b = SIMD2(Double(pointX[next]) + 0.5, Double(pointY[next]) + 0.5)
        let offset = (Double(bend[node]) - 0.5) * 0.5
        let middle = (a + b) / 2 + SIMD2(a.y - b.y, b.x - a.x) * offset
        let high = height[node], low = height[next]
        let half = high + (low - high) / 2
        return (
            DrainagePiece(from: a, to: middle, fromHeight: high, toHeight: half),
            DrainagePiece(from: middle, to: b, fromHeight: half, toHeight: low)
        )
    }

    /// The cells a piece's centre line passes through, in order, each touching the one before.
    func line(_ piece: DrainagePiece, into cells: inout [Point]) {
        let delta = piece.to - piece.from
        let steps = max(1, Int((max(abs(delta.x), abs(delta.y)) * 4).rounded(.up)))
        for step in 0...steps {
            let p = piece.from + delta * (Double(step) / Double(steps))
            let cell = Point(x: Int(p.x.rounded(.down)), y: Int(p.y.rounded(.down)))
            if cells.last != cell { cells.append(cell) }
        }
    }

    /// The rivers crossing `window`, traced along main stems: at a confluence the branch with
    /// the most water carries the course on and the others end (`river`). A course is cut into
    /// pieces where it leaves the window or crosses sea or lake; `isRiver(x, y)` says whether a
    /// window cell is river.
    func courses(
        in window: Rect, threshold: Float, seaLevel: Float, lakeDepth: Float, isRiver: (Int, Int) -> Bool
    ) -> [DrainageCourse] {
        let count = height.count
        func isRiverNode(_ node: Int) -> Bool {
            ring(node) <= apron && height[node] >= seaLevel && accumulation[node] >= threshold
        }
        // The main branch into each node: most water, then the lower index.
        var main = [Int32](repeating: -1, count: count)
        for node in 0..<count where isRiverNode(node) && downstream[node] >= 0 {
            let next = Int(downstream[node])
            let current = Int(main[next])
            if current < 0 || accumulation[node] > accumulation[current] { main[next] = Int32(node) }
        }
        var lake = [Bool](repeating: false, count: count)
        for node in 0..<count where isRiverNode(node) {
            lake[node] = lakeLevel(of: node, threshold: threshold, seaLevel: seaLevel, lakeDepth: lakeDepth) != nil
        }
        var result: [DrainageCourse] = []
        // A course starts at a source, at a lake's outflow, or where it enters the apron.
        for head in 0..<count where isRiverNode(head) && downstream[head] >= 0 && (main[head] < 0 || lake[head]) {
            var cells: [Point] = []
            var node = head
            var mouth = "edge"
            while true {
                if let (first, second) = pieces(of: node) {
                    line(first, into: &cells)
                    line(second, into: &cells)
                }
                let next = Int(downstream[node])
                if height[next] < seaLevel {
                    mouth = "sea"
                    break
                }
                if ring(next) > apron { break }
                if accumulation[next] < threshold {
                    mouth = "dry"
                    break
                }
                if lake[next] {
                    mouth = "lake"
                    break
                }
                if Int(main[next]) != node {
                    mouth = "river"
                    break
                }
                node = next
            }
            // Keep the window's river cells, cut where the course leaves them.
            var piece: [Point] = []
            func flush() {
                if !piece.isEmpty { result.append(DrainageCourse(cells: piece, mouth: mouth)) }
                piece = []
            }
            for cell in cells {
                let x = cell.x - window.minX, y = cell.y - window.minY
                if x >= 0, y >= 0, x < window.width, y < window.height, isRiver(x, y) {
                    if let last = piece.last, last.chebyshevDistance(to: Point(x: x, y: y)) > 1 { flush() }
                    if piece.last != Point(x: x, y: y) { piece.append(Point(x: x, y: y)) }
                } else {
                    flush()
                }
            }
            flush()
        }
        return result
    }
}
