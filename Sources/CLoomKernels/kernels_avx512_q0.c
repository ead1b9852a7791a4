// AVX-512 kernels of Q5_0 and Q8_0 (blocks of 32) for batched prompts: the same bits as the AVX2
// tiles of kernels_avx2_q0.c, whose comment defines the float order (Q5_0: one chain per output
// of fma(d_w · d_y, exact block sum, acc); Q8_0: ggml's eight-lane accumulator per output).
//
// Q5_0 multiplies a weight block with sixteen tokens in eight registers (two tokens each, by
// vpdpbusd) and folds the exact sums into one register, lane t for token t; the four rows of a
// tile run side by side so the tokens' quants are loaded once a block for the four. Q8_0 puts two
// tokens' eight-lane accumulators in one register: the float operations are the AVX2 ones, lane
// for lane.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx512.h"

/// Lanes (0, 1) of the result hold a's and b's sums of lanes (0 + 2), lanes (2, 3) their sums of
/// lanes (1 + 3), in each 128-bit quarter.
LOOM_AVX512 LOOM_INLINE static inline __m512i fold32x2(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_unpacklo_epi32(a, b), _mm512_unpackhi_epi32(a, b));
}

/// Two fold32x2 results folded again: in each 256-bit half, lanes (t, t + 4) hold the sums of
/// the lower and upper 128 bits of that half of input t, t < 4.
LOOM_AVX512 LOOM_INLINE static inline __m512i fold64x2(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
}

/// The products of one Q5_0 weight block (unsigned 5-bit quants in both halves of `w`) with
/// the quants of eight registers of token pairs, reduced exactly: lane t of the result holds
/// token t's sum, where register k holds tokens k and k + 4 (k < 4) and tokens k + 4 and k + 8
/// (k ≥ 4). With `G` = 1 only registers 0-3 are read, and lanes 0-7 are the eight tokens'.
LOOM_AVX512 LOOM_INLINE static inline __m512i q5_0_sums(int G, __m512i w, const __m512i *y) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i p[8];
    for (int k = 0; k < 4 * G; k++) p[k] = _mm512_dpbusd_epi32(zero, w, y[k]);
    // Per 256-bit half: [tokens 0-3 of the half's first 128 bits | the same of its second].
    __m512i low = fold64x2(fold32x2(p[0], p[1]), fold32x2(p[2], p[3]));
    __m512i high = G == 2 ? fold64x2(fold32x2(p[4], p[5]), fold32x2(p[6], p[7])) : low;
    __m512i first = _mm512_shuffle_i64x2(low, high, _MM_SHUFFLE(2, 0, 2, 0));
    __m512i second = _mm512_shuffle_i64x2(low, high, _MM_SHUFFLE(3, 1, 3, 1));
    return _mm512_add_epi32(first, second);
}

/// Q5_0: four rows (`row_bytes` apart) against 8 · G tokens (`stride` bytes apart; their scales
/// and sums in `lanes`, `blocks` entries per eight): out[t · out_stride + r].
LOOM_AVX512 LOOM_INLINE static inline void q5_0_tile(
    int G, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    const loom_a8 *y[16];
    for (int t = 0; t < 8 * G; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    const int64_t blocks = n / QK;
    const loom_a8_lanes *upper = lanes + (G == 2 ? blocks : 0);
    __m512 acc[4];
    for (int r = 0; r < 4; r++) acc[r] = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; b++) {
        __m512i x[8];
        for (int k = 0; k < 4; k++) {
            x[k] = pair_blocks(y[k][b].qs, y[k + 4][b].qs);
            if (G == 2) x[k + 4] = pair_blocks(y[k + 8][b].qs, y[k + 12][b].qs);
        }
        __m512i offset = _mm512_slli_epi32(pair_blocks(lanes[b].sum, upper[b].sum), 4);
        __m512 dy = _mm512_castsi512_ps(pair_blocks(lanes[b].d, upper[b].d));
        for (int r = 0; r < 4; r++) {
            const loom_q5_0 *block = (const loom_q5_0 *)((const char *)weights + r * row_bytes) + b;
            __m512i w = _mm512_broadcast_i64x4(_mm256_or_si256(nibbles(block->qs), fifth_bits(block->qh)));
            __m512i sums = _mm512_sub_epi32(q5_0_sums(G, w, x), offset);
            __m512 scale = _mm512_mul_ps(_mm512_set1_ps(half(block->d)), dy);
            acc[r] = _mm512_fmadd_ps(scale, _mm512_cvtepi32_ps(sums), acc[r]);
        }
    }
    for (int r = 0; r < 4; r++) {
        float result[16];
        _mm512_storeu_ps(result, acc[r]);
        for (int t = 0; t < 8 * G; t++) out[t * out_stride + r] = result[t];
    }
}

LOOM_AVX512 static void tile_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    if (groups == 2) {
        q5_0_tile(2, n, weights, row_bytes, activation, stride, lanes, out, out_stride);
    } else {
        q5_0_tile(1, n, weights, row_bytes, activation, stride, lanes, out, out_stride);
    }
}

/// Q8_0: four rows against 8 · groups tokens, as tile_q8_0 of kernels_avx2_q0.c: per row and
/// eight tokens, register k holds the eight-lane accumulators of tokens 2k and 2k + 1. The
/// weights' signs go onto the tokens' quants so vpdpbusd multiplies magnitudes by signed values.
LOOM_AVX512 static void tile_q8_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    const int64_t blocks = n / QK;
    const __m512i zero = _mm512_setzero_si512();
    for (int r = 0; r < 4; r++) {
        const loom_q8_0 *w = (const loom_q8_0 *)((const char *)weights + r * row_bytes);
        for (int g = 0; g < groups; g++) {
            const loom_a8 *y[8];
            for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)((const char *)activation + (8 * g + t) * stride);
            const loom_a8_lanes *table = lanes + g * blocks;
            __m512 acc[4];
            for (int k = 0; k < 4; k++) acc[k] = _mm512_setzero_ps();
            for (int64_t b = 0; b < blocks; b++) {
                __m512i signed_w = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)w[b].qs));
                __m512i magnitude = _mm512_abs_epi8(signed_w);
                __mmask64 negative = _mm512_movepi8_mask(signed_w);
                // d_w · d_y of the eight tokens, the products the AVX2 kernel makes one by one.
                __m512 scales = _mm512_castps256_ps512(
                    _mm256_mul_ps(_mm256_set1_ps(half(w[b].d)), _mm256_loadu_ps(table[b].d)));
                for (int k = 0; k < 4; k++) {
                    __m512i x = pair_blocks(y[2 * k][b].qs, y[2 * k + 1][b].qs);
                    x = _mm512_mask_sub_epi8(x, negative, zero, x);
                    __m512 products = _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(zero, magnitude, x));
                    __m512i pick = _mm512_inserti64x4(
                        _mm512_set1_epi32(2 * k), _mm256_set1_epi32(2 * k + 1), 1);
                    acc[k] = _mm512_fmadd_ps(_mm512_permutexvar_ps(pick, scales), products, acc[k]);
                }
            }
            for (int k = 0; k < 4; k++) {
                out[(8 * g + 2 * k) * out_stride + r] = hsum(_mm512_castps512_ps256(acc[k]));
                out[(8 * g + 2 * k + 1) * out_stride + r] = hsum(upper_floats(acc[k]));
            }
        }
    }
}

void loom_avx512_q0_table(loom_kernel_table *table) {
    table->tile[LOOM_TYPE_Q5_0] = tile_q5_0;
    table->tile[LOOM_TYPE_Q8_0] = tile_q8_0;
}
#endif
