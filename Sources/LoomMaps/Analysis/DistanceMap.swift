import LoomCore

/// Distances from a set of source cells to every cell: by steps over passable cells
/// (breadth-first), or by summed tile costs (Dijkstra).
///
/// A "Dijkstra map" in roguelike terms: monsters walk downhill toward the player, the farthest
/// cell from the entrance is a good place for the exit.
///
/// ```swift
/// let steps = DistanceMap(from: [entrance], passable: map.walkable())
/// let far = steps.farthest  // where to put the stairs down
/// ```
public struct DistanceMap: Hashable, Sendable {
    /// The distance of each cell, or `.infinity` where no source can reach.
    public let distances: Grid<Double>

    /// Step counts from the nearest of `sources` through `passable` cells (4 or 8 neighbours,
    /// each step counting 1). Sources outside the grid or not passable are ignored.
    public init(from sources: [Point], passable: Grid<Bool>, connectivity: Connectivity = .four) {
        let width = passable.width, height = passable.height
        var distance = [Int32](repeating: -1, count: passable.count)
        var queue = [Int32](repeating: 0, count: passable.count)
        var tail = 0
        for source in sources where passable.contains(source) && passable[source] {
            let index = source.y * width + source.x
            if distance[index] < 0 {
                distance[index] = 0
                queue[tail] = Int32(index)
                tail += 1
            }
        }
        let diagonal = connectivity == .eight
        var head = 0
        @inline(__always) func visit(
            _ next: Int, _ reached: Int32, _ open: UnsafeBufferPointer<Bool>,
            _ distance: UnsafeMutableBufferPointer<Int32>, _ queue: UnsafeMutableBufferPointer<Int32>,
            _ tail: inout Int
        ) {
            if open[next] && distance[next] < 0 {
                distance[next] = reached
                queue[tail] = Int32(next)
                tail += 1
            }
        }
        passable.withUnsafeBufferPointer { open in
            distance.withUnsafeMutableBufferPointer { distance in
                queue.withUnsafeMutableBufferPointer { queue in
                    while head < tail {
                        let index = Int(queue[head])
                        head += 1
                        let x = index % width, y = index / width
                        let r = distance[index] + 1
                        if x + 1 < width { visit(index + 1, r, open, distance, queue, &tail) }
                        if y + 1 < height { visit(index + width, r, open, distance, queue, &tail) }
                        if x > 0 { visit(index - 1, r, open, distance, queue, &tail) }
                        if y > 0 { visit(index - width, r, open, distance, queue, &tail) }
                        guard diagonal else { continue }
                        if x + 1 < width && y + 1 < height { visit(index + width + 1, r, open, distance, queue, &tail) }
                        if x > 0 && y + 1 < height { visit(index + width - 1, r, open, distance, queue, &tail) }
                        if x > 0 && y > 0 { visit(index - width - 1, r, open, distance, queue, &tail) }
                        if x + 1 < width && y > 0 { visit(index - width + 1, r, open, distance, queue, &tail) }
                    }
                }
            }
        }
        distances = Grid(width: width, height: height, cells: distance.map { $0 < 0 ? .infinity : Double($0) })!
    }

    /// Least total cost from the nearest of `sources`, where entering a cell costs `costs` at
    /// that cell; cells with a cost that is not finite and positive cannot be entered.
    /// Diagonal steps (with `.eight`) cost √2 times the cell's cost.
    public init(from sources: [Point], costs: Grid<Double>, connectivity: Connectivity = .four) {
        let width = costs.width, height = costs.height
        var distance = [Double](repeating: .infinity, count: costs.count)
        var heap = CellHeap(capacity: costs.count / 4)
        for source in sources where costs.contains(source) {
            let index = source.y * width + source.x
            distance[index] = 0
            heap.push(Int32(index), cost: 0)
        }
        let steps = connectivity == .four ? Point.orthogonalSteps : Point.allSteps
        costs.withUnsafeBufferPointer { cost in
            while let entry = heap.pop() {
                let index = Int(entry.cell)
                guard entry.cost <= distance[index] else { continue }
                let x = index % width, y = index / width
                for step in steps {
                    let nx = x + step.x, ny = y + step.y
                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                    let next = ny * width + nx
                    let enter = cost[next]
                    guard enter.isFinite, enter > 0 else { continue }
                    let total = entry.cost + (step.x != 0 && step.y != 0 ? enter * 2.0.squareRoot() : enter)
                    if total < distance[next] {
                        distance[next] = total
                        heap.push(Int32(next), cost: total)
                    }
                }
            }
        }
        distances = Grid(width: width, height: height, cells: distance)!
    }

    /// The distance at `point`.
    public subscript(point: Point) -> Double { distances[point] }

    /// The reachable cell with the greatest distance (the first in row order among ties), or
    /// `nil` when nothing is reachable.
    public var farthest: Point? {
        var best = -1
        var bestDistance = -Double.infinity
        for (index, value) in distances.cells.enumerated() where value.isFinite && value > bestDistance {
            best = index
            bestDistance = value
        }
        return best < 0 ? nil : Point(x: best % distances.width, y: best / distances.width)
    }

    /// How many cells can be reached.
    public var reachableCount: Int { distances.cells.reduce(0) { $0 + ($1.isFinite ? 1 : 0) } }
}
