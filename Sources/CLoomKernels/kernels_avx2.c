// AVX2 + FMA + F16C kernels, compiled with target attributes (no -march flag), used only when
// the CPU reports all three. Each block's integer sum is exact, as in the scalar kernels; only
// the order of the float additions across blocks differs.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx2.h"

int loom_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

LOOM_AVX2 static float dot_f16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i)));
        __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i + 8)));
        a0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + i + 8), a1);
    }
    for (; i + 8 <= n; i += 8) {
        a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i))), _mm256_loadu_ps(x + i), a0);
    }
    float sum = hsum(_mm256_add_ps(a0, a1));
    for (; i < n; i++) sum += half(w[i]) * x[i];
    return sum;
}

LOOM_AVX2 static float dot_bf16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    __m256 a0 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(w + i)));
        __m256 values = _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
        a0 = _mm256_fmadd_ps(values, _mm256_loadu_ps(x + i), a0);
    }
    float sum = hsum(a0);
    for (; i < n; i++) {
        uint32_t bits = (uint32_t)w[i] << 16;
        float value;
        memcpy(&value, &bits, 4);
        sum += value * x[i];
    }
    return sum;
}

LOOM_AVX2 static float dot_q4_0(int64_t n, const void *weights, const void *activation) {
    const loom_q4_0 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++) {
        float d = half(w[b].d);
        __m256i p = dot_u8_i8(nibbles(w[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        p = _mm256_sub_epi32(p, _mm256_setr_epi32(8 * y[b].sum, 0, 0, 0, 0, 0, 0, 0));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d * y[b].d), _mm256_cvtepi32_ps(p), acc);
    }
    return hsum(acc);
}

// Q4_1 follows ggml_vec_dot_q4_1_q8_1 (AVX2): one eight-lane accumulator takes every block in
// order, acc = fma(d_w · d_y, lanes, acc), where lane l holds the exact integer sum of weights
// 4l ... 4l + 3 of the block; the minimums m · s are one chain of fused multiply-adds (as gcc
// contracts ggml's `summs += m * s`); the result is hsum(acc) + minimums. The single-row,
// four-row and four-token kernels keep that order for every output, so each gives every row's
// dot product bit for bit, and llama.cpp's.
LOOM_AVX2 LOOM_INLINE static inline __m256 q4_1_block(const loom_q4_1 *w, const loom_a8 *y, __m256i qy, __m256 acc) {
    __m256i p = dot_u8_i8(nibbles(w->qs), qy);
    return _mm256_fmadd_ps(_mm256_set1_ps(half(w->d) * y->d), _mm256_cvtepi32_ps(p), acc);
}

LOOM_AVX2 LOOM_INLINE static inline __m256i block_quants(const loom_a8 *y) {
    return _mm256_loadu_si256((const __m256i *)y->qs);
}

LOOM_AVX2 static float dot_q4_1(int64_t n, const void *weights, const void *activation) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    float minimums = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        acc = q4_1_block(&w[b], &y[b], block_quants(&y[b]), acc);
        minimums = __builtin_fmaf(half(w[b].m), y[b].s, minimums);
    }
    return hsum(acc) + minimums;
}

/// Four Q4_1 rows (`row_bytes` apart) against one activation row: each activation block is
/// loaded once for the four, and the four rows' scales and minimums are converted and
/// multiplied in one vector (lane r for row r: the same roundings as dot_q4_1's scalars).
LOOM_AVX2 static void rows4_q4_1(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const loom_q4_1 *w[4];
    for (int r = 0; r < 4; r++) w[r] = (const loom_q4_1 *)((const char *)weights + r * row_bytes);
    const loom_a8 *y = activation;
    __m256 acc[4];
    __m128 minimums = _mm_setzero_ps();
    for (int r = 0; r < 4; r++) acc[r] = _mm256_setzero_ps();
    // Lane 2r holds row r's d, lane 2r + 1 its m.
    const __m256i pick_d = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    const __m256i pick_m = _mm256_setr_epi32(1, 3, 5, 7, 1, 3, 5, 7);
    int64_t blocks = n / QK;
    for (int64_t b = 0; b < blocks; b++) {
        uint32_t dm[4];
        for (int r = 0; r < 4; r++) memcpy(&dm[r], &w[r][b].d, 4);
        __m256 halves = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)dm));
        __m256 scales = _mm256_mul_ps(_mm256_permutevar8x32_ps(halves, pick_d), _mm256_set1_ps(y[b].d));
        __m128 m = _mm256_castps256_ps128(_mm256_permutevar8x32_ps(halves, pick_m));
        minimums = _mm_fmadd_ps(m, _mm_set1_ps(y[b].s), minimums);
        __m256i qy = block_quants(&y[b]);
        float scale[4];
        _mm_storeu_ps(scale, _mm256_castps256_ps128(scales));
        for (int r = 0; r < 4; r++) {
            __m256 product = _mm256_cvtepi32_ps(dot_u8_i8(nibbles(w[r][b].qs), qy));
            acc[r] = _mm256_fmadd_ps(_mm256_set1_ps(scale[r]), product, acc[r]);
        }
    }
    float sums[4];
    _mm_storeu_ps(sums, minimums);
    for (int r = 0; r < 4; r++) out[r] = hsum(acc[r]) + sums[r];
}

