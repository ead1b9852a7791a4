// int8 × int16 products: quantisation, packing, the portable scalar family and the
// dispatcher. Every family's integer sums are exact, and all turn them into floats with one
// expression, so their results are the same bits.
#include "kernels_int8_internal.h"
#include <math.h>
#include <string.h>

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

int64_t loom_i8_packed_count(int64_t rows, int64_t n) { return (rows + 7) / 8 * loom_i8_group_values(n); }

void loom_i8_pack_weights(const int8_t *q, int64_t rows, int64_t n, int16_t *packed) {
    memset(packed, 0, (size_t)loom_i8_packed_count(rows, n) * sizeof(int16_t));
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t k = 0; k < n; k++) packed[loom_i8_packed_index(r, k, n)] = q[r * n + k];
    }
}

/// out[i] = (float)sums[i] · (wscales[i] · xscale) + bias[i] for i < count (bias may be NULL),
/// the expression every family uses.
static void scale_rows(
    float *out, const int32_t *sums, const float *wscales, const float *bias, float xscale, int64_t count) {
    if (bias) {
        for (int64_t i = 0; i < count; i++) out[i] = (float)sums[i] * (wscales[i] * xscale) + bias[i];
    } else {
        for (int64_t i = 0; i < count; i++) out[i] = (float)sums[i] * (wscales[i] * xscale) + 0.0f;
    }
}

// The scalar family: the same exact sums the SIMD families compute, one output at a time.
static void scalar_matmul(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride, int gelu) {
    int32_t sums[8];
    for (int64_t t = 0; t < count; t++) {
        const int16_t *xt = x + t * n;
        for (int64_t group = first; group < end; group += 8) {
            int64_t rows = end - group < 8 ? end - group : 8;
            const int16_t *w = packed + group / 8 * loom_i8_group_values(n);
            for (int64_t i = 0; i < rows; i++) {
                int32_t sum = 0;
                for (int64_t k = 0; k < n; k++) sum += (int32_t)w[k / 2 * 16 + i * 2 + k % 2] * (int32_t)xt[k];
                sums[i] = sum;
            }
            float *o = out + t * out_stride + group;
            scale_rows(o, sums, wscales + group, bias ? bias + group : NULL, xscales[t], rows);
            if (gelu) loom_i8_gelu_base(o, rows);
        }
    }
}

const loom_i8_family loom_i8_scalar = {"scalar", scalar_matmul};

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

void loom_i8_matmul_family(
    int family, int gelu, int64_t n, const int16_t *packed, const float *wscales, const float *bias,
    int64_t first, int64_t end, const int16_t *x, const float *xscales, int64_t count, float *out,
    int64_t out_stride) {
    loom_i8_table(family)->matmul(n, packed, wscales, bias, first, end, x, xscales, count, out, out_stride, gelu);
}

void loom_i8_matmul(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride) {
    loom_i8_matmul_family(LOOM_I8_BEST, 0, n, packed, wscales, bias, first, end, x, xscales, count, out, out_stride);
}

void loom_i8_matmul_gelu(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride) {
    loom_i8_matmul_family(LOOM_I8_BEST, 1, n, packed, wscales, bias, first, end, x, xscales, count, out, out_stride);
}
