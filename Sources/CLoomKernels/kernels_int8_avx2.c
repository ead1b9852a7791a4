// The AVX2 family of int8 × int16 products, compiled with target attributes (no -march flag)
// and used only when the CPU reports AVX2. The weights are packed (loom_i8_pack_weights) so
// that one load holds a pair of columns of 8 output rows: vpmaddwd against a broadcast pair
// of one token's activations then adds into 8 running sums that each belong to one output,
// so no horizontal sum is ever needed. A block of 2 groups (16 rows) × 4 tokens keeps 8 sums
// in registers, and each load serves 4 (weights) or 2 (activations) products. Every sum is
// exact and is scaled by the same expression as the scalar family's, so results are its bits.
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_int8_internal.h"
#include "kernels_int8_math.h"
#include <immintrin.h>

#define LOOM_I8_AVX2 __attribute__((target("avx2")))
// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_I8_INLINE __attribute__((always_inline))

int loom_i8_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

LOOM_I8_AVX2 LOOM_I8_INLINE static inline __m256i load16(const int16_t *x) {
    return _mm256_loadu_si256((const __m256i *)x);
}

/// The pair x[0], x[1] in every 32-bit lane.
LOOM_I8_AVX2 LOOM_I8_INLINE static inline __m256i broadcast_pair(const int16_t *x) {
    int32_t pair;
    memcpy(&pair, x, 4);
    return _mm256_set1_epi32(pair);
}

/// The exact sums of `groups` (1 or 2) packed groups of 8 rows, `stride` values apart, with
/// `tokens` (1 to 4) activation rows of `n` values: acc[g][t] lane i = Σ w[8g + i][k]·x[t][k].
/// Called with constant `groups` and `tokens`, so the loops unroll and acc stays in registers.
LOOM_I8_AVX2 LOOM_I8_INLINE static inline void block(
    int64_t n, const int16_t *w, int64_t stride, const int16_t *x, const int groups, const int tokens,
    __m256i acc[2][4]) {
    for (int g = 0; g < groups; g++) {
        for (int t = 0; t < tokens; t++) acc[g][t] = _mm256_setzero_si256();
    }
    const int16_t *w0 = w, *w1 = w + stride;
    int64_t pairs = n / 2;
    for (int64_t p = 0; p < pairs; p++) {
        __m256i u0 = load16(w0 + p * 16);
        __m256i u1 = groups > 1 ? load16(w1 + p * 16) : u0;
        for (int t = 0; t < tokens; t++) {
            __m256i b = broadcast_pair(x + t * n + 2 * p);
            acc[0][t] = _mm256_add_epi32(acc[0][t], _mm256_madd_epi16(u0, b));
            if (groups > 1) acc[1][t] = _mm256_add_epi32(acc[1][t], _mm256_madd_epi16(u1, b));
        }
    }
    if (n & 1) {
        // The last column's pair is (w, 0) in the packed layout; (x, 0) meets it.
        __m256i u0 = load16(w0 + pairs * 16);
        __m256i u1 = groups > 1 ? load16(w1 + pairs * 16) : u0;
        for (int t = 0; t < tokens; t++) {
            __m256i b = _mm256_set1_epi32((int32_t)(uint16_t)x[t * n + n - 1]);
            acc[0][t] = _mm256_add_epi32(acc[0][t], _mm256_madd_epi16(u0, b));
            if (groups > 1) acc[1][t] = _mm256_add_epi32(acc[1][t], _mm256_madd_epi16(u1, b));
        }
    }
}

/// o[i] = (float)sums[i] · (wscales[i] · xscale) + bias[i] (+ 0 without a bias) for the first
/// `rows` (at most 8) lanes, then GELU when asked: the scalar family's expression.
LOOM_I8_AVX2 LOOM_I8_INLINE static inline void finish(
    __m256i sums, const float *wscales, const float *bias, float xscale, int64_t rows, float *o, int gelu) {
    if (rows == 8) {
        __m256 scale = _mm256_mul_ps(_mm256_loadu_ps(wscales), _mm256_set1_ps(xscale));
        __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(sums), scale);
        v = _mm256_add_ps(v, bias ? _mm256_loadu_ps(bias) : _mm256_setzero_ps());
        _mm256_storeu_ps(o, v);
        // A constant count: the compiler turns the GELU into one pass of 8-lane operations.
        if (gelu) loom_i8_gelu_body(o, 8);
    } else {
        int32_t lanes[8];
        _mm256_storeu_si256((__m256i *)lanes, sums);
        for (int64_t i = 0; i < rows; i++) o[i] = (float)lanes[i] * (wscales[i] * xscale) + (bias ? bias[i] : 0.0f);
        if (gelu) loom_i8_gelu_body(o, rows);
    }
}

LOOM_I8_AVX2 static void avx2_matmul(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride, int gelu) {
    int64_t stride = loom_i8_group_values(n);
    // Blocks of activation rows of about 128 KB stay in cache while every weight panel passes;
    // a panel of 16 rows (48 KB for n = 1536) then meets the block 4 tokens at a time.
    int64_t span = n > 0 ? 65536 / n : count;
    if (span < 4) span = 4;
    __m256i acc[2][4];
    for (int64_t t0 = 0; t0 < count; t0 += span) {
        int64_t t_end = t0 + span < count ? t0 + span : count;
        for (int64_t group = first; group < end; group += 16) {
            int groups = end - group > 8 ? 2 : 1;
            const int16_t *w = packed + group / 8 * stride;
            for (int64_t t = t0; t < t_end; t += 4) {
                int tokens = t_end - t < 4 ? (int)(t_end - t) : 4;
                const int16_t *xt = x + t * n;
                switch (groups * 8 + tokens) {
                case 8 + 1: block(n, w, stride, xt, 1, 1, acc); break;
                case 8 + 2: block(n, w, stride, xt, 1, 2, acc); break;
                case 8 + 3: block(n, w, stride, xt, 1, 3, acc); break;
                case 8 + 4: block(n, w, stride, xt, 1, 4, acc); break;
                case 16 + 1: block(n, w, stride, xt, 2, 1, acc); break;
                case 16 + 2: block(n, w, stride, xt, 2, 2, acc); break;
                case 16 + 3: block(n, w, stride, xt, 2, 3, acc); break;
                default: block(n, w, stride, xt, 2, 4, acc); break;
                }
                for (int g = 0; g < groups; g++) {
                    int64_t row = group + 8 * g;
                    int64_t rows = end - row < 8 ? end - row : 8;
                    for (int i = 0; i < tokens; i++) {
                        finish(
                            acc[g][i], wscales + row, bias ? bias + row : NULL, xscales[t + i], rows,
                            out + (t + i) * out_stride + row, gelu);
                    }
                }
            }
        }
    }
}

const loom_i8_family loom_i8_avx2 = {"avx2", avx2_matmul};
#endif
