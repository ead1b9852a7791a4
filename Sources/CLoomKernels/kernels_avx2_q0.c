// AVX2 kernels of Q5_0 and Q8_0 (blocks of 32), the types of the 896-column matrices of
// Qwen2.5 0.5B's Q4_K_M files and of most tied embeddings.
//
// Q8_0 follows ggml_vec_dot_q8_0_q8_0 (and llamafile's tinyBLAS_Q0_AVX, which llama.cpp uses for
// Q8_0 matrices in batches: the same operations): lane l of a block's products is the exact sum
// of the four products 4l ... 4l + 3, converted to float and added to the output's eight-lane
// accumulator by one fused multiply-add with the block's scale product d_w · d_y, block after
// block from 0; the output is the accumulator's horizontal sum (hsum's order). Every kernel (the
// single dot product, the four rows of generation, the tiles of batched prompts) keeps one such
// accumulator per output, so all give every (row, token) the same bits, and llama.cpp's.
//
// Q5_0's float sums run one chain per output: each block's integer sum is reduced exactly to
// one int32, converted (exactly: it stays below 2^24) and added by one fused multiply-add with
// the block's scale product, rounded to float: acc = fma(d_w · d_y, Σ, acc), block after block
// from 0. The tiles reduce eight tokens' sums into the lanes of one vector, so one conversion,
// one scale product and one multiply-add serve eight outputs, and each weight block is unpacked
// once for all the tile's tokens.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx2.h"

/// One weight block ready to multiply: unsigned magnitudes, and for Q8_0 the signed quants
/// whose signs go onto the activations.
typedef struct {
    __m256i magnitude, sign;
} q0_weights;

LOOM_AVX2 LOOM_INLINE static inline q0_weights q0_unpack(int type, const char *block) {
    q0_weights w;
    if (type == LOOM_TYPE_Q8_0) {
        w.sign = _mm256_loadu_si256((const __m256i *)((const loom_q8_0 *)block)->qs);
        w.magnitude = _mm256_sign_epi8(w.sign, w.sign);
    } else {
        const loom_q5_0 *q = (const loom_q5_0 *)block;
        w.magnitude = _mm256_or_si256(nibbles(q->qs), fifth_bits(q->qh));
        w.sign = w.magnitude;
    }
    return w;
}

/// Σ weight·activation over one block as 8 int32 partial sums (Q5_0's quants still unsigned:
/// the block's − 16 · Σ activations is taken off after the reduction).
LOOM_AVX2 LOOM_INLINE static inline __m256i q0_product(int type, q0_weights w, const int8_t *activation) {
    __m256i qy = _mm256_loadu_si256((const __m256i *)activation);
    if (type == LOOM_TYPE_Q8_0) qy = _mm256_sign_epi8(qy, w.sign);
    return dot_u8_i8(w.magnitude, qy);
}

/// The int16 products of one block and two tokens, folded as fold32 folds int32 sums: the
/// lanes of Q5_0's products (pairs of 5-bit quants times int8, at most 7874) can be added once
/// in 16 bits, so one widening multiply-add serves both tokens.
LOOM_AVX2 LOOM_INLINE static inline __m256i fold16(__m256i a, __m256i b) {
    __m256i pairs = _mm256_add_epi16(_mm256_unpacklo_epi32(a, b), _mm256_unpackhi_epi32(a, b));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

/// Pairs of vectors folded so that lanes (0, 1) of the result hold a's and b's sums of lanes
/// (0 + 2), lanes (2, 3) their sums of lanes (1 + 3), and the same in the upper half.
LOOM_AVX2 LOOM_INLINE static inline __m256i fold32(__m256i a, __m256i b) {
    return _mm256_add_epi32(_mm256_unpacklo_epi32(a, b), _mm256_unpackhi_epi32(a, b));
}

/// Two folded pairs (fold32's layout) folded again: lanes (t, t + 4) hold the sums of the
/// lower and upper halves of token t, t < 4.
LOOM_AVX2 LOOM_INLINE static inline __m256i fold_pairs(__m256i a, __m256i b) {
    return _mm256_add_epi32(_mm256_unpacklo_epi64(a, b), _mm256_unpackhi_epi64(a, b));
}

/// Lanes (t, t + 4) of the result: the sums of the lower and upper halves of p[t], t < 4.
LOOM_AVX2 LOOM_INLINE static inline __m256i fold4(__m256i p0, __m256i p1, __m256i p2, __m256i p3) {
    return fold_pairs(fold32(p0, p1), fold32(p2, p3));
}

LOOM_AVX2 LOOM_INLINE static inline uint16_t q0_scale(const char *block) {
    uint16_t d;
    memcpy(&d, block, 2);  // both types start with their half-precision scale
    return d;
}

/// Q5_0: the block's exact integer sum for one output, the offset − 16 · Σ activations included.
LOOM_AVX2 LOOM_INLINE static inline int q5_0_block_sum(q0_weights w, const loom_a8 *y) {
    __m256i p = q0_product(LOOM_TYPE_Q5_0, w, y->qs);
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s) - 16 * y->sum;
}

