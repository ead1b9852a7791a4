// NEON kernels for arm64 (every arm64 CPU has NEON; only the dot-product instructions of the
// quantised kernels in kernels_neon_quant.c are checked for at run time): the float types,
// Q5_0 and Q8_0 here.
#if defined(__aarch64__)
#include "kernels_neon.h"
#include <math.h>

// The float types run the AVX2 kernels' operations (kernels_avx2.c, kernels_avx2_f32.c) lane
// for lane, so both give the same bits (Scripts/test-kernels-cross compares them): the same
// eight-lane accumulators as pairs of vectors, the same horizontal sum, and the leftover columns
// one fused multiply-add at a time (clang contracts AVX2's `sum += w · x` into one).

/// acc + w · x over eight lanes (w and x at eight consecutive floats).
LOOM_NEON_INLINE static inline loom_f32x8 fma8(loom_f32x8 acc, float32x4_t w_low, float32x4_t w_high, const float *x) {
    acc.low = vfmaq_f32(acc.low, w_low, vld1q_f32(x));
    acc.high = vfmaq_f32(acc.high, w_high, vld1q_f32(x + 4));
    return acc;
}

// F32 as kernels_avx2_f32.c: 16 floats a step, the first eight into accumulator a and the
// second into b, a last lone eight into a, then the sum of a + b and the leftover columns.
static float dot_f32(int64_t n, const void *weights, const void *activation) {
    const float *w = weights, *x = activation;
    loom_f32x8 a = loom_f32x8_zero(), b = loom_f32x8_zero();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = fma8(a, vld1q_f32(w + i), vld1q_f32(w + i + 4), x + i);
        b = fma8(b, vld1q_f32(w + i + 8), vld1q_f32(w + i + 12), x + i + 8);
    }
    if (i + 8 <= n) {
        a = fma8(a, vld1q_f32(w + i), vld1q_f32(w + i + 4), x + i);
        i += 8;
    }
    float sum = loom_f32x8_sum2(a, b);
    for (; i < n; i++) sum = __builtin_fmaf(w[i], x[i], sum);
    return sum;
}

/// F32: one weight row against four activation rows `stride` bytes apart, each in dot_f32's
/// order (the weights loaded once for the four).
static void dot4_f32(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    const float *w = weights;
    const float *x[4];
    for (int t = 0; t < 4; t++) x[t] = (const float *)((const char *)activation + t * stride);
    loom_f32x8 a[4], b[4];
    for (int t = 0; t < 4; t++) a[t] = b[t] = loom_f32x8_zero();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        float32x4_t w0 = vld1q_f32(w + i), w1 = vld1q_f32(w + i + 4);
        float32x4_t w2 = vld1q_f32(w + i + 8), w3 = vld1q_f32(w + i + 12);
        for (int t = 0; t < 4; t++) {
            a[t] = fma8(a[t], w0, w1, x[t] + i);
            b[t] = fma8(b[t], w2, w3, x[t] + i + 8);
        }
    }
    if (i + 8 <= n) {
        float32x4_t w0 = vld1q_f32(w + i), w1 = vld1q_f32(w + i + 4);
        for (int t = 0; t < 4; t++) a[t] = fma8(a[t], w0, w1, x[t] + i);
        i += 8;
    }
    for (int t = 0; t < 4; t++) {
        float sum = loom_f32x8_sum2(a[t], b[t]);
        for (int64_t k = i; k < n; k++) sum = __builtin_fmaf(w[k], x[t][k], sum);
        out[t] = sum;
    }
}

/// Eight half-precision weights as floats.
LOOM_NEON_INLINE static inline void halves8(const uint16_t *w, float32x4_t *low, float32x4_t *high) {
    float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(w));
    *low = vcvt_f32_f16(vget_low_f16(h));
    *high = vcvt_high_f32_f16(h);
}

static float dot_f16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    loom_f32x8 a0 = loom_f32x8_zero(), a1 = loom_f32x8_zero();
    float32x4_t low, high;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        halves8(w + i, &low, &high);
        a0 = fma8(a0, low, high, x + i);
        halves8(w + i + 8, &low, &high);
        a1 = fma8(a1, low, high, x + i + 8);
    }
    for (; i + 8 <= n; i += 8) {
        halves8(w + i, &low, &high);
        a0 = fma8(a0, low, high, x + i);
    }
    float sum = loom_f32x8_sum2(a0, a1);
    for (; i < n; i++) sum = __builtin_fmaf(loom_neon_half(w[i]), x[i], sum);
    return sum;
}

