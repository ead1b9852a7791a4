// NEON kernels for arm64 (every arm64 CPU has NEON; no run-time check is needed). Types
// without a NEON kernel here keep the scalar one.
#if defined(__aarch64__)
#include "kernels_internal.h"
#include <arm_neon.h>
#include <math.h>

static float dot_f32(int64_t n, const void *weights, const void *activation) {
    const float *w = weights, *x = activation;
    float32x4_t a0 = vdupq_n_f32(0), a1 = vdupq_n_f32(0), a2 = vdupq_n_f32(0), a3 = vdupq_n_f32(0);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = vfmaq_f32(a0, vld1q_f32(w + i), vld1q_f32(x + i));
        a1 = vfmaq_f32(a1, vld1q_f32(w + i + 4), vld1q_f32(x + i + 4));
        a2 = vfmaq_f32(a2, vld1q_f32(w + i + 8), vld1q_f32(x + i + 8));
        a3 = vfmaq_f32(a3, vld1q_f32(w + i + 12), vld1q_f32(x + i + 12));
    }
    for (; i + 4 <= n; i += 4) a0 = vfmaq_f32(a0, vld1q_f32(w + i), vld1q_f32(x + i));
    float sum = vaddvq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)));
    for (; i < n; i++) sum += w[i] * x[i];
    return sum;
}

/// Σ a·b over 32 signed bytes (a in two halves of 16), widened to 32 bits.
static inline int32_t dot_i8(int8x16_t a0, int8x16_t a1, const int8_t *b) {
    int8x16_t b0 = vld1q_s8(b), b1 = vld1q_s8(b + 16);
    int16x8_t p = vmull_s8(vget_low_s8(a0), vget_low_s8(b0));
    p = vmlal_s8(p, vget_high_s8(a0), vget_high_s8(b0));
    int16x8_t q = vmull_s8(vget_low_s8(a1), vget_low_s8(b1));
    q = vmlal_s8(q, vget_high_s8(a1), vget_high_s8(b1));
    return vaddvq_s32(vaddq_s32(vpaddlq_s16(p), vpaddlq_s16(q)));
}

static float dot_q4_0(int64_t n, const void *weights, const void *activation) {
    const loom_q4_0 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    const uint8x16_t mask = vdupq_n_u8(0x0F);
    for (int64_t b = 0; b < n / QK; b++) {
        uint8x16_t q = vld1q_u8(w[b].qs);
        int8x16_t low = vreinterpretq_s8_u8(vandq_u8(q, mask)), high = vreinterpretq_s8_u8(vshrq_n_u8(q, 4));
        int32_t s = dot_i8(low, high, y[b].qs) - 8 * y[b].sum;
        sum += loom_h(w[b].d) * y[b].d * (float)s;
    }
    return sum;
}

static float dot_q4_1(int64_t n, const void *weights, const void *activation) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    const uint8x16_t mask = vdupq_n_u8(0x0F);
    for (int64_t b = 0; b < n / QK; b++) {
        uint8x16_t q = vld1q_u8(w[b].qs);
        int8x16_t low = vreinterpretq_s8_u8(vandq_u8(q, mask)), high = vreinterpretq_s8_u8(vshrq_n_u8(q, 4));
        sum += loom_h(w[b].d) * y[b].d * (float)dot_i8(low, high, y[b].qs) + loom_h(w[b].m) * y[b].s;
    }
    return sum;
}

// Q5_0 and Q8_0 sum as the AVX2 kernels do (kernels_avx2_q0.c): each block's exact integer
// sum, converted, then acc = fma(d_w · d_y, sum, acc) block after block, so the single dot
// product, the four-row kernel and the tile of 4 rows × 8 tokens give the same bits.

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
        uint32_t bits;
        memcpy(&bits, w->qh, 4);
        // Bit j of qh is the fifth bit of weight j: spread the 32 bits over 32 bytes.
        const uint8x16_t select = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
        uint8x8_t b0 = vdup_n_u8((uint8_t)bits), b1 = vdup_n_u8((uint8_t)(bits >> 8));
        uint8x8_t b2 = vdup_n_u8((uint8_t)(bits >> 16)), b3 = vdup_n_u8((uint8_t)(bits >> 24));
        uint8x16_t h0 = vtstq_u8(vcombine_u8(b0, b1), select), h1 = vtstq_u8(vcombine_u8(b2, b3), select);
        uint8x16_t packed = vld1q_u8(w->qs);
        uint8x16_t low = vorrq_u8(vandq_u8(packed, vdupq_n_u8(0x0F)), vandq_u8(h0, vdupq_n_u8(0x10)));
        uint8x16_t high = vorrq_u8(vshrq_n_u8(packed, 4), vandq_u8(h1, vdupq_n_u8(0x10)));
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