/// Q5_0: one row against one activation row.
LOOM_AVX2 static float dot_q5_0(int64_t n, const void *weights, const void *activation) {
    const char *w = weights;
    const loom_a8 *y = activation;
    float acc = 0;
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q5_0)) {
        int sum = q5_0_block_sum(q0_unpack(LOOM_TYPE_Q5_0, w), &y[b]);
        acc = __builtin_fmaf(half(q0_scale(w)) * y[b].d, (float)sum, acc);
    }
    return acc;
}

/// Q5_0: four rows (`row_bytes` apart) against one activation row: the rows' sums reduced into
/// the lanes of one vector, their four scales converted in one instruction.
LOOM_AVX2 static void rows4_q5_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const char *w = weights;
    const loom_a8 *y = activation;
    __m128 acc = _mm_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q5_0)) {
        __m256i p[4];
        for (int r = 0; r < 4; r++) {
            p[r] = q0_product(LOOM_TYPE_Q5_0, q0_unpack(LOOM_TYPE_Q5_0, w + r * row_bytes), y[b].qs);
        }
        __m256i folded = fold4(p[0], p[1], p[2], p[3]);
        __m128i sums = _mm_add_epi32(_mm256_castsi256_si128(folded), _mm256_extracti128_si256(folded, 1));
        sums = _mm_sub_epi32(sums, _mm_set1_epi32(16 * y[b].sum));
        __m128i d = _mm_setr_epi16(
            (short)q0_scale(w), (short)q0_scale(w + row_bytes), (short)q0_scale(w + 2 * row_bytes),
            (short)q0_scale(w + 3 * row_bytes), 0, 0, 0, 0);
        __m128 scale = _mm_mul_ps(_mm_cvtph_ps(d), _mm_set1_ps(y[b].d));
        acc = _mm_fmadd_ps(scale, _mm_cvtepi32_ps(sums), acc);
    }
    _mm_storeu_ps(out, acc);
}

/// Q5_0: lane t of the sum of one block's products with eight tokens y[0..7], the offset taken
/// off with the tokens' sums from `lanes`.
LOOM_AVX2 LOOM_INLINE static inline __m256i q5_0_sums8(
    q0_weights w, const loom_a8 *const *y, int64_t b, const loom_a8_lanes *lanes) {
    __m256i m[8];
    for (int t = 0; t < 8; t++) {
        m[t] = _mm256_maddubs_epi16(w.magnitude, _mm256_loadu_si256((const __m256i *)y[t][b].qs));
    }
    // low: tokens 0-3 in lanes 0-3 (lower halves' sums) and 4-7 (upper halves'); high the same
    // for tokens 4-7. Lane t of the sum is token t's whole block.
    __m256i low = fold_pairs(fold16(m[0], m[1]), fold16(m[2], m[3]));
    __m256i high = fold_pairs(fold16(m[4], m[5]), fold16(m[6], m[7]));
    __m256i sums =
        _mm256_add_epi32(_mm256_permute2x128_si256(low, high, 0x20), _mm256_permute2x128_si256(low, high, 0x31));
    return _mm256_sub_epi32(sums, _mm256_slli_epi32(_mm256_loadu_si256((const __m256i *)lanes[b].sum), 4));
}

/// Q5_0: four rows (`row_bytes` apart) against 8 · G activation rows (`stride` bytes apart),
/// whose scales and sums `lanes` holds (G tables of eight tokens, `blocks` entries each):
/// out[t · out_stride + r]. Lane t of each accumulator is token t of its eight.
LOOM_AVX2 LOOM_INLINE static inline void q5_0_tile(
    int G, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    const loom_a8 *y[16];
    for (int t = 0; t < 8 * G; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    const int64_t blocks = n / QK;
    for (int r = 0; r < 4; r++) {
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        const char *block = (const char *)weights + r * row_bytes;
        for (int64_t b = 0; b < blocks; b++, block += sizeof(loom_q5_0)) {
            q0_weights w = q0_unpack(LOOM_TYPE_Q5_0, block);
            __m256 d = _mm256_set1_ps(half(q0_scale(block)));
            for (int g = 0; g < G; g++) {
                const loom_a8_lanes *table = lanes + g * blocks;
                __m256i sums = q5_0_sums8(w, y + 8 * g, b, table);
                __m256 scale = _mm256_mul_ps(d, _mm256_loadu_ps(table[b].d));
                acc[g] = _mm256_fmadd_ps(scale, _mm256_cvtepi32_ps(sums), acc[g]);
            }
        }
        for (int g = 0; g < G; g++) {
            float result[8];
            _mm256_storeu_ps(result, acc[g]);
            for (int t = 0; t < 8; t++) out[(8 * g + t) * out_stride + r] = result[t];
        }
    }
}

LOOM_AVX2 static void tile_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    if (groups == 2) {
        q5_0_tile(2, n, weights, row_bytes, activation, stride, lanes, out, out_stride);
    } else {
        q5_0_tile(1, n, weights, row_bytes, activation, stride, lanes, out, out_stride);
    }
}

