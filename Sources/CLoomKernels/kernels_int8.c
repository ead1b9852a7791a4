// int8 × int16 products: quantisation, the portable scalar kernel, the dispatcher and the
// tiled driver. The kernels return exact int32 sums; only this file turns them into floats.
#include "kernels_int8_internal.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

/// v rounded to the nearest integer, ties to even, for |v| < 2^22: adding and removing 1.5·2^23
/// leaves no fraction bits (the same result as nearbyintf in the default rounding mode, without
/// a library call on CPUs lacking SSE4.1's roundps).
static inline float round_small(float v) {
    const float shifter = 12582912.0f;
    return (v + shifter) - shifter;
}

void loom_i8_quantize_weights(const float *w, int64_t rows, int64_t n, int8_t *q, float *scales) {
    for (int64_t r = 0; r < rows; r++, w += n, q += n) {
        float largest = 0;
        for (int64_t k = 0; k < n; k++) largest = fmaxf(largest, fabsf(w[k]));
        float inverse = largest > 0 ? 127.0f / largest : 0.0f;
        for (int64_t k = 0; k < n; k++) {
            float v = round_small(w[k] * inverse);
            q[k] = (int8_t)(v > 127 ? 127 : (v < -127 ? -127 : v));
        }
        scales[r] = largest / 127.0f;
    }
}

int32_t loom_i8_activation_limit(int64_t n) {
    // |Σ w·x| <= n · 127 · limit must stay below 2^31, and so must every partial sum.
    int64_t limit = n > 0 ? (int64_t)INT32_MAX / (127 * n) : 32767;
    if (limit > 32767) limit = 32767;
    if (limit < 1) limit = 1;
    return (int32_t)limit;
}

// The scalar family: the same exact sums the SIMD families compute.
static int32_t scalar_dot(int64_t n, const int16_t *w, const int16_t *x) {
    int32_t sum = 0;
    for (int64_t k = 0; k < n; k++) sum += (int32_t)w[k] * (int32_t)x[k];
    return sum;
}

static void scalar_dot_rows_x2(
    int64_t n, const int16_t *w, int64_t rows, const int16_t *x, int32_t *out0, int32_t *out1) {
    for (int64_t r = 0; r < rows; r++) {
        out0[r] = scalar_dot(n, w + r * n, x);
        out1[r] = scalar_dot(n, w + r * n, x + n);
    }
}

static const loom_i8_family loom_i8_scalar = {"scalar", scalar_dot, scalar_dot_rows_x2};

static const loom_i8_family *loom_i8_best = NULL;

static const loom_i8_family *loom_i8_table(int family) {
    if (family == LOOM_I8_SCALAR) return &loom_i8_scalar;
    const loom_i8_family *best = __atomic_load_n(&loom_i8_best, __ATOMIC_ACQUIRE);
    if (!best) {
        // Concurrent first calls race benignly: each stores the same pointer.
        best = &loom_i8_scalar;
#if defined(__x86_64__) || defined(_M_X64)
        if (loom_i8_avx2_available()) best = &loom_i8_avx2;
#endif
        __atomic_store_n(&loom_i8_best, best, __ATOMIC_RELEASE);
    }
    return best;
}

const char *loom_i8_kernels_name(int family) { return loom_i8_table(family)->name; }

/// out[i] = (float)sums[i] · (wscales[i] · xscale) + bias[i] for i < count (bias may be NULL).
static void scale_rows(
    float *out, const int32_t *sums, const float *wscales, const float *bias, float xscale, int64_t count) {
    if (bias) {
        for (int64_t i = 0; i < count; i++) out[i] = (float)sums[i] * (wscales[i] * xscale) + bias[i];
    } else {
        for (int64_t i = 0; i < count; i++) out[i] = (float)sums[i] * (wscales[i] * xscale) + 0.0f;
    }
}

void loom_i8_matmul_family(
    int family, int64_t n, const int16_t *w, const float *wscales, const float *bias, int64_t first,
    int64_t end, const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride) {
    const loom_i8_family *f = loom_i8_table(family);
    // Blocks of activation rows of about 128 KB stay in cache while every weight row passes;
    // inside a block, tiles of 32 weight rows (at most 48 KB for n = 1536) meet each pair of
    // activation rows, four weight rows at a time.
    int64_t block = n > 0 ? (32768 / n) * 2 : count;
    if (block < 2) block = 2;
    int32_t sums0[32], sums1[32];
    for (int64_t t0 = 0; t0 < count; t0 += block) {
        int64_t t_end = t0 + block < count ? t0 + block : count;
        for (int64_t tile = first; tile < end; tile += 32) {
            int64_t rows = (tile + 32 < end ? tile + 32 : end) - tile;
            int64_t whole = rows / 4 * 4;
            const int16_t *wt = w + tile * n;
            const float *bt = bias ? bias + tile : NULL;
            int64_t t = t0;
            for (; t + 2 <= t_end; t += 2) {
                const int16_t *xt = x + t * n;
                if (whole > 0) f->dot_rows_x2(n, wt, whole, xt, sums0, sums1);
                for (int64_t i = whole; i < rows; i++) {
                    sums0[i] = f->dot(n, wt + i * n, xt);
                    sums1[i] = f->dot(n, wt + i * n, xt + n);
                }
                scale_rows(out + t * out_stride + tile, sums0, wscales + tile, bt, xscales[t], rows);
                scale_rows(out + (t + 1) * out_stride + tile, sums1, wscales + tile, bt, xscales[t + 1], rows);
            }
            for (; t < t_end; t++) {
                for (int64_t i = 0; i < rows; i++) sums0[i] = f->dot(n, wt + i * n, x + t * n);
                scale_rows(out + t * out_stride + tile, sums0, wscales + tile, bt, xscales[t], rows);
            }
        }
    }
}

void loom_i8_matmul(
    int64_t n, const int16_t *w, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride) {
    loom_i8_matmul_family(LOOM_I8_BEST, n, w, wscales, bias, first, end, x, xscales, count, out, out_stride);
}
