// AVX-512 kernels of the k-quants (Q4_K, Q5_K, Q6_K) for one weight row against T activation
// rows: the same bits as k4_rows and q6_rows of kernels_avx2_k.c. A 512-bit register holds two of
// the AVX2 kernel's 32-byte runs (a chunk's low and high nibbles for Q4_K/Q5_K, two 32-weight
// runs for Q6_K) against 64 contiguous activation quants, and vpdpwssd adds their scaled sums;
// the two halves of a block's integer sums are added into the AVX2 kernel's eight lanes before
// the float part, which is the AVX2 kernel's, operation for operation. Q4_K and Q5_K also run
// tiles of eight tokens for batched prompts (measured: Q6_K's eight-token body spills registers
// and is slower than its four-token one, so it has none).
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx512.h"

/// The eight int32 lanes of the AVX2 kernel: a 512-bit sum's two halves added.
LOOM_AVX512 LOOM_INLINE static inline __m256i halves_sum(__m512i v) {
    return _mm256_add_epi32(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
}

/// 32 bytes in both halves of a register, the upper half shifted right by `shift` bits (within
/// each 16-bit lane).
LOOM_AVX512 LOOM_INLINE static inline __m512i both_shifted(__m256i v, int low_shift, int high_shift) {
    __m512i counts = _mm512_inserti64x4(_mm512_set1_epi16((short)low_shift), _mm256_set1_epi16((short)high_shift), 1);
    return _mm512_srlv_epi16(_mm512_broadcast_i64x4(v), counts);
}

/// The 6-bit scales (low 64 bits) and minimums (high 64 bits) of the eight sub-blocks of a
/// Q4_K/Q5_K block, a byte each, from its 12 packed bytes (loom_scale_min_k4's layout, four
/// sub-blocks a 32-bit word).
LOOM_AVX512 LOOM_INLINE static inline __m128i k4_scales(const uint8_t *packed) {
    uint32_t a, b, c;
    memcpy(&a, packed, 4);
    memcpy(&b, packed + 4, 4);
    memcpy(&c, packed + 8, 4);
    const uint32_t six = 0x3F3F3F3F, four = 0x0F0F0F0F, two = 0x03030303;
    uint32_t scales_high = (c & four) | ((a >> 6) & two) << 4;
    uint32_t minimums_high = ((c >> 4) & four) | ((b >> 6) & two) << 4;
    return _mm_setr_epi32((int)(a & six), (int)scales_high, (int)(b & six), (int)minimums_high);
}

/// Σ minimum_j · (activations of sub-block j) of block b for each of T tokens into sums[t],
/// exactly (the AVX2 kernel's k4_minimums): eight tokens two a register, fewer one by one.
/// `minimums16` holds each minimum twice, against the sums of the two 16-quant halves of its
/// sub-block.
LOOM_AVX512 LOOM_INLINE static inline void k4_minimum_sums(
    int T, __m256i minimums16, const loom_a8k *const *y, int64_t b, int32_t *sums) {
    if (T == 8) {
        __m512i m = _mm512_broadcast_i64x4(minimums16), p[4];
        for (int k = 0; k < 4; k++) p[k] = _mm512_madd_epi16(m, pair_blocks(y[k][b].sums, y[k + 4][b].sums));
        // Per 256-bit half: lanes (k, k + 4) the two 128-bit halves' sums of token k (then k + 4).
        __m512i folded = fold64x2(fold32x2(p[0], p[1]), fold32x2(p[2], p[3]));
        folded = _mm512_add_epi32(folded, _mm512_shuffle_i64x2(folded, folded, _MM_SHUFFLE(2, 3, 0, 1)));
        folded = _mm512_shuffle_i64x2(folded, folded, _MM_SHUFFLE(2, 0, 2, 0));
        _mm256_storeu_si256((__m256i *)sums, _mm512_castsi512_si256(folded));
        return;
    }
    for (int t = 0; t < T; t++) {
        __m256i p = _mm256_madd_epi16(minimums16, _mm256_loadu_si256((const __m256i *)y[t][b].sums));
        __m128i m = _mm_add_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
        m = _mm_add_epi32(m, _mm_unpackhi_epi64(m, m));
        m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 1));
        sums[t] = _mm_cvtsi128_si32(m);
    }
}

