// NEON kernels of Q4_0, Q4_1 and Q5_1, and the byte-product primitive the k-quant kernels share.
// Included by kernels_neon_quant.c once per build (plain NEON, and with sdot), with:
//   LOOM_NEON_NAME(name)  the name of this build's copy of a function
//   LOOM_NEON_FN          its target attribute (empty for the baseline build)
//   LOOM_NEON_SDOT        1 to multiply bytes with sdot, 0 for plain NEON
// No include guard: each build defines its own copies.
//
// Every kernel runs the AVX2 kernel's float operations in its order (kernels_avx2.c): lane i of
// a block's sums is the exact integer AVX2's lane i holds, converted and multiply-added into an
// eight-lane accumulator, the Q4_1/Q5_1 minimums as fused
// multiply-adds, then the same horizontal sum. Q4_1's single-row, four-row and four-token
// kernels share one body, so each gives every row's dot product bit for bit.

/// Lane i: Σ a·b over bytes 4i ... 4i + 3, exactly. Without sdot the pairs are first added in
/// 16 bits, which holds for the kernels' operands (a in 0 ... 63, b in −127 ... 127: at most
/// 16 002 a pair).
LOOM_NEON_FN LOOM_NEON_INLINE static inline int32x4_t LOOM_NEON_NAME(dot16)(int8x16_t a, int8x16_t b) {
#if LOOM_NEON_SDOT
    return vdotq_s32(vdupq_n_s32(0), a, b);
#else
    int16x8_t low = vmull_s8(vget_low_s8(a), vget_low_s8(b));
    int16x8_t high = vmull_high_s8(a, b);
    return vpaddlq_s16(vpaddq_s16(low, high));
#endif
}

/// The low and high nibbles of 16 bytes: weights 0-15 and 16-31 of a 32-weight block.
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(nibbles)(const uint8_t *qs, int8x16_t *low, int8x16_t *high) {
    uint8x16_t q = vld1q_u8(qs);
    *low = vreinterpretq_s8_u8(vandq_u8(q, vdupq_n_u8(0x0F)));
    *high = vreinterpretq_s8_u8(vshrq_n_u8(q, 4));
}

LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q4_0)(int64_t n, const void *weights, const void *activation) {
    const loom_q4_0 *w = weights;
    const loom_a8 *y = activation;
    loom_f32x8 acc = loom_f32x8_zero();
    for (int64_t b = 0; b < n / QK; b++) {
        int8x16_t low, high;
        LOOM_NEON_NAME(nibbles)(w[b].qs, &low, &high);
        int32x4_t p0 = LOOM_NEON_NAME(dot16)(low, vld1q_s8(y[b].qs));
        int32x4_t p1 = LOOM_NEON_NAME(dot16)(high, vld1q_s8(y[b].qs + 16));
        // The quants' offset of 8, taken off lane 0 as the AVX2 kernel does.
        p0 = vsubq_s32(p0, vsetq_lane_s32(8 * y[b].sum, vdupq_n_s32(0), 0));
        acc = loom_f32x8_fma(acc, loom_neon_half(w[b].d) * y[b].d, p0, p1);
    }
    return loom_f32x8_sum(acc);
}

/// One Q4_1 block of `R` weight rows against `T` activation rows (R · T ≤ 4), into the
/// accumulators of its parity: acc[r · T + t] and minimums[r · T + t].
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(q4_1_block)(
    int R, int T, const loom_q4_1 *const *w, const loom_a8 *const *y, int64_t b, loom_f32x8 *acc, float *minimums) {
    for (int r = 0; r < R; r++) {
        int8x16_t low, high;
        LOOM_NEON_NAME(nibbles)(w[r][b].qs, &low, &high);
        float d = loom_neon_half(w[r][b].d), m = loom_neon_half(w[r][b].m);
        for (int t = 0; t < T; t++) {
            int32x4_t p0 = LOOM_NEON_NAME(dot16)(low, vld1q_s8(y[t][b].qs));
            int32x4_t p1 = LOOM_NEON_NAME(dot16)(high, vld1q_s8(y[t][b].qs + 16));
            acc[r * T + t] = loom_f32x8_fma(acc[r * T + t], d * y[t][b].d, p0, p1);
            minimums[r * T + t] = __builtin_fmaf(m, y[t][b].s, minimums[r * T + t]);
        }
    }
}

/// Q4_1 for `R` weight rows (`row_bytes` apart) against `T` activation rows (`stride` bytes
/// apart), R · T ≤ 4: out[r · T + t]. One accumulator per output takes every block in order, as
/// in the AVX2 kernels (and ggml's).
LOOM_NEON_FN LOOM_NEON_INLINE static inline void LOOM_NEON_NAME(q4_1_rows)(
    int R, int T, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    float *out) {
    const loom_q4_1 *w[4];
    const loom_a8 *y[4];
    for (int r = 0; r < R; r++) w[r] = (const loom_q4_1 *)((const char *)weights + r * row_bytes);
    for (int t = 0; t < T; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    loom_f32x8 acc[4];
    float minimums[4];
    for (int k = 0; k < R * T; k++) {
        acc[k] = loom_f32x8_zero();
        minimums[k] = 0;
    }
    for (int64_t b = 0; b < n / QK; b++) LOOM_NEON_NAME(q4_1_block)(R, T, w, y, b, acc, minimums);
    for (int k = 0; k < R * T; k++) out[k] = loom_f32x8_sum(acc[k]) + minimums[k];
}

LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q4_1)(int64_t n, const void *weights, const void *activation) {
    float out;
    LOOM_NEON_NAME(q4_1_rows)(1, 1, n, weights, 0, activation, 0, &out);
    return out;
}

LOOM_NEON_FN static void LOOM_NEON_NAME(rows4_q4_1)(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    LOOM_NEON_NAME(q4_1_rows)(4, 1, n, weights, row_bytes, activation, 0, out);
}

LOOM_NEON_FN static void LOOM_NEON_NAME(dot4_q4_1)(
    int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    LOOM_NEON_NAME(q4_1_rows)(1, 4, n, weights, 0, activation, stride, out);
}

LOOM_NEON_FN static float LOOM_NEON_NAME(dot_q5_1)(int64_t n, const void *weights, const void *activation) {
    const loom_q5_1 *w = weights;
    const loom_a8 *y = activation;
    loom_f32x8 acc = loom_f32x8_zero();
    float minimums = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        uint8x16_t fifth_low, fifth_high;
        loom_neon_fifth_bits(w[b].qh, &fifth_low, &fifth_high);
        uint8x16_t q = vld1q_u8(w[b].qs);
        int8x16_t low = vreinterpretq_s8_u8(vorrq_u8(vandq_u8(q, vdupq_n_u8(0x0F)), fifth_low));
        int8x16_t high = vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(q, 4), fifth_high));
        int32x4_t p0 = LOOM_NEON_NAME(dot16)(low, vld1q_s8(y[b].qs));
        int32x4_t p1 = LOOM_NEON_NAME(dot16)(high, vld1q_s8(y[b].qs + 16));
        acc = loom_f32x8_fma(acc, loom_neon_half(w[b].d) * y[b].d, p0, p1);
        // One chain of fused multiply-adds: the AVX2 kernel's `minimums += m · s`, which
        // clang contracts there.
        minimums = __builtin_fmaf(loom_neon_half(w[b].m), y[b].s, minimums);
    }
    return loom_f32x8_sum(acc) + minimums;
}