static float dot_bf16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    loom_f32x8 a0 = loom_f32x8_zero();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint16x8_t bits = vld1q_u16(w + i);
        float32x4_t low = vreinterpretq_f32_u32(vshll_n_u16(vget_low_u16(bits), 16));
        float32x4_t high = vreinterpretq_f32_u32(vshll_high_n_u16(bits, 16));
        a0 = fma8(a0, low, high, x + i);
    }
    float sum = loom_f32x8_sum(a0);
    for (; i < n; i++) {
        uint32_t bits = (uint32_t)w[i] << 16;
        float value;
        memcpy(&value, &bits, 4);
        sum = __builtin_fmaf(value, x[i], sum);
    }
    return sum;
}

// Q5_0 and Q8_0 sum as the AVX2 kernels do (kernels_avx2_q0.c), so the single dot product, the
// four-row kernel and the tile of 4 rows × 8 tokens give the same bits. Q5_0: each block's exact
// integer sum, converted, then acc = fma(d_w · d_y, sum, acc) block after block. Q8_0 (ggml's
// order): an eight-lane accumulator, lane l taking the exact sum of products 4l ... 4l + 3 of
// each block, then the AVX2 kernels' horizontal sum.

/// One Q5_0 or Q8_0 block's weights as signed int8 (Q5_0's 5-bit quants minus 16).
typedef struct {
    int8x16_t low, high;
} q0_block;

static inline q0_block q0_unpack(int type, const char *block) {
    q0_block q;
    if (type == LOOM_TYPE_Q8_0) {
        const loom_q8_0 *w = (const loom_q8_0 *)block;
        q.low = vld1q_s8(w->qs);
        q.high = vld1q_s8(w->qs + 16);
    } else {
        const loom_q5_0 *w = (const loom_q5_0 *)block;
        uint8x16_t fifth_low, fifth_high;
        loom_neon_fifth_bits(w->qh, &fifth_low, &fifth_high);
        uint8x16_t packed = vld1q_u8(w->qs);
        uint8x16_t low = vorrq_u8(vandq_u8(packed, vdupq_n_u8(0x0F)), fifth_low);
        uint8x16_t high = vorrq_u8(vshrq_n_u8(packed, 4), fifth_high);
        q.low = vsubq_s8(vreinterpretq_s8_u8(low), vdupq_n_s8(16));
        q.high = vsubq_s8(vreinterpretq_s8_u8(high), vdupq_n_s8(16));
    }
    return q;
}

/// Σ weight·activation over one block as 4 int32 partial sums.
static inline int32x4_t q0_product(q0_block q, const int8_t *y) {
    int8x16_t y0 = vld1q_s8(y), y1 = vld1q_s8(y + 16);
    int16x8_t p = vmull_s8(vget_low_s8(q.low), vget_low_s8(y0));
    p = vmlal_s8(p, vget_high_s8(q.low), vget_high_s8(y0));
    int16x8_t r = vmull_s8(vget_low_s8(q.high), vget_low_s8(y1));
    r = vmlal_s8(r, vget_high_s8(q.high), vget_high_s8(y1));
    return vaddq_s32(vpaddlq_s16(p), vpaddlq_s16(r));
}

/// Lane t of the result: the sum of the lanes of p_t.
static inline int32x4_t q0_sum4(int32x4_t p0, int32x4_t p1, int32x4_t p2, int32x4_t p3) {
    return vpaddq_s32(vpaddq_s32(p0, p1), vpaddq_s32(p2, p3));
}

static inline float q0_scale(const char *block) {
    uint16_t d;
    memcpy(&d, block, 2);
    return loom_neon_half(d);
}

static float dot_q5_0(int64_t n, const void *weights, const void *activation) {
    const char *w = weights;
    const loom_a8 *y = activation;
    float acc = 0;
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q5_0)) {
        int32_t sum = vaddvq_s32(q0_product(q0_unpack(LOOM_TYPE_Q5_0, w), y[b].qs));
        acc = fmaf(q0_scale(w) * y[b].d, (float)sum, acc);
    }
    return acc;
}

static void rows4_q5_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const char *w = weights;
    const loom_a8 *y = activation;
    float32x4_t acc = vdupq_n_f32(0);
    for (int64_t b = 0; b < n / QK; b++, w += sizeof(loom_q5_0)) {
        int32x4_t p[4];
        float scale[4];
        for (int r = 0; r < 4; r++) {
            p[r] = q0_product(q0_unpack(LOOM_TYPE_Q5_0, w + r * row_bytes), y[b].qs);
            scale[r] = q0_scale(w + r * row_bytes) * y[b].d;
        }
        acc = vfmaq_f32(acc, vld1q_f32(scale), vcvtq_f32_s32(q0_sum4(p[0], p[1], p[2], p[3])));
    }
    vst1q_f32(out, acc);
}

