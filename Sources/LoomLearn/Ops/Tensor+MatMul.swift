import LoomCore

extension Tensor {
    /// The matrix product of the last two axes, batched over the leading axes.
    ///
    /// `self` is `[…, M, K]` (or `[…, K, M]` with `transposeA`), `other` is `[…, K, N]` (or
    /// `[…, N, K]` with `transposeB`); the result is `[…, M, N]`. The leading (batch) axes must
    /// hold the same number of matrices, or one side must hold a single matrix, which is then
    /// used for every batch item. When `other` is a single matrix and `self` is not transposed,
    /// the batch is folded into one large product.
    ///
    /// Products of at least ``Compute/parallelThreshold`` FLOPs are split into fixed chunks of
    /// batch items, rows or columns and run on ``Compute/threadCount`` threads, with identical results on
    /// any thread count.
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "matmul needs rank ≥ 2, found \(shape) and \(other.shape)")
        let m = transposeA ? shape[rank - 1] : shape[rank - 2]
        let k = transposeA ? shape[rank - 2] : shape[rank - 1]
        let kB = transposeB ? other.shape[other.rank - 1] : other.shape[other.rank - 2]
        let n = transposeB ? other.shape[other.rank - 2] : other.shape[other.rank - 1]
        precondition(
            k == kB,
            "matmul inner sizes differ: \(shape)\(transposeA ? "ᵀ" : "") × \(other.shape)\(transposeB ? "ᵀ" : "")")
        let batchShapeA = Array(shape.dropLast(2))
        let batchShapeB = Array(other.shape.dropLast(2))
        let batchA = Tensor.count(of: batchShapeA)
        let batchB = Tensor.count(of: batchShapeB)
        precondition(
            batchA == batchB || batchA == 1 || batchB == 1,
            "matmul batch shapes differ: \(shape) × \(other.shape)")
        let batch = Swift.max(batchA, batchB)
        let outBatchShape = batchA >= batchB ? batchShapeA : batchShapeB
        let outShape = outBatchShape + [m, n]
        guard k > 0 else { return Tensor(zeros: outShape) }
        // Every element is written by the products (beta = 0), so the storage starts uninitialised.
        return Tensor(shape: outShape) { buffer in
            guard let c = buffer.baseAddress else { return }
            if batchB == 1 && batchA > 1 && !transposeA {
                // One tall product instead of many small ones: [batch·M, K] × [K, N].
                Tensor.multiply(
                    self, other, into: c, batch: 1, m: batch * m, n: n, k: k,
                    strideA: 0, strideB: 0, transposeA: false, transposeB: transposeB)
            } else {
                Tensor.multiply(
                    self, other, into: c, batch: batch, m: m, n: n, k: k,
                    strideA: batchA == 1 ? 0 : m * k, strideB: batchB == 1 ? 0 : k * n,
                    transposeA: transposeA, transposeB: transposeB)
            }
        }
    }

    /// Runs `batch` products `C[i] = op(A[i])·op(B[i])` into `c`, splitting large work into
    /// fixed chunks (of batch items, or of rows or columns of a single product).
    private static func multiply(
        _ a: Tensor, _ b: Tensor, into c: UnsafeMutablePointer<Float>, batch: Int, m: Int, n: Int, k: Int,
        strideA: Int, strideB: Int, transposeA: Bool, transposeB: Bool
    ) {
        guard m > 0 && n > 0 && k > 0 else { return }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        let flops = 2 * batch * m * n * k
        let threads = flops >= Compute.parallelThreshold ? Compute.threadCount : 1
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let base = (a: Pointer(pa.baseAddress!), b: Pointer(pb.baseAddress!), c: Pointer(c))
                if batch > 1 || flops < Compute.parallelThreshold {
                    // Chunks of batch items, about 2²² FLOPs each (never split a product).
                    let perItem = Swift.max(1, 2 * m * n * k)
                    let chunk = Swift.max(1, Compute.parallelThreshold / perItem)
                    Parallel.forEachChunk(of: batch, chunkSize: chunk, threads: threads) { items in
                        for item in items {
                            BLAS.sgemm(
                                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                a: base.a.value + item * strideA, lda: lda, b: base.b.value + item * strideB,
                                ldb: ldb, beta: 0, c: base.c.value + item * m * n, ldc: n)
                        }
                    }
                } else if m >= n {
                    // One large product, split into chunks of rows of C.
                    Parallel.forEachChunk(of: m, chunkSize: Tensor.chunkSize(m), threads: threads) { range in
                        BLAS.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: range.count, n: n, k: k,
                            alpha: 1, a: base.a.value + range.lowerBound * (transposeA ? 1 : k), lda: lda,
                            b: base.b.value, ldb: ldb, beta: 0, c: base.c.value + range.lowerBound * n, ldc: n)
                    }
                } else {
                    // A wide product, split into chunks of columns of C.
                    Parallel.forEachChunk(of: n, chunkSize: Tensor.chunkSize(n), threads: threads) { range in
                        BLAS.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: range.count, k: k,
                            alpha: 1, a: base.a.value, lda: lda,
                            b: base.b.value + range.lowerBound * (transposeB ? k : 1), ldb: ldb,
                            beta: 0, c: base.c.value + range.lowerBound, ldc: n)
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// Rows (or columns) per chunk when one product is split: a multiple of 64, at least 256 and
    /// at most 8 chunks, chosen from the size alone so the split never depends on the thread
    /// count. Each chunk packs the whole other operand again; with 256 rows that repacking
    /// costs a few percent of the arithmetic.
    static func chunkSize(_ size: Int) -> Int {
        Swift.max(256, ((size + 7) / 8 + 63) / 64 * 64)
    }
}

/// A pointer that may cross into the chunks of `Parallel.forEachChunk`; each chunk writes
/// only its own rows or columns, which is what makes sharing it sound.
struct Pointer<T>: @unchecked Sendable {
    let value: UnsafeMutablePointer<T>
    init(_ value: UnsafeMutablePointer<T>) { self.value = value }
    init(_ value: UnsafePointer<T>) { self.value = UnsafeMutablePointer(mutating: value) }
}
