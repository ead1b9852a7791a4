// Shared declarations of the int8 kernel files: one family's exact integer products over the
// packed weight layout, and the packed layout's addressing.
#ifndef LOOM_KERNELS_INT8_INTERNAL_H
#define LOOM_KERNELS_INT8_INTERNAL_H

#include "CLoomKernelsInt8.h"

/// The packed layout (see loom_i8_pack_weights): rows in groups of 8, each group's columns in
/// pairs, one pair of every row of the group side by side, so one 16-value load holds the
/// pair (k, k + 1) of 8 output rows. A group takes (n + 1) / 2 · 16 values.
static inline int64_t loom_i8_group_values(int64_t n) { return (n + 1) / 2 * 16; }

/// The index of w[r][k] in the packed layout.
static inline int64_t loom_i8_packed_index(int64_t r, int64_t k, int64_t n) {
    return r / 8 * loom_i8_group_values(n) + k / 2 * 16 + r % 8 * 2 + k % 2;
}

/// One family of products: the whole of loom_i8_matmul_family for rows [first, end). Every
/// family computes the same exact int32 sums and turns them into floats with the same
/// expression, out = (float)sum · (wscale · xscale) + bias (+ 0 without a bias), then GELU
/// when asked, so every family returns the same bits.
typedef struct {
    const char *name;
    void (*matmul)(
        int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
        const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride, int gelu);
} loom_i8_family;

/// The portable family (kernels_int8.c).
extern const loom_i8_family loom_i8_scalar;

#if defined(__x86_64__) || defined(_M_X64)
int loom_i8_avx2_available(void);
extern const loom_i8_family loom_i8_avx2;
#endif

/// GELU of `count` floats, in the baseline build (kernels_int8_ops.c), for the scalar family.
void loom_i8_gelu_base(float *x, int64_t count);

#endif