/// Q8_0: one block's products with one activation block, added to `acc` in ggml's order.
LOOM_AVX2 LOOM_INLINE static inline __m256 q8_0_block(q0_weights w, float scale, const int8_t *activation, __m256 acc) {
    __m256 lanes = _mm256_cvtepi32_ps(q0_product(LOOM_TYPE_Q8_0, w, activation));
    return _mm256_fmadd_ps(_mm256_set1_ps(scale), lanes, acc);
}

LOOM_AVX2 static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    const loom_q8_0 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++) {
        acc = q8_0_block(q0_unpack(LOOM_TYPE_Q8_0, (const char *)&w[b]), half(w[b].d) * y[b].d, y[b].qs, acc);
    }
    return hsum(acc);
}

/// Four Q8_0 rows (`row_bytes` apart) against one activation row. The four rows' scales are
/// converted and multiplied by the activation's in one instruction each (the same products
/// d_w · d_y as one row at a time): 47 instructions a block of four rows where converting each
/// row's scale alone took 54 (Qwen2.5-0.5B's tied Q8_0 classifier: 53 M a token, not 58 M).
LOOM_AVX2 static void rows4_q8_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const loom_a8 *y = activation;
    const char *w = weights;
    __m256 acc[4];
    for (int r = 0; r < 4; r++) acc[r] = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q8_0)) {
        __m128i d = _mm_setr_epi16(
            (short)q0_scale(w), (short)q0_scale(w + row_bytes), (short)q0_scale(w + 2 * row_bytes),
            (short)q0_scale(w + 3 * row_bytes), 0, 0, 0, 0);
        float scale[4];
        _mm_storeu_ps(scale, _mm_mul_ps(_mm_cvtph_ps(d), _mm_set1_ps(y[b].d)));
        for (int r = 0; r < 4; r++) {
            acc[r] = q8_0_block(q0_unpack(LOOM_TYPE_Q8_0, w + r * row_bytes), scale[r], y[b].qs, acc[r]);
        }
    }
    for (int r = 0; r < 4; r++) out[r] = hsum(acc[r]);
}

/// Four Q8_0 rows against 8 · groups activation rows (`stride` bytes apart): out[t · out_stride
/// + r]. Each row runs eight tokens at a time, one accumulator each.
LOOM_AVX2 static void tile_q8_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    (void)lanes;
    for (int r = 0; r < 4; r++) {
        const loom_q8_0 *w = (const loom_q8_0 *)((const char *)weights + r * row_bytes);
        for (int g = 0; g < groups; g++) {
            const loom_a8 *y[8];
            for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)((const char *)activation + (8 * g + t) * stride);
            __m256 acc[8];
            for (int t = 0; t < 8; t++) acc[t] = _mm256_setzero_ps();
            for (int64_t b = 0; b < n / QK; b++) {
                q0_weights unpacked = q0_unpack(LOOM_TYPE_Q8_0, (const char *)&w[b]);
                float d = half(w[b].d);
                for (int t = 0; t < 8; t++) acc[t] = q8_0_block(unpacked, d * y[t][b].d, y[t][b].qs, acc[t]);
            }
            for (int t = 0; t < 8; t++) out[(8 * g + t) * out_stride + r] = hsum(acc[t]);
        }
    }
}

void loom_avx2_q0_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_Q5_0] = dot_q5_0;
    table->rows4[LOOM_TYPE_Q5_0] = rows4_q5_0;
    table->tile[LOOM_TYPE_Q5_0] = tile_q5_0;
    table->dot4[LOOM_TYPE_Q5_0] = NULL;
    table->dot[LOOM_TYPE_Q8_0] = dot_q8_0;
    table->rows4[LOOM_TYPE_Q8_0] = rows4_q8_0;
    table->tile[LOOM_TYPE_Q8_0] = tile_q8_0;
    table->dot4[LOOM_TYPE_Q8_0] = NULL;
}
#endif
