// AVX-512 kernels of Q5_0 and Q8_0 (blocks of 32): the same bits as the AVX2 kernels of
// kernels_avx2_q0.c, whose comment defines the float order (Q5_0: one chain per output of
// fma(d_w · d_y, exact block sum, acc); Q8_0: ggml's eight-lane accumulator per output).
//
// The Q5_0 tile of batched prompts reads its sixteen tokens' quants gathered four by four
// (gather_lanes), so vpdpbusd with four weights in every lane sums each token in a lane of its
// own; the four rows run side by side. The Q8_0 tile and four-row kernel put two eight-lane
// accumulators in one register; the Q5_0 four-row kernel of generation multiplies two rows a
// register and folds the four exact sums into one vector. The float operations are the AVX2
// ones, lane for lane.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx512.h"

/// Q5_0: the unsigned 5-bit quants of one block, the fifth bits set from qh as a mask.
LOOM_AVX512 LOOM_INLINE static inline __m256i q5_0_quants(const loom_q5_0 *block) {
    uint32_t h;
    memcpy(&h, block->qh, 4);
    __m256i q = nibbles(block->qs);
    return _mm256_mask_add_epi8(q, _cvtu32_mask32(h), q, _mm256_set1_epi8(0x10));
}

/// Q5_0: four rows (`row_bytes` apart) against 8 · G tokens, whose scales, sums and quants
/// (four by four) `lanes` holds (`blocks` entries per eight): out[t · out_stride + r]. Register
/// j of the block's quants holds quants 4j ... 4j + 3 of each token, token t in lane t, so
/// vpdpbusd with the row's weights 4j ... 4j + 3 in every lane adds each token's products into
/// its own lane: eight of them make the block's exact sums, lane t for token t.
LOOM_AVX512 LOOM_INLINE static inline void q5_0_tile(
    int G, int64_t n, const void *weights, size_t row_bytes, const loom_a8_lanes *lanes, float *out,
    int64_t out_stride) {
    const int64_t blocks = n / QK;
    const loom_a8_lanes *upper = lanes + (G == 2 ? blocks : 0);
    __m512 acc[4];
    for (int r = 0; r < 4; r++) acc[r] = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; b++) {
        __m512i x[8];
        for (int j = 0; j < 8; j++) x[j] = pair_blocks(lanes[b].quants[j], upper[b].quants[j]);
        __m512i offset = _mm512_slli_epi32(pair_blocks(lanes[b].sum, upper[b].sum), 4);
        __m512 dy = _mm512_castsi512_ps(pair_blocks(lanes[b].d, upper[b].d));
        for (int r = 0; r < 4; r++) {
            const loom_q5_0 *block = (const loom_q5_0 *)((const char *)weights + r * row_bytes) + b;
            uint32_t w[8];
            _mm256_storeu_si256((__m256i *)w, q5_0_quants(block));
            // Two chains of four, so more products are in flight.
            __m512i even = _mm512_setzero_si512(), odd = _mm512_setzero_si512();
            for (int j = 0; j < 8; j += 2) {
                even = _mm512_dpbusd_epi32(even, _mm512_set1_epi32((int)w[j]), x[j]);
                odd = _mm512_dpbusd_epi32(odd, _mm512_set1_epi32((int)w[j + 1]), x[j + 1]);
            }
            __m512i sums = _mm512_sub_epi32(_mm512_add_epi32(even, odd), offset);
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

/// The lanes of eight tokens (loom_a8_lanes), quants included: transposes of 32-bit groups.
LOOM_AVX512 static void gather_lanes(const char *activation, size_t stride, int64_t blocks, loom_a8_lanes *lanes) {
    const loom_a8 *y[8];
    for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)(activation + t * stride);
    for (int64_t b = 0; b < blocks; b++) {
        // Each token's d, s, sum (and four quants) in a quarter of [token k | token k + 4].
        __m256i head[4];
        for (int k = 0; k < 4; k++) {
            head[k] = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)&y[k][b])),
                _mm_loadu_si128((const __m128i *)&y[k + 4][b]), 1);
        }
        __m256i low01 = _mm256_unpacklo_epi32(head[0], head[1]), low23 = _mm256_unpacklo_epi32(head[2], head[3]);
        __m256i high01 = _mm256_unpackhi_epi32(head[0], head[1]), high23 = _mm256_unpackhi_epi32(head[2], head[3]);
        _mm256_storeu_si256((__m256i *)lanes[b].d, _mm256_unpacklo_epi64(low01, low23));
        _mm256_storeu_si256((__m256i *)lanes[b].sum, _mm256_unpacklo_epi64(high01, high23));
        __m256i row[8], pairs[8], quads[8];
        for (int t = 0; t < 8; t++) row[t] = _mm256_loadu_si256((const __m256i *)y[t][b].qs);
        // pairs[2k], pairs[2k + 1]: groups (0, 1 | 4, 5) and (2, 3 | 6, 7) of tokens 2k and 2k + 1, interleaved.
        for (int k = 0; k < 4; k++) {
            pairs[2 * k] = _mm256_unpacklo_epi32(row[2 * k], row[2 * k + 1]);
            pairs[2 * k + 1] = _mm256_unpackhi_epi32(row[2 * k], row[2 * k + 1]);
        }
        // quads[4h + g]: group g (and g + 4 in the upper half) of tokens 4h ... 4h + 3.
        for (int h = 0; h < 2; h++) {
            const __m256i *p = pairs + 4 * h;
            quads[4 * h] = _mm256_unpacklo_epi64(p[0], p[2]);
            quads[4 * h + 1] = _mm256_unpackhi_epi64(p[0], p[2]);
            quads[4 * h + 2] = _mm256_unpacklo_epi64(p[1], p[3]);
            quads[4 * h + 3] = _mm256_unpackhi_epi64(p[1], p[3]);
        }
        for (int g = 0; g < 4; g++) {
            __m256i lower = _mm256_permute2x128_si256(quads[g], quads[4 + g], 0x20);
            __m256i upper = _mm256_permute2x128_si256(quads[g], quads[4 + g], 0x31);
            _mm256_storeu_si256((__m256i *)lanes[b].quants[g], lower);
            _mm256_storeu_si256((__m256i *)lanes[b].quants[g + 4], upper);
        }
    }
}

