import LoomCore

extension BLAS {
    /// `y = W · x` for a row-major matrix `W` of `rows × columns` and a vector `x` of
    /// `columns` values, writing `rows` values to `y`.
    ///
    /// Goes through the same single `sgemm` call site as every other product (as a product
    /// with one column). With `threads > 1` the rows are cut into fixed chunks of
    /// `chunkRows`, so every row is computed by the same kernel call shape on any thread
    /// count and the result is the same bytes on one core or many. The pointers must stay
    /// valid for the duration of the call; `y` must not overlap `W` or `x`.
    public static func matrixVectorProduct(
        _ w: UnsafePointer<Float>, rows: Int, columns: Int, x: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, threads: Int = 1, chunkRows: Int = 64
    ) {
        guard rows > 0 else { return }
        let chunk = max(1, chunkRows)
        let addresses = VectorAddresses(w: w, x: x, y: y)
        Parallel.forEachChunk(of: rows, chunkSize: chunk, threads: threads) { range in
            sgemm(
                transposeA: false, transposeB: false, m: range.count, n: 1, k: columns, alpha: 1,
                a: addresses.w + range.lowerBound * columns, lda: columns, b: addresses.x, ldb: 1,
                beta: 0, c: addresses.y + range.lowerBound, ldc: 1)
        }
    }
}

/// Raw addresses handed to worker threads; each chunk writes only its own rows of `y`.
private struct VectorAddresses: @unchecked Sendable {
    let w: UnsafePointer<Float>
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
}
