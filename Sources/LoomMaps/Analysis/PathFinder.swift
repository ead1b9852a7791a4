import LoomCore

/// A* shortest paths over a grid of tile costs.
///
/// Entering a cell costs the value at that cell; cells whose cost is not finite and positive
/// are walls. With `.eight`, diagonal steps cost √2 times the cell's cost and may not cut
/// past the corner of a wall. The heuristic is admissible (the minimum cell cost times the
/// octile or Manhattan distance), so paths are optimal. Ties are broken by the remaining
/// estimate and then by the cell index, so the same grid always yields the same path.
///
/// ```swift
/// let costs = map.walkable().map { $0 ? 1.0 : .infinity }
/// let path = PathFinder(costs: costs).path(from: start, to: goal)
/// ```
public struct PathFinder: Sendable {
    /// The cost of entering each cell.
    public var costs: Grid<Double>
    /// Which steps are allowed. Default: `.four`.
    public var connectivity: Connectivity

    /// A path finder over `costs` (see ``TileMap/movementCosts(layer:)``).
    public init(costs: Grid<Double>, connectivity: Connectivity = .four) {
        self.costs = costs
        self.connectivity = connectivity
    }

    /// A path of passable cells from `start` to `goal` (both included) of least total cost,
    /// or `nil` when there is none or either end is outside the grid or impassable.
    public func path(from start: Point, to goal: Point) -> [Point]? {
        let width = costs.width, height = costs.height
        guard costs.contains(start), costs.contains(goal), isOpen(costs[goal]), isOpen(costs[start]) else {
            return nil
        }
        let minimumCost = costs.cells.reduce(Double.infinity) { isOpen($1) ? min($0, $1) : $0 }
        let diagonal = connectivity == .eight
        func estimate(_ x: Int, _ y: Int) -> Double {
            let dx = Double(abs(x - goal.x)), dy = Double(abs(y - goal.y))
            if diagonal { return minimumCost * (max(dx, dy) + (2.0.squareRoot() - 1) * min(dx, dy)) }
            return minimumCost * (dx + dy)
        }
        var best = [Double](repeating: .infinity, count: costs.count)
        var parent = [Int32](repeating: -1, count: costs.count)
        var heap = CellHeap(capacity: 256)
        let startIndex = start.y * width + start.x, goalIndex = goal.y * width + goal.x
        best[startIndex] = 0
        heap.push(Int32(startIndex), cost: estimate(start.x, start.y), tie: estimate(start.x, start.y))
        let steps = diagonal ? Point.allSteps : Point.orthogonalSteps
        let found: Bool = costs.withUnsafeBufferPointer { cost in
            while let entry = heap.pop() {
                let index = Int(entry.cell)
                if index == goalIndex { return true }
                let x = index % width, y = index / width
                let g = best[index]
                guard entry.cost - entry.tie <= g + 1e-9 else { continue }
                for step in steps {
                    let nx = x + step.x, ny = y + step.y
                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                    let next = ny * width + nx
                    guard isOpen(cost[next]) else { continue }
                    let isDiagonal = step.x != 0 && step.y != 0
                    if isDiagonal && (!isOpen(cost[y * width + nx]) || !isOpen(cost[ny * width + x])) { continue }
                    let total = g + (isDiagonal ? cost[next] * 2.0.squareRoot() : cost[next])
                    if total < best[next] {
                        best[next] = total
                        parent[next] = Int32(index)
                        let h = estimate(nx, ny)
                        heap.push(Int32(next), cost: total + h, tie: h)
                    }
                }
            }
            return false
        }
        guard found else { return nil }
        var path: [Point] = []
        var index = goalIndex
        while index >= 0 {
            path.append(Point(x: index % width, y: index / width))
            index = index == startIndex ? -1 : Int(parent[index])
        }
        return path.reversed()
    }

    /// The summed entry cost of `path` after its first cell.
    public func cost(of path: [Point]) -> Double {
        var total = 0.0
        for (previous, point) in zip(path, path.dropFirst()) {
            let isDiagonal = previous.x != point.x && previous.y != point.y
            total += isDiagonal ? costs[point] * 2.0.squareRoot() : costs[point]
        }
        return total
    }

    @inline(__always)
    private func isOpen(_ cost: Double) -> Bool { cost.isFinite && cost > 0 }
}