LOOM_AVX512 static void tile_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    (void)activation, (void)stride;
    if (groups == 2) {
        q5_0_tile(2, n, weights, row_bytes, lanes, out, out_stride);
    } else {
        q5_0_tile(1, n, weights, row_bytes, lanes, out, out_stride);
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

/// Q5_0: the unsigned 5-bit quants of two blocks (rows r and r + 1 of block b): each block's
/// low nibbles, then its high nibbles, the fifth bits set from qh as a mask.
LOOM_AVX512 LOOM_INLINE static inline __m512i q5_0_two(const loom_q5_0 *first, const loom_q5_0 *second) {
    __m128i a = _mm_loadu_si128((const __m128i *)first->qs), b = _mm_loadu_si128((const __m128i *)second->qs);
    __m512i q = _mm512_inserti64x4(
        _mm512_castsi256_si512(_mm256_set_m128i(a, a)), _mm256_set_m128i(b, b), 1);
    const __m512i shifts = _mm512_setr_epi64(0, 0, 4, 4, 0, 0, 4, 4);
    q = _mm512_and_si512(_mm512_srlv_epi64(q, shifts), _mm512_set1_epi8(0x0F));
    uint32_t h0, h1;
    memcpy(&h0, first->qh, 4);
    memcpy(&h1, second->qh, 4);
    __mmask64 fifth = _cvtu64_mask64((uint64_t)h0 | (uint64_t)h1 << 32);
    return _mm512_mask_add_epi8(q, fifth, q, _mm512_set1_epi8(0x10));
}

/// Q5_0: four rows (`row_bytes` apart) against one activation row, as rows4_q5_0 of
/// kernels_avx2_q0.c: two rows a register against the block's quants in both halves, the
/// four exact sums folded into the lanes of one vector and added by its float operations.
LOOM_AVX512 static void rows4_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const char *w = weights;
    const loom_a8 *y = activation;
    const __m512i zero = _mm512_setzero_si512();
    // Lanes 0, 8, 1, 9 after the folds: rows 0, 1, 2, 3.
    const __m512i order = _mm512_setr_epi32(0, 8, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    __m128 acc = _mm_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q5_0)) {
        const loom_q5_0 *row[4];
        for (int r = 0; r < 4; r++) row[r] = (const loom_q5_0 *)(w + r * row_bytes);
        __m512i x = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)y[b].qs));
        __m512i p01 = _mm512_dpbusd_epi32(zero, q5_0_two(row[0], row[1]), x);
        __m512i p23 = _mm512_dpbusd_epi32(zero, q5_0_two(row[2], row[3]), x);
        // Per 128-bit quarter: lanes 0 and 1 the quarter's sums of p01 and p23.
        __m512i s = fold32x2(p01, p23);
        s = _mm512_add_epi32(s, _mm512_shuffle_epi32(s, _MM_PERM_BADC));
        // Quarters 0 and 2: rows (0, 2) and (1, 3).
        s = _mm512_add_epi32(s, _mm512_shuffle_i64x2(s, s, _MM_SHUFFLE(2, 3, 0, 1)));
        __m128i sums = _mm512_castsi512_si128(_mm512_permutexvar_epi32(order, s));
        sums = _mm_sub_epi32(sums, _mm_set1_epi32(16 * y[b].sum));
        __m128i d = _mm_setr_epi16(
            (short)row[0]->d, (short)row[1]->d, (short)row[2]->d, (short)row[3]->d, 0, 0, 0, 0);
        __m128 scale = _mm_mul_ps(_mm_cvtph_ps(d), _mm_set1_ps(y[b].d));
        acc = _mm_fmadd_ps(scale, _mm_cvtepi32_ps(sums), acc);
    }
    _mm_storeu_ps(out, acc);
}

