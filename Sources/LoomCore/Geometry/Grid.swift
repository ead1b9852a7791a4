/// A rectangular array of cells stored row-major in one contiguous buffer.
///
/// The cell at `(x, y)` lives at index `y * width + x`. Reads and writes through
/// `grid[x, y]` are bounds-checked; `grid[unchecked: index]` and ``withUnsafeMutableBufferPointer(_:)``
/// are for hot loops that have checked their bounds once.
///
/// ```swift
/// var heights = Grid(width: 256, height: 256, repeating: 0.0)
/// heights[10, 20] = 1
/// let sea = heights.map { $0 < 0.3 }
/// ```
public struct Grid<Element> {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// The cells, row by row (`y * width + x`).
    public var cells: [Element]

    /// A grid filled with one value. Width and height must not be negative.
    public init(width: Int, height: Int, repeating value: Element) {
        precondition(width >= 0 && height >= 0, "a grid's size cannot be negative")
        self.width = width
        self.height = height
        self.cells = Array(repeating: value, count: width * height)
    }

    /// A grid of the given size filled with one value.
    public init(size: Size, repeating value: Element) {
        self.init(width: size.width, height: size.height, repeating: value)
    }

    /// A grid over existing row-major cells; `nil` when the count is not `width × height`.
    public init?(width: Int, height: Int, cells: [Element]) {
        guard width >= 0, height >= 0, cells.count == width * height else { return nil }
        self.width = width
        self.height = height
        self.cells = cells
    }

