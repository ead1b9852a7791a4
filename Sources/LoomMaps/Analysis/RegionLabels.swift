import LoomCore

/// Which cells neighbour each other: the four orthogonal ones, or all eight.
public enum Connectivity: String, Sendable, Codable, CaseIterable {
    /// Right, down, left and up.
    case four
    /// The four orthogonal neighbours and the four diagonal ones.
    case eight
}

/// The connected regions of the cells that satisfy a predicate, each labelled with a number.
///
/// Regions are numbered `0..<count` in the order their first cell appears row by row, so the
/// labelling is a pure function of the mask. Linear time, one flat queue, no recursion.
///
/// ```swift
/// let regions = RegionLabels(map.walkable())
/// let isConnected = regions.count == 1
/// ```
public struct RegionLabels: Hashable, Sendable {
    /// The region of each cell, or `-1` for cells outside the predicate.
    public let labels: Grid<Int32>
    /// The number of cells in each region.
    public let sizes: [Int]

    /// Labels the `true` cells of `mask`.
    public init(_ mask: Grid<Bool>, connectivity: Connectivity = .four) {
        let width = mask.width, height = mask.height
        var labels = Grid<Int32>(width: width, height: height, repeating: -1)
        var sizes: [Int] = []
        var queue = [Int32](repeating: 0, count: mask.count)
        mask.withUnsafeBufferPointer { open in
            labels.withUnsafeMutableBufferPointer { label in
                queue.withUnsafeMutableBufferPointer { queue in
                    for start in 0..<open.count where open[start] && label[start] < 0 {
                        label[start] = Int32(sizes.count)
                        queue[0] = Int32(start)
                        let size = GridFlood.run(
                            width: width, height: height, diagonal: connectivity == .eight, open: open, mark: label,
                            queue: queue, head: 0, tail: 1, step: { $0 })
                        sizes.append(size)
                    }
                }
            }
        }
        self.labels = labels
        self.sizes = sizes
    }

    /// Labels the cells of `grid` for which `predicate` holds.
    public init<T>(_ grid: Grid<T>, connectivity: Connectivity = .four, where predicate: (T) -> Bool) {
        self.init(grid.mapped(predicate), connectivity: connectivity)
    }

    /// The number of regions.
    public var count: Int { sizes.count }

    /// The region with the most cells (the first such when several tie), or `nil` when there
    /// are none.
    public var largest: Int? {
        guard !sizes.isEmpty else { return nil }
        var best = 0
        for region in 1..<sizes.count where sizes[region] > sizes[best] { best = region }
        return best
    }

    /// The cells of `region`, row by row.
    public func cells(of region: Int) -> [Point] {
        var result: [Point] = []
        result.reserveCapacity(sizes[region])
        for y in 0..<labels.height {
            for x in 0..<labels.width where labels[unchecked: y * labels.width + x] == Int32(region) {
                result.append(Point(x: x, y: y))
            }
        }
        return result
    }

    /// The smallest rectangle holding every cell of each region.
    public var boundingBoxes: [Rect] {
        var minX = [Int](repeating: .max, count: count), minY = minX
        var maxX = [Int](repeating: .min, count: count), maxY = maxX
        for y in 0..<labels.height {
            for x in 0..<labels.width {
                let region = Int(labels[unchecked: y * labels.width + x])
                guard region >= 0 else { continue }
                minX[region] = min(minX[region], x)
                maxX[region] = max(maxX[region], x)
                minY[region] = min(minY[region], y)
                maxY[region] = max(maxY[region], y)
            }
        }
        return (0..<count).map {
            Rect(x: minX[$0], y: minY[$0], width: maxX[$0] - minX[$0] + 1, height: maxY[$0] - minY[$0] + 1)
        }
    }
}
