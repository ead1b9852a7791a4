// AVX2 kernels of the k-quants (Q4_K, Q5_K, Q6_K: 256 weights a block, 6-bit sub-block scales).
//
// Each type has one body, written for T activation rows at once and forced inline: with T = 1
// it is the dot product, with T = 4 the four-token kernel of batched prompts, which unpacks
// each weight block once for the four. Both run the same float operations per activation row
// (even blocks into one accumulator, odd blocks into another, minimums as fused multiply-adds
// in two chains the same way), so every row's result is the same bits from either.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx2.h"

/// Σ over four 32-byte chunks of unsigned weights against the activation quants, each half of a
/// chunk (its low or high nibbles, sub-blocks 2c and 2c+1) times its 6-bit scale.
LOOM_AVX2 LOOM_INLINE static inline __m256i k4_chunk(__m256i low, __m256i high, const int8_t *x, __m256i sl, __m256i sh) {
    __m256i pl = _mm256_madd_epi16(_mm256_maddubs_epi16(low, _mm256_loadu_si256((const __m256i *)x)), sl);
    __m256i ph = _mm256_madd_epi16(_mm256_maddubs_epi16(high, _mm256_loadu_si256((const __m256i *)(x + 32))), sh);
    return _mm256_add_epi32(pl, ph);
}

/// Σ minimum_j · (activations of sub-block j) over the 8 sub-blocks of a Q4_K/Q5_K block, the
/// minimums given twice each as int16 (products below 2^15 · 63, exact in 32 bits).
LOOM_AVX2 LOOM_INLINE static inline int k4_minimums(__m256i minimums16, const int16_t *sums) {
    __m256i p = _mm256_madd_epi16(minimums16, _mm256_loadu_si256((const __m256i *)sums));
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s);
}

/// Q4_K (fifth = 0) and Q5_K (fifth = 1) for T activation rows: weights·d − minimums·dmin.
LOOM_AVX2 LOOM_INLINE static inline void k4_rows(
    int T, int fifth, int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_ROWS(T, activation, stride, y);
    const size_t block_bytes = fifth ? sizeof(loom_q5_k) : sizeof(loom_q4_k);
    const __m256i low_mask = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc[2][4];
    float minimums[2][4];
    for (int t = 0; t < T; t++) {
        acc[0][t] = acc[1][t] = _mm256_setzero_ps();
        minimums[0][t] = minimums[1][t] = 0;
    }
    for (int64_t b = 0; b < n / QKK; b++) {
        const char *block = (const char *)weights + b * block_bytes;
        // Q4_K and Q5_K share d, dmin and the packed scales; Q5_K has its fifth bits before qs.
        const loom_q4_k *k = (const loom_q4_k *)block;
        const uint8_t *qs = fifth ? ((const loom_q5_k *)block)->qs : k->qs;
        uint8_t scale[8], minimum[8];
        for (int j = 0; j < 8; j++) loom_scale_min_k4(j, k->scales, &scale[j], &minimum[j]);
        // Each minimum twice, against the sums of the two 16-quant halves of its sub-block.
        __m256i minimums16 = _mm256_cvtepu8_epi16(
            _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)minimum), _mm_loadl_epi64((const __m128i *)minimum)));
        __m256i hbits = fifth ? _mm256_loadu_si256((const __m256i *)((const loom_q5_k *)block)->qh) : _mm256_setzero_si256();
        __m256i sum[4];
        for (int t = 0; t < T; t++) sum[t] = _mm256_setzero_si256();
        for (int c = 0; c < 4; c++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
            __m256i low = _mm256_and_si256(q, low_mask);
            __m256i high = _mm256_and_si256(_mm256_srli_epi16(q, 4), low_mask);
            if (fifth) {
                __m256i h1 = _mm256_and_si256(_mm256_srl_epi16(hbits, _mm_cvtsi32_si128(2 * c)), one);
                __m256i h2 = _mm256_and_si256(_mm256_srl_epi16(hbits, _mm_cvtsi32_si128(2 * c + 1)), one);
                low = _mm256_or_si256(low, _mm256_slli_epi16(h1, 4));
                high = _mm256_or_si256(high, _mm256_slli_epi16(h2, 4));
            }
            __m256i sl = _mm256_set1_epi16(scale[2 * c]), sh = _mm256_set1_epi16(scale[2 * c + 1]);
            for (int t = 0; t < T; t++) sum[t] = _mm256_add_epi32(sum[t], k4_chunk(low, high, y[t][b].qs + 64 * c, sl, sh));
        }
        float d = half(k->d), dmin = half(k->dmin);
        int parity = (int)(b & 1);
        for (int t = 0; t < T; t++) {
            float dy = y[t][b].d;
            acc[parity][t] = _mm256_fmadd_ps(_mm256_set1_ps(d * dy), _mm256_cvtepi32_ps(sum[t]), acc[parity][t]);
            minimums[parity][t] =
                __builtin_fmaf(dmin * dy, (float)k4_minimums(minimums16, y[t][b].sums), minimums[parity][t]);
        }
    }
    for (int t = 0; t < T; t++) {
        out[t] = hsum(_mm256_add_ps(acc[0][t], acc[1][t])) - (minimums[0][t] + minimums[1][t]);
    }
}

