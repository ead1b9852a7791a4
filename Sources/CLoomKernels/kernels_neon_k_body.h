// NEON kernels of the k-quants (Q4_K, Q5_K, Q6_K). Included by kernels_neon_quant.c once per
// build, after kernels_neon_q4_body.h (whose macros and dot16 it uses). No include guard.
//
// Each type has one body for R weight rows against T activation rows (R · T ≤ 4): the dot
// product (1 × 1), the four-row kernel of generation (4 × 1) and the four-token kernel of
// batched prompts (1 × 4) run the same float operations per output, in the AVX2 kernels' order
// (kernels_avx2_k.c): lane i of a block's sums is AVX2's lane i, even blocks go into one
// accumulator and odd ones into another, the minimums are fused multiply-adds in two chains.

/// Σ minimum_j · (sums of the two 16-quant halves of sub-block j), exactly.
LOOM_NEON_FN LOOM_NEON_INLINE static inline int LOOM_NEON_NAME(k4_minimums)(int16x8_t minimums, const int16_t *sums) {
    int16x8_t pairs = vpaddq_s16(vld1q_s16(sums), vld1q_s16(sums + 8));
    int32x4_t p = vmull_s16(vget_low_s16(minimums), vget_low_s16(pairs));
    p = vmlal_high_s16(p, minimums, pairs);
    return vaddvq_s32(p);
}

/// One Q4_K (fifth = 0) or Q5_K (fifth = 1) block of R rows against T activation rows, into
/// the accumulators of its parity (index r · T + t).
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(k4_block)(
    int R, int T, int fifth, const char *const *rows, const loom_a8k *const *y, int64_t b, loom_f32x8 *acc,
    float *minimums) {
    const size_t block_bytes = fifth ? sizeof(loom_q5_k) : sizeof(loom_q4_k);
    const uint8x16_t low_mask = vdupq_n_u8(0x0F), fifth_bit = vdupq_n_u8(0x10);
    for (int r = 0; r < R; r++) {
        const char *block = rows[r] + b * block_bytes;
        // Q4_K and Q5_K share d, dmin and the packed scales; Q5_K has its fifth bits before qs.
        const loom_q4_k *k = (const loom_q4_k *)block;
        const uint8_t *qs = fifth ? ((const loom_q5_k *)block)->qs : k->qs;
        uint8_t scale[8], minimum[8];
        for (int j = 0; j < 8; j++) loom_scale_min_k4(j, k->scales, &scale[j], &minimum[j]);
        int16x8_t minimums16 = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(minimum)));
        uint8x16_t h0 = vdupq_n_u8(0), h1 = vdupq_n_u8(0);
        if (fifth) {
            h0 = vld1q_u8(((const loom_q5_k *)block)->qh);
            h1 = vld1q_u8(((const loom_q5_k *)block)->qh + 16);
        }
        int32x4_t sums[4][2];
        for (int t = 0; t < T; t++) sums[t][0] = sums[t][1] = vdupq_n_s32(0);
        for (int c = 0; c < 4; c++) {
            uint8x16_t q0 = vld1q_u8(qs + 32 * c), q1 = vld1q_u8(qs + 32 * c + 16);
            uint8x16_t low0 = vandq_u8(q0, low_mask), low1 = vandq_u8(q1, low_mask);
            uint8x16_t high0 = vshrq_n_u8(q0, 4), high1 = vshrq_n_u8(q1, 4);
            if (fifth) {
                uint8x16_t bit_low = vdupq_n_u8((uint8_t)(1 << (2 * c))), bit_high = vdupq_n_u8((uint8_t)(2 << (2 * c)));
                low0 = vorrq_u8(low0, vandq_u8(vtstq_u8(h0, bit_low), fifth_bit));
                low1 = vorrq_u8(low1, vandq_u8(vtstq_u8(h1, bit_low), fifth_bit));
                high0 = vorrq_u8(high0, vandq_u8(vtstq_u8(h0, bit_high), fifth_bit));
                high1 = vorrq_u8(high1, vandq_u8(vtstq_u8(h1, bit_high), fifth_bit));
            }
            int32_t s_low = scale[2 * c], s_high = scale[2 * c + 1];
            for (int t = 0; t < T; t++) {
                const int8_t *x = y[t][b].qs + 64 * c;
                int32x4_t p0 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(low0), vld1q_s8(x));
                int32x4_t p1 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(low1), vld1q_s8(x + 16));
                int32x4_t p2 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(high0), vld1q_s8(x + 32));
                int32x4_t p3 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(high1), vld1q_s8(x + 48));
                sums[t][0] = vmlaq_n_s32(vmlaq_n_s32(sums[t][0], p0, s_low), p2, s_high);
                sums[t][1] = vmlaq_n_s32(vmlaq_n_s32(sums[t][1], p1, s_low), p3, s_high);
            }
        }
        float d = loom_neon_half(k->d), dmin = loom_neon_half(k->dmin);
        for (int t = 0; t < T; t++) {
            float dy = y[t][b].d;
            acc[r * T + t] = loom_f32x8_fma(acc[r * T + t], d * dy, sums[t][0], sums[t][1]);
            float m = (float)LOOM_NEON_NAME(k4_minimums)(minimums16, y[t][b].sums);
            minimums[r * T + t] = __builtin_fmaf(dmin * dy, m, minimums[r * T + t]);
        }
    }
}

