import CLoomBLAS
import LoomCore

extension BLAS {
    /// `y = W · x` for a row-major matrix `W` of `rows × columns` and a vector `x` of
    /// `columns` values, writing `rows` values to `y`.
    ///
    /// Matrix-vector products are where a transformer spends its decoding time, and a
    /// one-column `sgemm` would repack the whole matrix on every call; this is the library's one
    /// `cblas_sgemv` call site, checked against a plain Swift product in tests. With
    /// `threads > 1` the rows are cut into fixed chunks of `chunkRows`, so each row's dot
    /// product is computed the same way on any thread count and the result is the same bytes
    /// on one core or many. The pointers must stay valid for the call; `y` must not overlap
    /// `W` or `x`.
    public static func matrixVectorProduct(
        _ w: UnsafePointer<Float>, rows: Int, columns: Int, x: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, threads: Int = 1, chunkRows: Int = 256
    ) {
        guard rows > 0 else { return }
        _ = singleThreadedVector
        let addresses = VectorAddresses(w: w, x: x, y: y)
        // Fewer than ~64k multiply-adds per chunk cost more to hand to a thread than to do.
        let workers = rows * columns < 1 << 16 ? 1 : threads
        Parallel.forEachChunk(of: rows, chunkSize: max(1, chunkRows), threads: workers) { range in
            loom_cblas_sgemv(
                Int32(LOOM_CBLAS_ROW_MAJOR), Int32(LOOM_CBLAS_NO_TRANS), Int32(range.count), Int32(columns), 1,
                addresses.w + range.lowerBound * columns, Int32(columns), addresses.x, 1, 0,
                addresses.y + range.lowerBound, 1)
        }
    }

    /// Pins OpenBLAS to one thread before the first product, like the `sgemm` path.
    private static let singleThreadedVector: Bool = {
        loom_openblas_set_num_threads(1)
        return true
    }()
}

/// Raw addresses handed to worker threads; each chunk writes only its own rows of `y`.
private struct VectorAddresses: @unchecked Sendable {
    let w: UnsafePointer<Float>
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
}
