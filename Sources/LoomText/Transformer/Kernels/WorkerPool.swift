import CLoomKernels

/// A persistent pool of worker threads (`CLoomKernels`' `loom_pool`): the caller and
/// `threads - 1` workers claim the numbered tasks of one job at a time; idle workers spin
/// briefly, then park, so a model's many small products per token are cheap to hand out.
///
/// One caller at a time: a pool belongs to one ``TransformerState``.
final class WorkerPool: @unchecked Sendable {
    /// The C pool, passed to the kernels that split their work over it.
    let pointer: OpaquePointer?
    /// Threads in all, the caller included.
    let threads: Int

    init(threads: Int) {
        pointer = loom_pool_create(Int32(max(1, threads)))
        self.threads = Int(loom_pool_threads(pointer))
    }

    deinit { loom_pool_destroy(pointer) }

    /// Calls `body(task)` for every task in `0..<tasks`, on the caller and the workers, and
    /// returns when all have returned. Tasks must write disjoint memory.
    func run(tasks: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { escapable in
            var task = escapable
            withUnsafeMutablePointer(to: &task) { context in
                loom_pool_run(
                    pointer, Int64(tasks),
                    { context, task in context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(task)) },
                    context)
            }
        }
    }
}