/// Q8_0: four rows against one activation row, as rows4_q8_0 of kernels_avx2_q0.c: register k
/// holds the eight-lane accumulators of rows 2k and 2k + 1.
LOOM_AVX512 static void rows4_q8_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const loom_a8 *y = activation;
    const char *w = weights;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i pick[2] = {
        _mm512_inserti64x4(_mm512_set1_epi32(0), _mm256_set1_epi32(1), 1),
        _mm512_inserti64x4(_mm512_set1_epi32(2), _mm256_set1_epi32(3), 1),
    };
    __m512 acc[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q8_0)) {
        const loom_q8_0 *row[4];
        for (int r = 0; r < 4; r++) row[r] = (const loom_q8_0 *)(w + r * row_bytes);
        __m128i d = _mm_setr_epi16(
            (short)row[0]->d, (short)row[1]->d, (short)row[2]->d, (short)row[3]->d, 0, 0, 0, 0);
        __m512 scales = _mm512_castps128_ps512(_mm_mul_ps(_mm_cvtph_ps(d), _mm_set1_ps(y[b].d)));
        __m512i x = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)y[b].qs));
        for (int k = 0; k < 2; k++) {
            __m512i signed_w = pair_blocks(row[2 * k]->qs, row[2 * k + 1]->qs);
            __m512i signed_x = _mm512_mask_sub_epi8(x, _mm512_movepi8_mask(signed_w), zero, x);
            __m512i products = _mm512_dpbusd_epi32(zero, _mm512_abs_epi8(signed_w), signed_x);
            acc[k] = _mm512_fmadd_ps(_mm512_permutexvar_ps(pick[k], scales), _mm512_cvtepi32_ps(products), acc[k]);
        }
    }
    for (int k = 0; k < 2; k++) {
        out[2 * k] = hsum(_mm512_castps512_ps256(acc[k]));
        out[2 * k + 1] = hsum(upper_floats(acc[k]));
    }
}

void loom_avx512_q0_table(loom_kernel_table *table) {
    table->rows4[LOOM_TYPE_Q5_0] = rows4_q5_0;
    table->rows4[LOOM_TYPE_Q8_0] = rows4_q8_0;
    table->tile[LOOM_TYPE_Q5_0] = tile_q5_0;
    table->tile_lanes[LOOM_TYPE_Q5_0] = gather_lanes;
    table->tile[LOOM_TYPE_Q8_0] = tile_q8_0;
}
#endif