/// 16 int16 products of one 32-weight run times scales[i] (first 16 bytes) and scales[i+1].
LOOM_AVX2 LOOM_INLINE static inline __m256i q6_part(__m256i q, const int8_t *x, int8_t s0, int8_t s1) {
    __m256i p = _mm256_maddubs_epi16(q, _mm256_loadu_si256((const __m256i *)x));
    return _mm256_madd_epi16(p, _mm256_set_m128i(_mm_set1_epi16(s1), _mm_set1_epi16(s0)));
}

/// Q6_K for T activation rows: unsigned 6-bit quants, minus 32 · Σ scale · activation sums.
LOOM_AVX2 LOOM_INLINE static inline void q6_rows(
    int T, int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_ROWS(T, activation, stride, y);
    const loom_q6_k *w = weights;
    const __m256i low_mask = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    __m256 acc[2][4];
    for (int t = 0; t < T; t++) acc[0][t] = acc[1][t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QKK; b++) {
        __m256i sum[4];
        // −32 · Σ scale_g · (activations of group g), in the lanes of sum[t].
        __m256i scales16 = _mm256_mullo_epi16(
            _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w[b].scales)), _mm256_set1_epi16(-32));
        for (int t = 0; t < T; t++) {
            sum[t] = _mm256_madd_epi16(scales16, _mm256_loadu_si256((const __m256i *)y[t][b].sums));
        }
        for (int part = 0; part < 2; part++) {
            const uint8_t *ql = w[b].ql + 64 * part;
            const int8_t *s = w[b].scales + 8 * part;
            __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
            __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            __m256i h = _mm256_loadu_si256((const __m256i *)(w[b].qh + 32 * part));
            __m256i q[4] = {
                _mm256_or_si256(_mm256_and_si256(l0, low_mask), _mm256_slli_epi16(_mm256_and_si256(h, two_bits), 4)),
                _mm256_or_si256(
                    _mm256_and_si256(l1, low_mask),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), two_bits), 4)),
                _mm256_or_si256(
                    _mm256_and_si256(_mm256_srli_epi16(l0, 4), low_mask),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), two_bits), 4)),
                _mm256_or_si256(
                    _mm256_and_si256(_mm256_srli_epi16(l1, 4), low_mask),
                    _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), two_bits), 4)),
            };
            for (int t = 0; t < T; t++) {
                const int8_t *x = y[t][b].qs + 128 * part;
                for (int j = 0; j < 4; j++) {
                    sum[t] = _mm256_add_epi32(sum[t], q6_part(q[j], x + 32 * j, s[2 * j], s[2 * j + 1]));
                }
            }
        }
        float d = half(w[b].d);
        int parity = (int)(b & 1);
        for (int t = 0; t < T; t++) {
            acc[parity][t] = _mm256_fmadd_ps(_mm256_set1_ps(d * y[t][b].d), _mm256_cvtepi32_ps(sum[t]), acc[parity][t]);
        }
    }
    for (int t = 0; t < T; t++) out[t] = hsum(_mm256_add_ps(acc[0][t], acc[1][t]));
}

LOOM_AVX2 static float dot_q4_k(int64_t n, const void *weights, const void *activation) {
    float out;
    k4_rows(1, 0, n, weights, activation, 0, &out);
    return out;
}

LOOM_AVX2 static void dot4_q4_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    k4_rows(4, 0, n, weights, activation, stride, out);
}

LOOM_AVX2 static float dot_q5_k(int64_t n, const void *weights, const void *activation) {
    float out;
    k4_rows(1, 1, n, weights, activation, 0, &out);
    return out;
}

LOOM_AVX2 static void dot4_q5_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    k4_rows(4, 1, n, weights, activation, stride, out);
}

LOOM_AVX2 static float dot_q6_k(int64_t n, const void *weights, const void *activation) {
    float out;
    q6_rows(1, n, weights, activation, 0, &out);
    return out;
}

LOOM_AVX2 static void dot4_q6_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    q6_rows(4, n, weights, activation, stride, out);
}

void loom_avx2_k_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_Q4_K] = dot_q4_k;
    table->dot[LOOM_TYPE_Q5_K] = dot_q5_k;
    table->dot[LOOM_TYPE_Q6_K] = dot_q6_k;
    table->dot4[LOOM_TYPE_Q4_K] = dot4_q4_k;
    table->dot4[LOOM_TYPE_Q5_K] = dot4_q5_k;
    table->dot4[LOOM_TYPE_Q6_K] = dot4_q6_k;
}
#endif