/// Q4_K / Q5_K for R rows (`row_bytes` apart) against T activation rows (`stride` bytes
/// apart): out[r · T + t] = weights · d − minimums · dmin.
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(k4_rows)(
    int R, int T, int fifth, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    float *out) {
    const char *rows[4];
    const loom_a8k *y[4];
    for (int r = 0; r < R; r++) rows[r] = (const char *)weights + r * row_bytes;
    for (int t = 0; t < T; t++) y[t] = (const loom_a8k *)((const char *)activation + t * stride);
    loom_f32x8 even[4], odd[4];
    float even_minimums[4], odd_minimums[4];
    for (int k = 0; k < R * T; k++) {
        even[k] = odd[k] = loom_f32x8_zero();
        even_minimums[k] = odd_minimums[k] = 0;
    }
    int64_t blocks = n / QKK, b = 0;
    for (; b + 2 <= blocks; b += 2) {
        LOOM_NEON_NAME(k4_block)(R, T, fifth, rows, y, b, even, even_minimums);
        LOOM_NEON_NAME(k4_block)(R, T, fifth, rows, y, b + 1, odd, odd_minimums);
    }
    if (b < blocks) LOOM_NEON_NAME(k4_block)(R, T, fifth, rows, y, b, even, even_minimums);
    for (int k = 0; k < R * T; k++) out[k] = loom_f32x8_sum2(even[k], odd[k]) - (even_minimums[k] + odd_minimums[k]);
}

/// One Q6_K block of R rows against T activation rows, into the accumulators of its parity.
/// Lane i starts at −32 · (scale_2i · sum_2i + scale_2i+1 · sum_2i+1), AVX2's offset term.
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(q6_block)(
    int R, int T, const loom_q6_k *const *rows, const loom_a8k *const *y, int64_t b, loom_f32x8 *acc) {
    const uint8x16_t low_mask = vdupq_n_u8(0x0F), two_bits = vdupq_n_u8(3);
    for (int r = 0; r < R; r++) {
        const loom_q6_k *w = &rows[r][b];
        int8x16_t scales = vld1q_s8(w->scales);
        int16x8_t s0 = vmulq_n_s16(vmovl_s8(vget_low_s8(scales)), -32);
        int16x8_t s1 = vmulq_n_s16(vmovl_high_s8(scales), -32);
        int32x4_t sums[4][2];
        for (int t = 0; t < T; t++) {
            int16x8_t y0 = vld1q_s16(y[t][b].sums), y1 = vld1q_s16(y[t][b].sums + 8);
            sums[t][0] = vpaddq_s32(vmull_s16(vget_low_s16(s0), vget_low_s16(y0)), vmull_high_s16(s0, y0));
            sums[t][1] = vpaddq_s32(vmull_s16(vget_low_s16(s1), vget_low_s16(y1)), vmull_high_s16(s1, y1));
        }
        for (int part = 0; part < 2; part++) {
            const uint8_t *ql = w->ql + 64 * part, *qh = w->qh + 32 * part;
            const int8_t *s = w->scales + 8 * part;
            // Runs j = 0 ... 3 of 32 quants, each as two halves of 16 (lanes 0-3 and 4-7).
            uint8x16_t q[4][2];
            for (int half = 0; half < 2; half++) {
                uint8x16_t l0 = vld1q_u8(ql + 16 * half), l1 = vld1q_u8(ql + 32 + 16 * half);
                uint8x16_t h = vld1q_u8(qh + 16 * half);
                q[0][half] = vorrq_u8(vandq_u8(l0, low_mask), vshlq_n_u8(vandq_u8(h, two_bits), 4));
                q[1][half] = vorrq_u8(vandq_u8(l1, low_mask), vshlq_n_u8(vandq_u8(vshrq_n_u8(h, 2), two_bits), 4));
                q[2][half] = vorrq_u8(vshrq_n_u8(l0, 4), vshlq_n_u8(vandq_u8(vshrq_n_u8(h, 4), two_bits), 4));
                q[3][half] = vorrq_u8(vshrq_n_u8(l1, 4), vshlq_n_u8(vshrq_n_u8(h, 6), 4));
            }
            for (int t = 0; t < T; t++) {
                const int8_t *x = y[t][b].qs + 128 * part;
                for (int j = 0; j < 4; j++) {
                    int32x4_t p0 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(q[j][0]), vld1q_s8(x + 32 * j));
                    int32x4_t p1 = LOOM_NEON_NAME(dot16)(vreinterpretq_s8_u8(q[j][1]), vld1q_s8(x + 32 * j + 16));
                    sums[t][0] = vmlaq_n_s32(sums[t][0], p0, s[2 * j]);
                    sums[t][1] = vmlaq_n_s32(sums[t][1], p1, s[2 * j + 1]);
                }
            }
        }
        float d = loom_neon_half(w->d);
        for (int t = 0; t < T; t++) {
            acc[r * T + t] = loom_f32x8_fma(acc[r * T + t], d * y[t][b].d, sums[t][0], sums[t][1]);
        }
    }
}

