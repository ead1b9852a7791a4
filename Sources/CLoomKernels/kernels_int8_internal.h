// Shared declarations of the int8 kernel files: one family's exact integer dot products.
#ifndef LOOM_KERNELS_INT8_INTERNAL_H
#define LOOM_KERNELS_INT8_INTERNAL_H

#include "CLoomKernelsInt8.h"

/// One family of int8 × int16 dot products (the int8 weights widened to int16). Every family
/// returns the same exact int32 sums.
typedef struct {
    const char *name;
    /// Σ w[k]·x[k] over n.
    int32_t (*dot)(int64_t n, const int16_t *w, const int16_t *x);
    /// `rows` weight rows (a multiple of 4, n apart) against two activation rows (n apart):
    /// out0[r] with the first, out1[r] with the second.
    void (*dot_rows_x2)(int64_t n, const int16_t *w, int64_t rows, const int16_t *x, int32_t *out0, int32_t *out1);
} loom_i8_family;

#if defined(__x86_64__) || defined(_M_X64)
int loom_i8_avx2_available(void);
extern const loom_i8_family loom_i8_avx2;
#endif

#endif