/// Q4_K (fifth = 0) and Q5_K (fifth = 1) for T activation rows, as k4_rows of kernels_avx2_k.c:
/// token t's result into out[t · out_stride].
LOOM_AVX512 LOOM_INLINE static inline void k4_rows(
    int T, int fifth, int64_t n, const void *weights, const void *activation, size_t stride, float *out,
    int64_t out_stride) {
    LOOM_ROWS(T, activation, stride, y);
    const size_t block_bytes = fifth ? sizeof(loom_q5_k) : sizeof(loom_q4_k);
    const __m512i low_mask = _mm512_set1_epi8(0x0F), one = _mm512_set1_epi8(1);
    __m256 acc[2][8];
    float minimums[2][8];
    for (int t = 0; t < T; t++) {
        acc[0][t] = acc[1][t] = _mm256_setzero_ps();
        minimums[0][t] = minimums[1][t] = 0;
    }
    for (int64_t b = 0; b < n / QKK; b++) {
        const char *block = (const char *)weights + b * block_bytes;
        // Q4_K and Q5_K share d, dmin and the packed scales; Q5_K has its fifth bits before qs.
        const loom_q4_k *k = (const loom_q4_k *)block;
        const uint8_t *qs = fifth ? ((const loom_q5_k *)block)->qs : k->qs;
        __m128i packed = k4_scales(k->scales);
        __m512i scales16 = _mm512_castsi256_si512(_mm256_cvtepu8_epi16(packed));
        __m256i minimums16 = _mm256_cvtepu8_epi16(_mm_unpackhi_epi8(packed, packed));
        __m256i hbits =
            fifth ? _mm256_loadu_si256((const __m256i *)((const loom_q5_k *)block)->qh) : _mm256_setzero_si256();
        __m512i sum[8];
        for (int t = 0; t < T; t++) sum[t] = _mm512_setzero_si512();
        for (int c = 0; c < 4; c++) {
            // Chunk c: its low nibbles (sub-block 2c) below, its high nibbles (2c + 1) above, each
            // half against its sub-block's scale.
            __m256i packed_quants = _mm256_loadu_si256((const __m256i *)(qs + 32 * c));
            __m512i q = _mm512_and_si512(both_shifted(packed_quants, 0, 4), low_mask);
            if (fifth) {
                __m512i h = _mm512_and_si512(both_shifted(hbits, 2 * c, 2 * c + 1), one);
                q = _mm512_or_si512(q, _mm512_slli_epi16(h, 4));
            }
            __m512i pick =
                _mm512_inserti64x4(_mm512_set1_epi16((short)(2 * c)), _mm256_set1_epi16((short)(2 * c + 1)), 1);
            __m512i s = _mm512_permutexvar_epi16(pick, scales16);
            for (int t = 0; t < T; t++) {
                __m512i x = _mm512_loadu_si512((const void *)(y[t][b].qs + 64 * c));
                sum[t] = _mm512_dpwssd_epi32(sum[t], _mm512_maddubs_epi16(q, x), s);
            }
        }
        int32_t minimum_sums[8];
        k4_minimum_sums(T, minimums16, y, b, minimum_sums);
        float d = half(k->d), dmin = half(k->dmin);
        int parity = (int)(b & 1);
        for (int t = 0; t < T; t++) {
            float dy = y[t][b].d;
            acc[parity][t] =
                _mm256_fmadd_ps(_mm256_set1_ps(d * dy), _mm256_cvtepi32_ps(halves_sum(sum[t])), acc[parity][t]);
            minimums[parity][t] = __builtin_fmaf(dmin * dy, (float)minimum_sums[t], minimums[parity][t]);
        }
    }
    for (int t = 0; t < T; t++) {
        out[t * out_stride] = hsum(_mm256_add_ps(acc[0][t], acc[1][t])) - (minimums[0][t] + minimums[1][t]);
    }
}

