// Resolves OpenBLAS's functions with dlopen/dlsym on first use (see CLoomBLAS.h).
#include "CLoomBLAS.h"

#include <CLoomLoader.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*SgemmFunction)(
    int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*SgemvFunction)(int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*SetThreadsFunction)(int);

static SgemmFunction sgemm;
static SgemvFunction sgemv;
static SetThreadsFunction set_threads;
static const char *load_error;
static char load_message[1024];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#if defined(__APPLE__)
static const char *const library_names[] = {"libopenblas.0.dylib", "libopenblas.dylib",
                                            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                                            "/usr/local/opt/openblas/lib/libopenblas.dylib"};
static const char *const install_hint = "install it with `brew install openblas`";
#else
static const char *const library_names[] = {"libopenblas.so.0", "libopenblas.so"};
static const char *const install_hint =
    "install it with `sudo apt-get install libopenblas0` (Debian, Ubuntu) or your system's OpenBLAS package";
#endif

static void load(void) {
    // $LOOM_OPENBLAS_LIBRARY names another OpenBLAS (a path or a file name dlopen searches for).
    const char *first = NULL;
    void *handle = loom_open_library(
        "LOOM_OPENBLAS_LIBRARY", library_names, sizeof library_names / sizeof library_names[0], "OpenBLAS",
        "for matrix products", install_hint, &first, load_message, sizeof load_message);
    if (handle == NULL) {
        load_error = load_message;
        return;
    }
    sgemm = (SgemmFunction)dlsym(handle, "cblas_sgemm");
    sgemv = (SgemvFunction)dlsym(handle, "cblas_sgemv");
    set_threads = (SetThreadsFunction)dlsym(handle, "openblas_set_num_threads");
    if (sgemm == NULL || sgemv == NULL || set_threads == NULL) {
        snprintf(load_message, sizeof load_message, "the OpenBLAS found (%s) has no %s; %s", first,
                 sgemm == NULL ? "cblas_sgemm" : sgemv == NULL ? "cblas_sgemv" : "openblas_set_num_threads",
                 install_hint);
        load_error = load_message;
    }
}

const char *loom_blas_load(void) {
    pthread_once(&load_once, load);
    return load_error;
}

/// Loads OpenBLAS, or stops the process with the loader's message: a caller that wants an
/// error instead calls loom_blas_load first.
static void require(void) {
    const char *error = loom_blas_load();
    if (error != NULL) {
        fprintf(stderr, "loom: %s\n", error);
        abort();
    }
}

void loom_cblas_sgemm(
    int order, int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
    const float *b, int ldb, float beta, float *c, int ldc) {
    require();
    sgemm(order, transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void loom_cblas_sgemv(
    int order, int transpose, int m, int n, float alpha, const float *a, int lda, const float *x, int incx,
    float beta, float *y, int incy) {
    require();
    sgemv(order, transpose, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void loom_openblas_set_num_threads(int threads) {
    require();
    set_threads(threads);
}
