import CLoomKernels
import Foundation
import LoomCore

/// The raw buffers of a ``TransformerState``, freed with it.
///
/// The key/value cache is allocated zeroed for the model's whole context but only the
/// positions written become resident memory (the allocator maps untouched pages lazily).
final class StateBuffers {
    let x, xb, xb2, q, attentionOut, hb, hb2, scores, logits: UnsafeMutablePointer<Float>
    /// A batch's new keys and values (`batch × kvDim` floats each), before they are stored in
    /// the cache.
    let newKeys, newValues: UnsafeMutablePointer<Float>
    /// The cache, `layers × context × kvDim` values of ``cacheType`` each.
    let keyCache, valueCache: UnsafeMutableRawPointer
    let cacheType: KVCacheType
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

    init(_ model: Transformer, batch: Int, cache: KVCacheType) {
        let c = model.config
        cacheType = cache
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
        newKeys = make(batch * kvDim)
        newValues = make(batch * kvDim)
        let cacheValues = max(c.layerCount * c.sequenceLength * headSize * c.kvHeadCount, 1)
        func makeCache() -> UnsafeMutableRawPointer {
            let pointer = calloc(cacheValues, cache.bytesPerValue)!
            owned.append(pointer)
            return pointer
        }
        keyCache = makeCache()
        valueCache = makeCache()
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

    /// Stores the `count` new keys and values of layer `layer` at positions
    /// `position ..< position + count` (converted to the cache's type).
    func store(layer: Int, at position: Int, count: Int) {
        let offset = (layer * context + position) * kvDim
        let n = count * kvDim
        switch cacheType {
        case .f16:
            loom_store_halves(newKeys, Int64(n), keyCache.assumingMemoryBound(to: UInt16.self) + offset)
            loom_store_halves(newValues, Int64(n), valueCache.assumingMemoryBound(to: UInt16.self) + offset)
        case .f32:
            (keyCache.assumingMemoryBound(to: Float.self) + offset).update(from: newKeys, count: n)
            (valueCache.assumingMemoryBound(to: Float.self) + offset).update(from: newValues, count: n)
        }
    }

    /// Attention of the `count` query rows in ``q`` (positions `position ..< position + count`)
    /// over layer `layer`'s cache, into ``attentionOut``.
    func attend(layer: Int, at position: Int, count: Int, heads: Int, kvHeads: Int, threads: Int) {
        let offset = layer * context * kvDim
        let pool = pool(threads: threads)
        switch cacheType {
        case .f16:
            loom_attention_f16(
                pool, q, Int64(queryDim), keyCache.assumingMemoryBound(to: UInt16.self) + offset,
                valueCache.assumingMemoryBound(to: UInt16.self) + offset, Int64(kvDim), Int64(headSize), Int64(heads),
                Int64(kvHeads), Int64(count), Int64(position), attentionOut, Int64(queryDim))
        case .f32:
            loom_attention(
                pool, q, Int64(queryDim), keyCache.assumingMemoryBound(to: Float.self) + offset,
                valueCache.assumingMemoryBound(to: Float.self) + offset, Int64(kvDim), Int64(headSize), Int64(heads),
                Int64(kvHeads), Int64(count), Int64(position), scores, Int64(context), attentionOut, Int64(queryDim))
        }
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
