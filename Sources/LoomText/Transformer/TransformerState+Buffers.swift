import Foundation
import LoomCore

/// The raw buffers of a ``TransformerState``, freed with it.
///
/// The key/value cache is allocated zeroed for the model's whole context but only the
/// positions written become resident memory (the allocator maps untouched pages lazily).
final class StateBuffers {
    let x, xb, xb2, q, attentionOut, hb, hb2, scores, logits, keyCache, valueCache: UnsafeMutablePointer<Float>
    let frequencies: [Float]
    let headSize, queryDim, kvDim, context, batch: Int
    private let vocabulary: Int
    private var logitRows: UnsafeMutablePointer<Float>?
    /// Converted activations, one buffer per kind, and which input each holds.
    private let converted: [UnsafeMutableRawPointer]
    private var convertedStamp: [Int]
    private var stamp = 0
    private var owned: [UnsafeMutableRawPointer] = []
    /// The worker pool of the last thread count asked for (`nil` for one thread).
    private var workers: WorkerPool?

    init(_ model: Transformer, batch: Int) {
        let c = model.config
        headSize = model.tensors.headSize
        queryDim = headSize * c.headCount
        kvDim = headSize * c.kvHeadCount
        context = c.sequenceLength
        vocabulary = c.vocabularySize
        self.batch = batch
        frequencies = model.tensors.frequencies
        var owned: [UnsafeMutableRawPointer] = []
        func make(_ count: Int) -> UnsafeMutablePointer<Float> {
            // calloc: zeroed, and large blocks are mapped lazily, page by page.
            let pointer = calloc(max(count, 1), MemoryLayout<Float>.stride)!
            owned.append(pointer)
            return pointer.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        let widest = max(c.dim, queryDim, c.hiddenDim)
        x = make(batch * c.dim)
        xb = make(batch * widest)
        xb2 = make(batch * c.dim)
        q = make(batch * queryDim)
        attentionOut = make(batch * queryDim)
        hb = make(batch * c.hiddenDim)
        hb2 = make(batch * c.hiddenDim)
        // One row of scores per query head, so heads can run on different threads.
        scores = make(c.headCount * c.sequenceLength)
        logits = make(c.vocabularySize)
        keyCache = make(c.layerCount * c.sequenceLength * kvDim)
        valueCache = make(c.layerCount * c.sequenceLength * kvDim)
        // Float activations take 4 bytes a value, more than either block format.
        converted = ActivationKind.allCases.map { _ in UnsafeMutableRawPointer(make(batch * widest)) }
        convertedStamp = ActivationKind.allCases.map { _ in -1 }
        self.owned = owned
    }

    deinit {
        for pointer in owned { free(pointer) }
        if let logitRows { free(logitRows) }
    }

    /// A pool of `threads` threads (made on first use, remade when the count changes); `nil`
    /// for one thread, which the kernels run on the caller.
    func pool(threads: Int) -> OpaquePointer? {
        guard threads > 1 else { return nil }
        if workers?.threads != threads { workers = WorkerPool(threads: threads) }
        return workers?.pointer
    }

    /// Marks the start of a new input: conversions made before it are stale.
    func newInput() { stamp += 1 }

    /// `count` rows of `input` converted for `matrix`'s kernel (once per kind per input),
    /// and the bytes of one converted row.
    func convert(
        _ input: UnsafePointer<Float>, count: Int, columns: Int, for matrix: WeightMatrix
    ) -> (UnsafeRawPointer, Int) {
        let kind = matrix.activationKind
        let target = converted[kind.rawValue]
        if convertedStamp[kind.rawValue] != stamp {
            kind.convert(input, count: count, columns: columns, into: target)
            convertedStamp[kind.rawValue] = stamp
        }
        return (UnsafeRawPointer(target), kind.rowBytes(columns: columns))
    }

    /// Room for the logits of a whole batch, allocated on first use.
    func allLogits() -> UnsafeMutablePointer<Float> {
        if let logitRows { return logitRows }
        let pointer = calloc(batch * vocabulary, MemoryLayout<Float>.stride)!.bindMemory(
            to: Float.self, capacity: batch * vocabulary)
        logitRows = pointer
        return pointer
    }
}
