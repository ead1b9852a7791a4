import Dispatch
import Foundation

/// Deterministic data parallelism: work split into fixed chunks of rows.
///
/// The split depends only on the row count and `chunkSize`, never on how many threads run,
/// and each chunk writes only its own rows, so results are the same bytes on one core or
/// many.
public enum Parallel {
    /// Worker count used when a caller passes no explicit count: the active processors.
    public static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` once for each chunk of `0..<count` (of at most `chunkSize` items), on up to
    /// `threads` threads. With `threads == 1` everything runs in order on the calling thread.
    public static func forEachChunk(
        of count: Int, chunkSize: Int, threads: Int = Parallel.defaultThreadCount,
        _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let size = max(1, chunkSize)
        let chunks = (count + size - 1) / size
        if threads <= 1 || chunks == 1 {
            for chunk in 0..<chunks { body((chunk * size)..<min(count, (chunk + 1) * size)) }
            return
        }
        let workers = min(threads, chunks)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for chunk in stride(from: worker, to: chunks, by: workers) {
                body((chunk * size)..<min(count, (chunk + 1) * size))
            }
        }
    }
}
