import LoomCore

extension Grid {
    /// `map` specialised in this module: LoomCore's generic `Grid.map` is not inlinable, so
    /// hot paths here would otherwise call the closure through generic witnesses per cell.
    @inline(__always)
    func mapped<T>(_ transform: (Element) -> T) -> Grid<T> {
        Grid<T>(width: width, height: height, cells: cells.map(transform))!
    }
}
