import LoomCore

extension WFCChunks {
    /// Solves, on up to `threads` workers, every base and repair that the final chunks of `rect`
    /// read, one parity kind at a time (a kind needs only lower kinds), and stores them in `memo`.
    /// Each solve is the pure function the sequential path computes, so the results are the
    /// same bytes on any thread count.
    func prepare(_ rect: Rect, threads: Int, memo: inout WFCChunkMemo) {
        // A final chunk reads its enclosed neighbours' repairs, whose rings lie one chunk further
        // out, whose edges come from kind-1 chunks one further still.
        let rows = layout != .strip ? (rect.minY - 3)..<(rect.maxY + 3) : 0..<1
        // Chunks between the point and the block (0 inside it).
        let distance = { (point: Point) -> Int in
            let dx = max(rect.minX - point.x, point.x - rect.maxX + 1, 0)
            let dy = self.layout != .strip ? max(rect.minY - point.y, point.y - rect.maxY + 1, 0) : 0
            return max(dx, dy)
        }
        var phases: [[Point]] = [[], [], []]
        for cy in rows {
            for cx in (rect.minX - 3)..<(rect.maxX + 3) {
                let point = Point(x: cx, y: cy)
                let free = layout == .framed || (cx & 1 == 0 && (layout == .strip || cy & 1 == 0))
                let phase = free ? 0 : isEnclosed(cx, cy) ? 2 : 1
                // Kind-1 chunks up to three chunks out, the others up to two.
                if distance(point) <= (free ? 3 : 2) { phases[phase].append(point) }
            }
        }
        for points in phases {
            let solved = solveInParallel(points, threads: threads, memo: memo) { chunks, point, local in
                chunks.base(point.x, point.y, memo: &local)
            }
            for (point, result) in zip(points, solved) { memo.base[point] = result }
        }
        let enclosed = phases[2].filter { distance($0) <= 1 && memo.base[$0]?.isSuccess == false }
        let repairs = solveInParallel(enclosed, threads: threads, memo: memo) { chunks, point, local in
            chunks.repair(point.x, point.y, memo: &local)
        }
        for (point, repair) in zip(enclosed, repairs) { memo.repairs[point] = repair }
    }

    /// `work` for every point, spread over `threads` workers, each with its own copy of `memo`.
    private func solveInParallel<T: Sendable>(
        _ points: [Point], threads: Int, memo: WFCChunkMemo,
        _ work: @escaping @Sendable (Self, Point, inout WFCChunkMemo) -> T
    ) -> [T] {
        let slots = WFCParallelSlots<T>(count: points.count)
        let chunks = self
        Parallel.forEachChunk(of: points.count, chunkSize: 1, threads: threads) { range in
            var local = memo
            for index in range { slots.store(work(chunks, points[index], &local), at: index) }
        }
        return slots.values()
    }
}

/// One slot per item, each written by exactly one worker: the parallel loop's output.
private final class WFCParallelSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: max(1, count))
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func values() -> [T] {
        // Every slot was filled: forEachChunk returns after all workers are done.
        (0..<count).map { buffer[$0]! }
    }
}
