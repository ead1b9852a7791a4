import LoomCore
import LoomNoise

/// How `Grid.combined(with:_:weight:)` joins two float layers, cell by cell: `a op (b · weight)`.
public enum LayerCombination: String, Sendable, CaseIterable {
    /// `a + b·w`.
    case add
    /// `a − b·w`.
    case sub
    /// `a · (b·w)`.
    case mul
    /// `min(a, b·w)`.
    case min
    /// `max(a, b·w)`.
    case max
}

/// Whole-layer arithmetic on float layers (heights, moisture, masks), each one loop over the
/// cells: what a world's `map:radial`, `map:combine`, `map:normalize`, `map:transform`,
/// `map:fill_noise`, `map:argmax` and `map:neighbourhood` run in Lua.
///
/// ```swift
/// var island = Grid<Float>.radial(width: 64, height: 48)  // 0 at the centre, 1 at the edges' middles
/// island.transform(multiplying: -1, adding: 1)
/// var heights = Grid(width: 64, height: 48, repeating: Float(0))
/// heights.fill(noise: NoiseGenerator(seed: Seed(7), frequency: 0.05), scale: 0.5, offset: 0.5)
/// heights = heights.combined(with: island, .mul)
/// heights.normalize(low: 0, high: 1)
/// ```
extension Grid where Element == Float {
    /// A `width × height` layer of each cell's elliptical distance from the centre: 0 at the
    /// centre, 1 at the middle of each edge.
    public static func radial(width: Int, height: Int) -> Grid<Float> {
        let cx = Float(width - 1) / 2, cy = Float(height - 1) / 2
        let rx = Swift.max(cx, 0.5), ry = Swift.max(cy, 0.5)
        return Grid(width: width, height: height) { x, y in
            let dx = (Float(x) - cx) / rx, dy = (Float(y) - cy) / ry
            return (dx * dx + dy * dy).squareRoot()
        }
    }

    /// This layer joined with `other` (the same size) cell by cell: `self op (other · weight)`.
    public func combined(with other: Grid<Float>, _ operation: LayerCombination, weight: Float = 1) -> Grid<Float> {
        precondition(other.width == width && other.height == height, "combined layers must be the same size")
        var result = self
        result.withUnsafeMutableBufferPointer { cells in
            other.withUnsafeBufferPointer { b in
                switch operation {
                case .add: for i in cells.indices { cells[i] = cells[i] + b[i] * weight }
                case .sub: for i in cells.indices { cells[i] = cells[i] - b[i] * weight }
                case .mul: for i in cells.indices { cells[i] = cells[i] * (b[i] * weight) }
                case .min: for i in cells.indices { cells[i] = Swift.min(cells[i], b[i] * weight) }
                case .max: for i in cells.indices { cells[i] = Swift.max(cells[i], b[i] * weight) }
                }
            }
        }
        return result
    }

    /// Rescales the values linearly so the lowest becomes `low` and the highest `high`; a layer
    /// whose values are all equal (or empty) is left as it is.
    public mutating func normalize(low: Float = 0, high: Float = 1) {
        guard let lo = cells.min(), let hi = cells.max(), hi > lo else { return }
        let k = (high - low) / (hi - lo)
        withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = low + (values[i] - lo) * k }
        }
    }

    /// Every value `v` becomes `v · multiplying + adding`.
    public mutating func transform(multiplying: Float, adding: Float = 0) {
        withUnsafeMutableBufferPointer { cells in
            for i in cells.indices { cells[i] = cells[i] * multiplying + adding }
        }
    }

    /// Fills the layer with `noise` sampled at `origin + (x, y) · step`, each sample then
    /// `· scale + offset` (one thread: the same values whatever the machine).
    public mutating func fill(
        noise: NoiseGenerator, origin: SIMD2<Double> = .zero, step: Double = 1, scale: Float = 1, offset: Float = 0
    ) {
        noise.fill(&self, origin: origin, step: step, threads: 1)
        if scale != 1 || offset != 0 { transform(multiplying: scale, adding: offset) }
    }

    /// The index (`y · width + x`) of the highest value among the cells `included` accepts
    /// (ties: the first in row order), or `nil` when it accepts none.
    public func argmax(where included: (Int) throws -> Bool) rethrows -> Int? {
        var best = -1
        for i in cells.indices where try included(i) && (best < 0 || cells[i] > cells[best]) { best = i }
        return best >= 0 ? best : nil
    }

    /// A `width × height` layer counting, for each cell, the cells within `radius` (a square
    /// window of side `2·radius + 1`, clipped at the edges) that `counted` accepts; one pass to
    /// build a summed-area table, then four lookups a cell.
    public static func windowCounts(
        width: Int, height: Int, radius: Int, where counted: (Int) throws -> Bool
    ) rethrows -> Grid<Float> {
        let w = width, h = height
        var sums = [Int32](repeating: 0, count: (w + 1) * (h + 1))
        for y in 0..<h {
            var row: Int32 = 0
            for x in 0..<w {
                if try counted(y * w + x) { row += 1 }
                sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row
            }
        }
        return Grid(width: w, height: h) { x, y in
            let x0 = Swift.max(0, x - radius), y0 = Swift.max(0, y - radius)
            let x1 = Swift.min(w, x + radius + 1), y1 = Swift.min(h, y + radius + 1)
            let total =
                sums[y1 * (w + 1) + x1] - sums[y0 * (w + 1) + x1] - sums[y1 * (w + 1) + x0] + sums[y0 * (w + 1) + x0]
            return Float(total)
        }
    }
}
