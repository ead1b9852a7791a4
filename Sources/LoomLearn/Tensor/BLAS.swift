import CLoomBLAS
import LoomCore

/// The one place LoomLearn calls OpenBLAS.
///
/// Every matrix product in the library goes through its internal `sgemm` wrapper (the one
/// call of `cblas_sgemm`), which tests check against a plain Swift product. OpenBLAS is pinned to one thread the first
/// time it is used; ``Compute`` decides how products are split across cores above it.
///
/// OpenBLAS is loaded the first time a product needs it, so a program that never multiplies
/// never maps it nor starts its threads. When it is missing, a product stops the process with
/// the loader's message; call ``load()`` first to get that message as an error instead.
public enum BLAS {
    /// Loads OpenBLAS now, if it is not loaded yet.
    ///
    /// Throws a `LoomError` of kind `.library` naming the library and how to install it when it
    /// cannot be loaded.
    public static func load() throws {
        if let message = loom_blas_load() {
            throw LoomError(.library, String(cString: message))
        }
    }

    /// Pins OpenBLAS to one thread once per process.
    private static let singleThreaded: Bool = {
        loom_openblas_set_num_threads(1)
        return true
    }()

    /// `C = alpha · op(A) · op(B) + beta · C` on row-major matrices, where `op(A)` is `M×K`,
    /// `op(B)` is `K×N` and `C` is `M×N`; `lda`, `ldb`, `ldc` are the row strides of the stored
    /// matrices. Runs on the calling thread.
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = singleThreaded
        loom_cblas_sgemm(
            Int32(LOOM_CBLAS_ROW_MAJOR), Int32(transposeA ? LOOM_CBLAS_TRANS : LOOM_CBLAS_NO_TRANS),
            Int32(transposeB ? LOOM_CBLAS_TRANS : LOOM_CBLAS_NO_TRANS), Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Multiplies two row-major square matrices of side `n` with one raw call to OpenBLAS
    /// running `threads` of its own threads, bypassing ``Tensor`` and ``Compute``.
    ///
    /// Exists so `loom bench learn` can measure the OpenBLAS peak that the ``Tensor`` path is
    /// compared with. OpenBLAS is set back to one thread before returning.
    public static func referenceProduct(_ a: [Float], _ b: [Float], into c: inout [Float], side n: Int, threads: Int) {
        precondition(a.count == n * n && b.count == n * n && c.count == n * n, "referenceProduct needs n² values")
        _ = singleThreaded
        loom_openblas_set_num_threads(Int32(max(1, threads)))
        defer { loom_openblas_set_num_threads(1) }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    sgemm(
                        transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                        a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }
}
