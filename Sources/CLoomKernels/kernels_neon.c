// NEON kernels for arm64 (every arm64 CPU has NEON; no run-time check is needed). Types
// without a NEON kernel here keep the scalar one.
#if defined(__aarch64__)
#include "kernels_internal.h"
#include <arm_neon.h>

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

static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    const loom_q8_0 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        int32_t s = dot_i8(vld1q_s8(w[b].qs), vld1q_s8(w[b].qs + 16), y[b].qs);
        sum += loom_h(w[b].d) * y[b].d * (float)s;
    }
    return sum;
}

void loom_neon_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_F32] = dot_f32;
    table->dot[LOOM_TYPE_Q4_0] = dot_q4_0;
    table->dot[LOOM_TYPE_Q4_1] = dot_q4_1;
    table->dot[LOOM_TYPE_Q8_0] = dot_q8_0;
}
#endif
