// OpenBLAS, loaded with dlopen the first time Loom multiplies, so a command that never
// multiplies never maps it (nor starts its thread pool). Only the three functions LoomLearn
// calls are resolved; each is a plain function here, prefixed loom_ so a call site shows a
// shim is involved. The enum values are the CBLAS standard's, so no OpenBLAS header is needed.
#ifndef CLOOMBLAS_H
#define CLOOMBLAS_H

#ifdef __cplusplus
extern "C" {
#endif

/// CBLAS_ORDER and CBLAS_TRANSPOSE values (the same in every CBLAS).
enum {
    LOOM_CBLAS_ROW_MAJOR = 101,
    LOOM_CBLAS_NO_TRANS = 111,
    LOOM_CBLAS_TRANS = 112,
};

/// Loads OpenBLAS once per process (thread-safe; later calls return the first answer).
/// Returns NULL when it is loaded, or a message saying which library is missing and how to
/// install it. The functions below load it themselves; call this first to report a missing
/// library as an error instead of stopping the process.
const char *loom_blas_load(void);

/// `cblas_sgemm` (32-bit integers, as in Debian's libopenblas.so.0).
void loom_cblas_sgemm(
    int order, int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
    const float *b, int ldb, float beta, float *c, int ldc);

/// `cblas_sgemv`.
void loom_cblas_sgemv(
    int order, int transpose, int m, int n, float alpha, const float *a, int lda, const float *x, int incx,
    float beta, float *y, int incy);

/// `openblas_set_num_threads`.
void loom_openblas_set_num_threads(int threads);

#ifdef __cplusplus
}
#endif

#endif