/// Q6_K for T activation rows, as q6_rows of kernels_avx2_k.c: token t's result into
/// out[t · out_stride].
LOOM_AVX512 LOOM_INLINE static inline void q6_rows(
    int T, int64_t n, const void *weights, const void *activation, size_t stride, float *out, int64_t out_stride) {
    LOOM_ROWS(T, activation, stride, y);
    const loom_q6_k *w = weights;
    const __m512i low_mask = _mm512_set1_epi8(0x0F), two_bits = _mm512_set1_epi8(3);
    // Element e of 128-bit quarter k of the scales of part p, runs 2h and 2h + 1: scale 8p + 4h + k.
    __m512i pick[2][2];
    for (int p = 0; p < 2; p++) {
        for (int h = 0; h < 2; h++) {
            int16_t index[32];
            for (int e = 0; e < 32; e++) index[e] = (int16_t)(8 * p + 4 * h + e / 8);
            pick[p][h] = _mm512_loadu_si512((const void *)index);
        }
    }
    __m256 acc[2][8];
    for (int t = 0; t < T; t++) acc[0][t] = acc[1][t] = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QKK; b++) {
        __m512i sum[8];
        __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w[b].scales));
        // −32 · Σ scale_g · (activations of group g), in the lower lanes of sum[t].
        __m256i offset16 = _mm256_mullo_epi16(scales16, _mm256_set1_epi16(-32));
        for (int t = 0; t < T; t++) {
            __m256i sums = _mm256_loadu_si256((const __m256i *)y[t][b].sums);
            sum[t] = _mm512_zextsi256_si512(_mm256_madd_epi16(offset16, sums));
        }
        __m512i wide_scales = _mm512_zextsi256_si512(scales16);
        for (int part = 0; part < 2; part++) {
            __m512i l = _mm512_loadu_si512((const void *)(w[b].ql + 64 * part));
            __m256i h = _mm256_loadu_si256((const __m256i *)(w[b].qh + 32 * part));
            // Runs 0 and 1 (low nibbles of l, bits 0-1 and 2-3 of h), then runs 2 and 3.
            __m512i q01 = _mm512_or_si512(
                _mm512_and_si512(l, low_mask), _mm512_slli_epi16(_mm512_and_si512(both_shifted(h, 0, 2), two_bits), 4));
            __m512i q23 = _mm512_or_si512(
                _mm512_and_si512(_mm512_srli_epi16(l, 4), low_mask),
                _mm512_slli_epi16(_mm512_and_si512(both_shifted(h, 4, 6), two_bits), 4));
            __m512i s01 = _mm512_permutexvar_epi16(pick[part][0], wide_scales);
            __m512i s23 = _mm512_permutexvar_epi16(pick[part][1], wide_scales);
            for (int t = 0; t < T; t++) {
                const int8_t *x = y[t][b].qs + 128 * part;
                __m512i x01 = _mm512_loadu_si512((const void *)x), x23 = _mm512_loadu_si512((const void *)(x + 64));
                sum[t] = _mm512_dpwssd_epi32(sum[t], _mm512_maddubs_epi16(q01, x01), s01);
                sum[t] = _mm512_dpwssd_epi32(sum[t], _mm512_maddubs_epi16(q23, x23), s23);
            }
        }
        float d = half(w[b].d);
        int parity = (int)(b & 1);
        for (int t = 0; t < T; t++) {
            acc[parity][t] =
                _mm256_fmadd_ps(_mm256_set1_ps(d * y[t][b].d), _mm256_cvtepi32_ps(halves_sum(sum[t])), acc[parity][t]);
        }
    }
    for (int t = 0; t < T; t++) out[t * out_stride] = hsum(_mm256_add_ps(acc[0][t], acc[1][t]));
}

LOOM_AVX512 static void dot4_q4_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    k4_rows(4, 0, n, weights, activation, stride, out, 1);
}

LOOM_AVX512 static void dot4_q5_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    k4_rows(4, 1, n, weights, activation, stride, out, 1);
}

LOOM_AVX512 static void dot4_q6_k(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    q6_rows(4, n, weights, activation, stride, out, 1);
}

/// The tiles of batched prompts: four rows, each against eight tokens at a time, so each weight
/// block is unpacked once for eight (`lanes` is not read: the k-quants keep their own scales).
#define LOOM_K_TILE(name, body)                                                                               \
    LOOM_AVX512 static void name(                                                                             \
        int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,   \
        const loom_a8_lanes *lanes, float *out, int64_t out_stride) {                                          \
        (void)lanes;                                                                                          \
        for (int r = 0; r < 4; r++) {                                                                         \
            const char *w = (const char *)weights + r * row_bytes;                                            \
            for (int g = 0; g < groups; g++) {                                                                \
                const char *x = (const char *)activation + 8 * g * stride;                                    \
                body;                                                                                         \
            }                                                                                                 \
        }                                                                                                     \
    }

LOOM_K_TILE(tile_q4_k, k4_rows(8, 0, n, w, x, stride, out + 8 * g * out_stride + r, out_stride))
LOOM_K_TILE(tile_q5_k, k4_rows(8, 1, n, w, x, stride, out + 8 * g * out_stride + r, out_stride))

void loom_avx512_k_table(loom_kernel_table *table) {
    table->dot4[LOOM_TYPE_Q4_K] = dot4_q4_k;
    table->dot4[LOOM_TYPE_Q5_K] = dot4_q5_k;
    table->dot4[LOOM_TYPE_Q6_K] = dot4_q6_k;
    table->tile[LOOM_TYPE_Q4_K] = tile_q4_k;
    table->tile[LOOM_TYPE_Q5_K] = tile_q5_k;
}
#endif