/// Q5_0: four rows against eight tokens, whose scales `lanes` holds.
static inline void q5_0_tile(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    const loom_a8 *y[8];
    for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    for (int r = 0; r < 4; r++) {
        float32x4_t low = vdupq_n_f32(0), high = vdupq_n_f32(0);
        const char *block = (const char *)weights + r * row_bytes;
        for (int64_t b = 0; b < n / QK; b++, block += sizeof(loom_q5_0)) {
            q0_block q = q0_unpack(LOOM_TYPE_Q5_0, block);
            int32x4_t s0 = q0_sum4(
                q0_product(q, y[0][b].qs), q0_product(q, y[1][b].qs), q0_product(q, y[2][b].qs),
                q0_product(q, y[3][b].qs));
            int32x4_t s1 = q0_sum4(
                q0_product(q, y[4][b].qs), q0_product(q, y[5][b].qs), q0_product(q, y[6][b].qs),
                q0_product(q, y[7][b].qs));
            float32x4_t d = vdupq_n_f32(q0_scale(block));
            low = vfmaq_f32(low, vmulq_f32(d, vld1q_f32(lanes[b].d)), vcvtq_f32_s32(s0));
            high = vfmaq_f32(high, vmulq_f32(d, vld1q_f32(lanes[b].d + 4)), vcvtq_f32_s32(s1));
        }
        float result[8];
        vst1q_f32(result, low);
        vst1q_f32(result + 4, high);
        for (int t = 0; t < 8; t++) out[t * out_stride + r] = result[t];
    }
}

static void tile_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    for (int g = 0; g < groups; g++) {
        q5_0_tile(n, weights, row_bytes, (const char *)activation + 8 * g * stride, stride,
                lanes + g * (n / QK), out + 8 * g * out_stride, out_stride);
    }
}

/// Lane i: Σ a·b over bytes 4i ... 4i + 3, exactly (pairs of int8 products fit in 16 bits).
static inline int32x4_t quad_sums(int8x16_t a, int8x16_t b) {
    int16x8_t low = vmull_s8(vget_low_s8(a), vget_low_s8(b));
    int16x8_t high = vmull_high_s8(a, b);
    return vpaddlq_s16(vpaddq_s16(low, high));
}

/// One Q8_0 block's products with one activation block, added to `acc` in ggml's order.
static inline loom_f32x8 q8_0_block(q0_block q, float scale, const int8_t *y, loom_f32x8 acc) {
    return loom_f32x8_fma(acc, scale, quad_sums(q.low, vld1q_s8(y)), quad_sums(q.high, vld1q_s8(y + 16)));
}

static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    const loom_q8_0 *w = weights;
    const loom_a8 *y = activation;
    loom_f32x8 acc = loom_f32x8_zero();
    for (int64_t b = 0; b < n / QK; b++) {
        acc = q8_0_block(q0_unpack(LOOM_TYPE_Q8_0, (const char *)&w[b]), loom_neon_half(w[b].d) * y[b].d, y[b].qs, acc);
    }
    return loom_f32x8_sum(acc);
}

static void rows4_q8_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    for (int r = 0; r < 4; r++) out[r] = dot_q8_0(n, (const char *)weights + r * row_bytes, activation);
}

static void tile_q8_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    (void)lanes;
    for (int r = 0; r < 4; r++) {
        const loom_q8_0 *w = (const loom_q8_0 *)((const char *)weights + r * row_bytes);
        for (int t = 0; t < 8 * groups; t++) {
            const loom_a8 *y = (const loom_a8 *)((const char *)activation + t * stride);
            loom_f32x8 acc = loom_f32x8_zero();
            for (int64_t b = 0; b < n / QK; b++) {
                q0_block q = q0_unpack(LOOM_TYPE_Q8_0, (const char *)&w[b]);
                acc = q8_0_block(q, loom_neon_half(w[b].d) * y[b].d, y[b].qs, acc);
            }
            out[t * out_stride + r] = loom_f32x8_sum(acc);
        }
    }
}

void loom_neon_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_F32] = dot_f32;
    table->dot4[LOOM_TYPE_F32] = dot4_f32;
    table->dot[LOOM_TYPE_F16] = dot_f16;
    table->dot[LOOM_TYPE_BF16] = dot_bf16;
    table->dot[LOOM_TYPE_Q5_0] = dot_q5_0;
    table->rows4[LOOM_TYPE_Q5_0] = rows4_q5_0;
    table->tile[LOOM_TYPE_Q5_0] = tile_q5_0;
    table->dot[LOOM_TYPE_Q8_0] = dot_q8_0;
    table->rows4[LOOM_TYPE_Q8_0] = rows4_q8_0;
    table->tile[LOOM_TYPE_Q8_0] = tile_q8_0;
    loom_neon_quant_table(table, loom_neon_has_dotprod());
}
#endif
