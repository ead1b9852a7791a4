import LoomCore

/// Where water goes on a height field: depressions filled, one downhill direction per cell
/// and the water that passes through each cell.
///
/// - Depression filling is Priority-Flood+ε (Barnes, Lehman & Mulla 2014): a flood rises from
///   the outlets (sea cells and the map's edge) through a priority queue, and cells inside
///   pits go through a plain FIFO queue, each raised to the next representable float above the
///   cell it was reached from. Afterwards every land cell has a strictly lower neighbour.
/// - Flow directions are D8: each land cell drains to the steepest-descending of its eight
///   neighbours on the filled surface (diagonal drops divided by √2; ties go to the first in
///   ``LoomCore/Point/allSteps`` order).
/// - Flow accumulation adds each cell's rainfall to every cell downstream of it, visiting cells
///   in topological order (Kahn's algorithm), so it is linear and needs no sorting.
///
/// All three are pure functions of their input; no randomness.
public struct Hydrology: Sendable {
    /// The heights with every depression filled (≥ the input everywhere).
    public let filled: Grid<Float>
    /// For each cell, the index (`y * width + x`) of the cell it drains into, or -1 for
    /// outlets (sea cells, and edge cells with no lower neighbour).
    public let downstream: Grid<Int32>
    /// The rainfall gathered at each cell: its own plus that of every cell upstream.
    public let accumulation: Grid<Float>

    /// Analyses `heights`; cells below `seaLevel` are sea (outlets). `rainfall` (default 1 per
    /// cell) weights each cell's contribution to accumulation.
    public init(heights: Grid<Float>, seaLevel: Float, rainfall: Grid<Float>? = nil) {
        let width = heights.width, height = heights.height
        let count = width * height
        var filled = heights.cells
        var closed = [Bool](repeating: false, count: count)
        var heap = CellHeap(capacity: 2 * (width + height))
        var pit: [Int32] = []
        var pitHead = 0
        // Outlets: sea cells close at once; the land and sea cells that touch land or the edge seed the flood.
        for index in 0..<count where filled[index] < seaLevel { closed[index] = true }
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let isEdge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                if closed[index] {
                    var touchesLand = false
                    heights.forEachNeighbour8(x: x, y: y) { nx, ny in
                        if filled[ny * width + nx] >= seaLevel { touchesLand = true }
                    }
                    if touchesLand { heap.push(Int32(index), cost: Double(filled[index])) }
                } else if isEdge {
                    closed[index] = true
                    heap.push(Int32(index), cost: Double(filled[index]))
                }
            }
        }
        while true {
            let index: Int
            if pitHead < pit.count {
                index = Int(pit[pitHead])
                pitHead += 1
                if pitHead == pit.count {
                    pit.removeAll(keepingCapacity: true)
                    pitHead = 0
                }
            } else if let entry = heap.pop() {
                index = Int(entry.cell)
            } else {
                break
            }
            let x = index % width, y = index / width
            let level = filled[index].nextUp
            for step in Point.allSteps {
                let nx = x + step.x, ny = y + step.y
                guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                let next = ny * width + nx
                guard !closed[next] else { continue }
                closed[next] = true
                if filled[next] <= level {
                    filled[next] = level
                    pit.append(Int32(next))
                } else {
                    heap.push(Int32(next), cost: Double(filled[next]))
                }
            }
        }
        // D8 directions on the filled surface.
        var downstream = [Int32](repeating: -1, count: count)
        let diagonal: Float = 1 / Float(2).squareRoot()
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let here = filled[index]
                guard here >= seaLevel else { continue }
                var best: Float = 0
                var target: Int32 = -1
                for step in Point.allSteps {
                    let nx = x + step.x, ny = y + step.y
                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                    let next = ny * width + nx
                    var drop = here - filled[next]
                    if step.x != 0 && step.y != 0 { drop *= diagonal }
                    if drop > best {
                        best = drop
                        target = Int32(next)
                    }
                }
                downstream[index] = target
            }
        }
        // Accumulation in topological order: a cell is ready once everything upstream has drained into it.
        var inflow = [Int32](repeating: 0, count: count)
        for target in downstream where target >= 0 { inflow[Int(target)] += 1 }
        var accumulation = rainfall?.cells ?? [Float](repeating: 1, count: count)
        var ready: [Int32] = []
        ready.reserveCapacity(count)
        for index in 0..<count where inflow[index] == 0 { ready.append(Int32(index)) }
        var head = 0
        while head < ready.count {
            let index = Int(ready[head])
            head += 1
            let target = Int(downstream[index])
            guard target >= 0 else { continue }
            accumulation[target] += accumulation[index]
            inflow[target] -= 1
            if inflow[target] == 0 { ready.append(Int32(target)) }
        }
        self.filled = Grid(width: width, height: height, cells: filled)!
        self.downstream = Grid(width: width, height: height, cells: downstream)!
        self.accumulation = Grid(width: width, height: height, cells: accumulation)!
    }
}