/// Q6_K for R rows (`row_bytes` apart) against T activation rows (`stride` bytes apart):
/// out[r · T + t].
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(q6_rows)(
    int R, int T, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    float *out) {
    const loom_q6_k *rows[4];
    const loom_a8k *y[4];
    for (int r = 0; r < R; r++) rows[r] = (const loom_q6_k *)((const char *)weights + r * row_bytes);
    for (int t = 0; t < T; t++) y[t] = (const loom_a8k *)((const char *)activation + t * stride);
    loom_f32x8 even[4], odd[4];
    for (int k = 0; k < R * T; k++) even[k] = odd[k] = loom_f32x8_zero();
    int64_t blocks = n / QKK, b = 0;
    for (; b + 2 <= blocks; b += 2) {
        LOOM_NEON_NAME(q6_block)(R, T, rows, y, b, even);
        LOOM_NEON_NAME(q6_block)(R, T, rows, y, b + 1, odd);
    }
    if (b < blocks) LOOM_NEON_NAME(q6_block)(R, T, rows, y, b, even);
    for (int k = 0; k < R * T; k++) out[k] = loom_f32x8_sum2(even[k], odd[k]);
}

// The single-row, four-row and four-token kernels of each type, from its body.
LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q4_k)(int64_t n, const void *weights, const void *activation) {
    float out;
    LOOM_NEON_NAME(k4_rows)(1, 1, 0, n, weights, 0, activation, 0, &out);
    return out;
}

LOOM_NEON_FN static void LOOM_NEON_NAME(rows4_q4_k)(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    LOOM_NEON_NAME(k4_rows)(4, 1, 0, n, weights, row_bytes, activation, 0, out);
}

LOOM_NEON_FN static void LOOM_NEON_NAME(dot4_q4_k)(
    int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_NEON_NAME(k4_rows)(1, 4, 0, n, weights, 0, activation, stride, out);
}

LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q5_k)(int64_t n, const void *weights, const void *activation) {
    float out;
    LOOM_NEON_NAME(k4_rows)(1, 1, 1, n, weights, 0, activation, 0, &out);
    return out;
}

LOOM_NEON_FN static void LOOM_NEON_NAME(rows4_q5_k)(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    LOOM_NEON_NAME(k4_rows)(4, 1, 1, n, weights, row_bytes, activation, 0, out);
}

LOOM_NEON_FN static void LOOM_NEON_NAME(dot4_q5_k)(
    int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_NEON_NAME(k4_rows)(1, 4, 1, n, weights, 0, activation, stride, out);
}

LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q6_k)(int64_t n, const void *weights, const void *activation) {
    float out;
    LOOM_NEON_NAME(q6_rows)(1, 1, n, weights, 0, activation, 0, &out);
    return out;
}

LOOM_NEON_FN static void LOOM_NEON_NAME(rows4_q6_k)(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    LOOM_NEON_NAME(q6_rows)(4, 1, n, weights, row_bytes, activation, 0, out);
}

LOOM_NEON_FN static void LOOM_NEON_NAME(dot4_q6_k)(
    int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_NEON_NAME(q6_rows)(1, 4, n, weights, 0, activation, stride, out);
}

/// Puts this build's kernels in `table`.
static void LOOM_NEON_NAME(fill_table)(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_Q4_0] = LOOM_NEON_NAME(dot_q4_0);
    table->dot[LOOM_TYPE_Q4_1] = LOOM_NEON_NAME(dot_q4_1);
    table->rows4[LOOM_TYPE_Q4_1] = LOOM_NEON_NAME(rows4_q4_1);
    table->dot4[LOOM_TYPE_Q4_1] = LOOM_NEON_NAME(dot4_q4_1);
    table->dot[LOOM_TYPE_Q5_1] = LOOM_NEON_NAME(dot_q5_1);
    table->dot[LOOM_TYPE_Q4_K] = LOOM_NEON_NAME(dot_q4_k);
    table->rows4[LOOM_TYPE_Q4_K] = LOOM_NEON_NAME(rows4_q4_k);
    table->dot4[LOOM_TYPE_Q4_K] = LOOM_NEON_NAME(dot4_q4_k);
    table->dot[LOOM_TYPE_Q5_K] = LOOM_NEON_NAME(dot_q5_k);
    table->rows4[LOOM_TYPE_Q5_K] = LOOM_NEON_NAME(rows4_q5_k);
    table->dot4[LOOM_TYPE_Q5_K] = LOOM_NEON_NAME(dot4_q5_k);
    table->dot[LOOM_TYPE_Q6_K] = LOOM_NEON_NAME(dot_q6_k);
    table->rows4[LOOM_TYPE_Q6_K] = LOOM_NEON_NAME(rows4_q6_k);
    table->dot4[LOOM_TYPE_Q6_K] = LOOM_NEON_NAME(dot4_q6_k);
}