/// One Q4_1 row against four activation rows (`stride` bytes apart): each weight block is
/// unpacked once for all four.
LOOM_AVX2 static void dot4_q4_1(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y[4];
    for (int t = 0; t < 4; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    __m256 acc[4];
    float minimums[4] = {0};
    for (int t = 0; t < 4; t++) acc[t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++) {
        __m256i q = nibbles(w[b].qs);
        float d = half(w[b].d), m = half(w[b].m);
        for (int t = 0; t < 4; t++) {
            __m256i p = dot_u8_i8(q, block_quants(&y[t][b]));
            acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(d * y[t][b].d), _mm256_cvtepi32_ps(p), acc[t]);
            minimums[t] = __builtin_fmaf(m, y[t][b].s, minimums[t]);
        }
    }
    for (int t = 0; t < 4; t++) out[t] = hsum(acc[t]) + minimums[t];
}

/// Four Q4_1 rows against 8 · groups activation rows (`stride` bytes apart): out[t · out_stride
/// + r]. Each row runs eight tokens at a time, one accumulator each (eight independent chains,
/// where dot4 has four), the eight tokens' minimums in the lanes of one vector.
LOOM_AVX2 static void tile_q4_1(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    (void)lanes;
    for (int r = 0; r < 4; r++) {
        const loom_q4_1 *w = (const loom_q4_1 *)((const char *)weights + r * row_bytes);
        for (int g = 0; g < groups; g++) {
            const loom_a8 *y[8];
            for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)((const char *)activation + (8 * g + t) * stride);
            __m256 acc[8];
            for (int t = 0; t < 8; t++) acc[t] = _mm256_setzero_ps();
            __m256 minimums = _mm256_setzero_ps();
            for (int64_t b = 0; b < n / QK; b++) {
                __m256i q = nibbles(w[b].qs);
                float d = half(w[b].d);
                __m256 s = _mm256_setr_ps(
                    y[0][b].s, y[1][b].s, y[2][b].s, y[3][b].s, y[4][b].s, y[5][b].s, y[6][b].s, y[7][b].s);
                minimums = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].m)), s, minimums);
                for (int t = 0; t < 8; t++) {
                    __m256i p = dot_u8_i8(q, block_quants(&y[t][b]));
                    acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(d * y[t][b].d), _mm256_cvtepi32_ps(p), acc[t]);
                }
            }
            float m[8];
            _mm256_storeu_ps(m, minimums);
            for (int t = 0; t < 8; t++) out[(8 * g + t) * out_stride + r] = hsum(acc[t]) + m[t];
        }
    }
}

LOOM_AVX2 static float dot_q5_1(int64_t n, const void *weights, const void *activation) {
    const loom_q5_1 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    float minimums = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        __m256i q = _mm256_or_si256(nibbles(w[b].qs), fifth_bits(w[b].qh));
        __m256i p = dot_u8_i8(q, _mm256_loadu_si256((const __m256i *)y[b].qs));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(p), acc);
        minimums += half(w[b].m) * y[b].s;
    }
    return hsum(acc) + minimums;
}

void loom_avx2_table(loom_kernel_table *table) {
    loom_avx2_f32_table(table);
    table->dot[LOOM_TYPE_F16] = dot_f16;
    table->dot[LOOM_TYPE_BF16] = dot_bf16;
    table->dot[LOOM_TYPE_Q4_0] = dot_q4_0;
    table->dot[LOOM_TYPE_Q4_1] = dot_q4_1;
    table->dot[LOOM_TYPE_Q5_1] = dot_q5_1;
    table->dot4[LOOM_TYPE_Q4_1] = dot4_q4_1;
    table->rows4[LOOM_TYPE_Q4_1] = rows4_q4_1;
    table->tile[LOOM_TYPE_Q4_1] = tile_q4_1;
    loom_avx2_q0_table(table);
    loom_avx2_k_table(table);
}
#endif
