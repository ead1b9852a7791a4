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
///   `Point.allSteps` order).
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
        var downstream = [Int32](repeating: -1, count: count)
        var heap = CellHeap(capacity: 2 * (width + height))
        var pit = [Int32](repeating: 0, count: count)
        // The eight neighbours in `Point.allSteps` order (clockwise from the right), as buffers
        // so the hot loops index plain memory.
        let stepX = Point.allSteps.map(\.x), stepY = Point.allSteps.map(\.y)
        let diagonal: Float = 1 / Float(2).squareRoot()
        filled.withUnsafeMutableBufferPointer { filled in
            closed.withUnsafeMutableBufferPointer { closed in
                stepX.withUnsafeBufferPointer { dx in
                    stepY.withUnsafeBufferPointer { dy in
                        // Outlets: sea cells close at once; sea cells touching land and land on the
                        // edge seed the flood.
                        for index in 0..<count where filled[index] < seaLevel { closed[index] = true }
                        for y in 0..<height {
                            for x in 0..<width {
                                let index = y * width + x
                                if closed[index] {
                                    var touchesLand = false
                                    for k in 0..<8 {
                                        let nx = x + dx[k], ny = y + dy[k]
                                        if nx >= 0, ny >= 0, nx < width, ny < height,
                                            filled[ny * width + nx] >= seaLevel
                                        {
                                            touchesLand = true
                                            break
                                        }
                                    }
                                    if touchesLand { heap.push(Int32(index), cost: Double(filled[index])) }
                                } else if x == 0 || y == 0 || x == width - 1 || y == height - 1 {
                                    closed[index] = true
                                    heap.push(Int32(index), cost: Double(filled[index]))
                                }
                            }
                        }
                        pit.withUnsafeMutableBufferPointer { pit in
                            var pitHead = 0, pitTail = 0
                            while true {
                                let index: Int
                                if pitHead < pitTail {
                                    index = Int(pit[pitHead])
                                    pitHead += 1
                                } else if let entry = heap.pop() {
                                    index = Int(entry.cell)
                                    pitHead = 0
                                    pitTail = 0
                                } else {
                                    break
                                }
                                let x = index % width, y = index / width
                                let level = filled[index].nextUp
                                for k in 0..<8 {
                                    let nx = x + dx[k], ny = y + dy[k]
                                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                                    let next = ny * width + nx
                                    guard !closed[next] else { continue }
                                    closed[next] = true
                                    if filled[next] <= level {
                                        filled[next] = level
                                        pit[pitTail] = Int32(next)
                                        pitTail += 1
                                    } else {
                                        heap.push(Int32(next), cost: Double(filled[next]))
                                    }
                                }
                            }
                        }
                        // D8 directions on the filled surface.
                        downstream.withUnsafeMutableBufferPointer { downstream in
                            for y in 0..<height {
                                for x in 0..<width {
                                    let index = y * width + x
                                    let here = filled[index]
                                    guard here >= seaLevel else { continue }
                                    var best: Float = 0
                                    var target: Int32 = -1
                                    for k in 0..<8 {
                                        let nx = x + dx[k], ny = y + dy[k]
                                        guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                                        let next = ny * width + nx
                                        var drop = here - filled[next]
                                        if dx[k] != 0 && dy[k] != 0 { drop *= diagonal }
                                        if drop > best {
                                            best = drop
                                            target = Int32(next)
                                        }
                                    }
                                    downstream[index] = target
                                }
                            }
                        }
                    }
                }
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
