import LoomCore

/// A block of chunks assembled into one grid of patterns, from ``WFCChunks/region(in:threads:)``.
public struct WFCChunkRegion: Sendable, Hashable {
    /// The chunks covered, in chunk coordinates.
    public var chunks: Rect
    /// Every cell's pattern, chunk `(chunks.minX, chunks.minY)` at the top left; -1 in the
    /// cells of a chunk that failed.
    public var patterns: Grid<Int>
    /// The chunks that failed, row by row, with why.
    public var failures: [Failure]

    /// A chunk without a solution.
    public struct Failure: Sendable, Hashable {
        /// The chunk's coordinates.
        public var chunk: Point
        /// Why it has no solution (``WFCResult/failure``).
        public var reason: String
    }

    /// Whether every chunk succeeded.
    public var isComplete: Bool { failures.isEmpty }
}

extension WFCChunks {
    /// The chunks whose coordinates lie in `rect`, assembled into one grid (a world window of
    /// `rect.width × chunkWidth` by `rect.height × chunkHeight` cells). Each chunk's cells equal
    /// what ``chunk(_:_:)`` gives alone, whatever `threads` (as in ``chunks(in:threads:)``).
    public func region(in rect: Rect, threads: Int = Parallel.defaultThreadCount) -> WFCChunkRegion {
        let w = chunkWidth, h = chunkHeight
        var patterns = Grid(width: rect.width * w, height: rect.height * h, repeating: -1)
        var failures: [WFCChunkRegion.Failure] = []
        for (index, result) in chunks(in: rect, threads: threads).enumerated() {
            let ox = (index % rect.width) * w, oy = (index / rect.width) * h
            guard let cells = result.patterns else {
                let chunk = Point(x: rect.minX + index % rect.width, y: rect.minY + index / rect.width)
                failures.append(.init(chunk: chunk, reason: result.failure ?? "no solution"))
                continue
            }
            for y in 0..<h {
                for x in 0..<w { patterns[ox + x, oy + y] = cells[x, y] }
            }
        }
        return WFCChunkRegion(chunks: rect, patterns: patterns, failures: failures)
    }
}
