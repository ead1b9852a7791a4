import Foundation
import LoomCore

/// Process-wide settings for how LoomLearn spreads arithmetic over cores.
///
/// OpenBLAS always runs single-threaded inside LoomLearn; parallelism lives above it: a matrix
/// product of at least ``parallelThreshold`` floating-point operations is cut into fixed chunks
/// (of batch items, or of rows or columns of one product, chosen from the shapes alone) that
/// run on up to ``threadCount`` threads through `Parallel.forEachChunk`. Because the chunks never depend on the thread
/// count, results are the same bytes on one core or many.
public enum Compute {
    /// Products below this many floating-point operations (`2·M·N·K` summed over a batch) run
    /// as one single-threaded call: 2²² FLOPs take about 0.1 ms on one core, roughly ten times
    /// the cost of waking a worker thread, so splitting smaller work loses more than it gains.
    public static let parallelThreshold = 1 << 22

    private static let lock = NSLock()
    nonisolated(unsafe) private static var storedThreadCount = Parallel.defaultThreadCount

    /// Worker threads for large operations. Default: the active processor count. Values below
    /// 1 are treated as 1. Changing it never changes any result, only the speed.
    public static var threadCount: Int {
        get { lock.withLock { storedThreadCount } }
        set { lock.withLock { storedThreadCount = max(1, newValue) } }
    }
}
