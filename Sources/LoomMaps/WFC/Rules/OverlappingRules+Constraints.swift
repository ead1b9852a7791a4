import LoomCore

extension OverlappingRules {
    /// A value required at a position of the output.
    public struct FixedValue: Sendable, Codable, Hashable {
        /// Output column.
        public var x: Int
        /// Output row.
        public var y: Int
        /// The sample value (colour index or tile id) required there.
        public var value: Int
        /// A value required at `(x, y)`.
        public init(x: Int, y: Int, value: Int) {
            self.x = x
            self.y = y
            self.value = value
        }
    }

    /// Constraints stated in output values for a `width × height` output: the ground (when the
    /// options name one), values required at positions, and a value every edge cell of a
    /// non-periodic output must hold. Each becomes a set of allowed patterns on the wave cells
    /// whose patterns cover those output cells. Throws for a position outside the output.
    public func constraints(
        width: Int, height: Int, periodic: Bool, fixed: [FixedValue] = [], border: Int? = nil
    ) throws -> WFCConstraints {
        var constraints = self.constraints
        let wave = waveSize(width: width, height: height, periodic: periodic)
        // The wave cell whose pattern draws output (x, y), and where in the pattern it lies.
        func cover(_ x: Int, _ y: Int) -> (cx: Int, cy: Int, px: Int, py: Int) {
            let cx = min(x, wave.width - 1), cy = min(y, wave.height - 1)
            return (cx, cy, x - cx, y - cy)
        }
        var allowed: [Point: Set<Int>] = [:]
        func require(_ x: Int, _ y: Int, _ value: Int) {
            let (cx, cy, px, py) = cover(x, y)
            let matching = Set((0..<patternCount).filter { self.value(of: $0, x: px, y: py) == value })
            let key = Point(x: cx, y: cy)
            allowed[key] = allowed[key].map { $0.intersection(matching) } ?? matching
        }
        for item in fixed {
            guard item.x >= 0, item.y >= 0, item.x < width, item.y < height else {
                throw LoomError(
                    .invalidArgument, "fixed value at (\(item.x), \(item.y)) is outside the \(width)x\(height) output")
            }
            require(item.x, item.y, item.value)
        }
        if let border, !periodic {
            for y in 0..<height {
                for x in 0..<width where x == 0 || y == 0 || x == width - 1 || y == height - 1 {
                    require(x, y, border)
                }
            }
        }
        for (cell, patterns) in allowed.sorted(by: { ($0.key.y, $0.key.x) < ($1.key.y, $1.key.x) }) {
            constraints.fixed.append(.init(x: cell.x, y: cell.y, patterns: patterns.sorted()))
        }
        return constraints
    }
}
