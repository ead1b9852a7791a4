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
        passable.withUnsafeBufferPointer { open in
            distance.withUnsafeMutableBufferPointer { distance in
                queue.withUnsafeMutableBufferPointer { queue in
                    _ = GridFlood.run(
                        width: width, height: height, diagonal: connectivity == .eight, open: open, mark: distance,
                        queue: queue, head: 0, tail: tail, step: { $0 + 1 })
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