static inline size_t q0_block_bytes(int type) { return type == LOOM_TYPE_Q8_0 ? sizeof(loom_q8_0) : sizeof(loom_q5_0); }

static inline float q0_scale(const char *block) {
    uint16_t d;
    memcpy(&d, block, 2);
    return loom_h(d);
}

static inline float q0_dot(int type, int64_t n, const void *weights, const void *activation) {
    const char *w = weights;
    const loom_a8 *y = activation;
    const size_t bytes = q0_block_bytes(type);
    float acc = 0;
    for (int64_t b = 0; b < n / QK; b++, w += bytes) {
        int32_t sum = vaddvq_s32(q0_product(q0_unpack(type, w), y[b].qs));
        acc = fmaf(q0_scale(w) * y[b].d, (float)sum, acc);
    }
    return acc;
}

static inline void q0_rows4(int type, int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    const char *w = weights;
    const loom_a8 *y = activation;
    const size_t bytes = q0_block_bytes(type);
    float32x4_t acc = vdupq_n_f32(0);
    for (int64_t b = 0; b < n / QK; b++, w += bytes) {
        int32x4_t p[4];
        float scale[4];
        for (int r = 0; r < 4; r++) {
            p[r] = q0_product(q0_unpack(type, w + r * row_bytes), y[b].qs);
            scale[r] = q0_scale(w + r * row_bytes) * y[b].d;
        }
        acc = vfmaq_f32(acc, vld1q_f32(scale), vcvtq_f32_s32(q0_sum4(p[0], p[1], p[2], p[3])));
    }
    vst1q_f32(out, acc);
}

static inline void q0_tile(
    int type, int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    const loom_a8 *y[8];
    for (int t = 0; t < 8; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    const size_t bytes = q0_block_bytes(type);
    for (int r = 0; r < 4; r++) {
        float32x4_t low = vdupq_n_f32(0), high = vdupq_n_f32(0);
        const char *block = (const char *)weights + r * row_bytes;
        for (int64_t b = 0; b < n / QK; b++, block += bytes) {
            q0_block q = q0_unpack(type, block);
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

static float dot_q5_0(int64_t n, const void *weights, const void *activation) {
    return q0_dot(LOOM_TYPE_Q5_0, n, weights, activation);
}

static void rows4_q5_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    q0_rows4(LOOM_TYPE_Q5_0, n, weights, row_bytes, activation, out);
}

static void tile_q5_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    for (int g = 0; g < groups; g++) {
        q0_tile(LOOM_TYPE_Q5_0, n, weights, row_bytes, (const char *)activation + 8 * g * stride, stride,
                lanes + g * (n / QK), out + 8 * g * out_stride, out_stride);
    }
}

static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    return q0_dot(LOOM_TYPE_Q8_0, n, weights, activation);
}

static void rows4_q8_0(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out) {
    q0_rows4(LOOM_TYPE_Q8_0, n, weights, row_bytes, activation, out);
}

static void tile_q8_0(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride) {
    for (int g = 0; g < groups; g++) {
        q0_tile(LOOM_TYPE_Q8_0, n, weights, row_bytes, (const char *)activation + 8 * g * stride, stride,
                lanes + g * (n / QK), out + 8 * g * out_stride, out_stride);
    }
}

void loom_neon_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_F32] = dot_f32;
    table->dot[LOOM_TYPE_Q4_0] = dot_q4_0;
    table->dot[LOOM_TYPE_Q4_1] = dot_q4_1;
    table->dot[LOOM_TYPE_Q5_0] = dot_q5_0;
    table->rows4[LOOM_TYPE_Q5_0] = rows4_q5_0;
    table->tile[LOOM_TYPE_Q5_0] = tile_q5_0;
    table->dot[LOOM_TYPE_Q8_0] = dot_q8_0;
    table->rows4[LOOM_TYPE_Q8_0] = rows4_q8_0;
    table->tile[LOOM_TYPE_Q8_0] = tile_q8_0;
}
#endif