    /// A grid whose every cell is computed from its position, row by row.
    public init(width: Int, height: Int, computing make: (Int, Int) throws -> Element) rethrows {
        precondition(width >= 0 && height >= 0, "a grid's size cannot be negative")
        self.width = width
        self.height = height
        var cells: [Element] = []
        cells.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width { cells.append(try make(x, y)) }
        }
        self.cells = cells
    }

    public var size: Size { Size(width: width, height: height) }
    public var count: Int { cells.count }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Whether `(x, y)` is inside the grid.
    @inlinable
    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    @inlinable
    public func contains(_ point: Point) -> Bool { contains(x: point.x, y: point.y) }

    /// The index of `(x, y)` in ``cells``.
    @inlinable
    public func index(x: Int, y: Int) -> Int { y * width + x }

    /// The cell at `(x, y)`; traps when outside the grid.
    @inlinable
    public subscript(x: Int, y: Int) -> Element {
        get {
            precondition(contains(x: x, y: y), "(\(x), \(y)) is outside a \(width)x\(height) grid")
            return cells[y * width + x]
        }
        set {
            precondition(contains(x: x, y: y), "(\(x), \(y)) is outside a \(width)x\(height) grid")
            cells[y * width + x] = newValue
        }
    }

    @inlinable
    public subscript(point: Point) -> Element {
        get { self[point.x, point.y] }
        set { self[point.x, point.y] = newValue }
    }

    /// The cell at a row-major index, without the 2D bounds check.
    @inlinable
    public subscript(unchecked index: Int) -> Element {
        get { cells.withUnsafeBufferPointer { $0[index] } }
        set { cells.withUnsafeMutableBufferPointer { $0[index] = newValue } }
    }

    /// The cell at `(x, y)`, or `nil` outside the grid.
    @inlinable
    public func at(x: Int, y: Int) -> Element? {
        contains(x: x, y: y) ? cells[y * width + x] : nil
    }

    /// The cell at `(x, y)` with out-of-range coordinates clamped or wrapped.
    /// The grid must not be empty.
    @inlinable
    public func at(x: Int, y: Int, edge: EdgeMode) -> Element {
        switch edge {
        case .clamp:
            return cells[min(max(y, 0), height - 1) * width + min(max(x, 0), width - 1)]
        case .wrap:
            let wx = ((x % width) + width) % width
            let wy = ((y % height) + height) % height
            return cells[wy * width + wx]
        }
    }

    /// Sets every cell to `value`.
    public mutating func fill(_ value: Element) {
        cells.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }

    /// Sets every cell of `rect` (clipped to the grid) to `value`.
    public mutating func fill(_ rect: Rect, with value: Element) {
        guard let clipped = rect.intersection(bounds) else { return }
        for y in clipped.minY..<clipped.maxY {
            let row = y * width
            for x in clipped.minX..<clipped.maxX { cells[row + x] = value }
        }
    }

    /// A grid of the same size with `transform` applied to every cell.
    @inlinable
    public func map<T>(_ transform: (Element) throws -> T) rethrows -> Grid<T> {
        Grid<T>(uncheckedWidth: width, height: height, cells: try cells.map(transform))
    }

    /// A grid of the same size computed from each cell's position and value.
    @inlinable
    public func mapWithPosition<T>(_ transform: (Int, Int, Element) throws -> T) rethrows -> Grid<T> {
        var result: [T] = []
        result.reserveCapacity(count)
        for y in 0..<height {
            for x in 0..<width { result.append(try transform(x, y, cells[y * width + x])) }
        }
        return Grid<T>(uncheckedWidth: width, height: height, cells: result)
    }

    /// The rectangle `rect` of this grid as a new grid; `rect` must lie inside the grid.
    public func cropped(to rect: Rect) -> Grid<Element> {
        precondition(bounds.contains(rect), "\(rect) is not inside a \(width)x\(height) grid")
        var result: [Element] = []
        result.reserveCapacity(rect.area)
        for y in rect.minY..<rect.maxY {
            result.append(contentsOf: cells[(y * width + rect.minX)..<(y * width + rect.maxX)])
        }
        return Grid(uncheckedWidth: rect.width, height: rect.height, cells: result)
    }

    /// Calls `body` with the in-bounds orthogonal neighbours of `(x, y)` (right, down, left, up).
    @inlinable
    public func forEachNeighbour4(x: Int, y: Int, _ body: (Int, Int) throws -> Void) rethrows {
        if x + 1 < width { try body(x + 1, y) }
        if y + 1 < height { try body(x, y + 1) }
        if x > 0 { try body(x - 1, y) }
        if y > 0 { try body(x, y - 1) }
    }

    /// Calls `body` with the in-bounds neighbours of `(x, y)` among all eight, clockwise from
    /// the right.
    @inlinable
    public func forEachNeighbour8(x: Int, y: Int, _ body: (Int, Int) throws -> Void) rethrows {
        for step in Point.allSteps {
            let nx = x + step.x, ny = y + step.y
            if contains(x: nx, y: ny) { try body(nx, ny) }
        }
    }

    /// The orthogonal neighbours of `point` inside the grid, or all four wrapped around with
    /// `.wrap` (clamped duplicates are dropped with `.clamp`).
    public func neighbours4(of point: Point, edge: EdgeMode? = nil) -> [Point] {
        neighbours(of: point, steps: Point.orthogonalSteps, edge: edge)
    }

    /// The eight surrounding neighbours of `point`, as ``neighbours4(of:edge:)``.
    public func neighbours8(of point: Point, edge: EdgeMode? = nil) -> [Point] {
        neighbours(of: point, steps: Point.allSteps, edge: edge)
    }

    private func neighbours(of point: Point, steps: [Point], edge: EdgeMode?) -> [Point] {
        var result: [Point] = []
        for step in steps {
            let n = point + step
            if contains(n) {
                result.append(n)
            } else if edge == .wrap {
                result.append(Point(x: ((n.x % width) + width) % width, y: ((n.y % height) + height) % height))
            }
        }
        return result
    }

    /// Direct access to the row-major buffer for hot loops.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try cells.withUnsafeMutableBufferPointer(body)
    }

    /// Read-only access to the row-major buffer.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try cells.withUnsafeBufferPointer(body)
    }

    @usableFromInline
    init(uncheckedWidth width: Int, height: Int, cells: [Element]) {
        self.width = width
        self.height = height
        self.cells = cells
    }
}

extension Grid: Equatable where Element: Equatable {}
extension Grid: Hashable where Element: Hashable {}
extension Grid: Sendable where Element: Sendable {}

extension Grid: Codable where Element: Codable {
    private enum CodingKeys: String, CodingKey { case width, height, cells }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        let cells = try container.decode([Element].self, forKey: .cells)
        guard width >= 0, height >= 0, cells.count == width * height else {
            throw DecodingError.dataCorruptedError(
                forKey: .cells, in: container,
                debugDescription: "expected \(width)x\(height) = \(width * height) cells, found \(cells.count)")
        }
        self.init(uncheckedWidth: width, height: height, cells: cells)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(cells, forKey: .cells)
    }
}

extension Grid: CustomStringConvertible {
    public var description: String { "Grid<\(Element.self)>(\(width)x\(height))" }
}
