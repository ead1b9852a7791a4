import LoomCore

extension Tensor {
    /// A `[height, width]` tensor of a grid's values (row-major, as `Grid` stores them).
    public init(_ grid: Grid<Float>) {
        self.init(shape: [grid.height, grid.width], scalars: grid.cells)
    }

    /// A `[classes, height, width]` tensor with 1 where a grid cell holds that class and 0
    /// elsewhere: the usual input of a convolutional model over tile maps. Every cell must lie
    /// in `0..<classes`.
    public init(oneHot grid: Grid<Int>, classes: Int) {
        let plane = grid.width * grid.height
        var scalars = [Float](repeating: 0, count: classes * plane)
        for (index, value) in grid.cells.enumerated() {
            precondition(value >= 0 && value < classes, "cell value \(value) outside 0..<\(classes)")
            scalars[value * plane + index] = 1
        }
        self.init(shape: [classes, grid.height, grid.width], scalars: scalars)
    }

    /// The values of a `[height, width]` tensor as a grid.
    public func grid() -> Grid<Float> {
        precondition(rank == 2, "grid() needs a [height, width] tensor, found \(shape)")
        return Grid(width: shape[1], height: shape[0], cells: scalars)!
    }
}
