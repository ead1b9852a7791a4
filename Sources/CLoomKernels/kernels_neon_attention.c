// NEON attention over a float key/value cache (arm64 only): loom_attend_avx2's operations
// (kernels_attention.c) lane for lane, so a head's result is the same bits on arm64 as on
// x86-64 with AVX2. Eight-lane accumulators are pairs of vectors (kernels_neon.h).
#if defined(__aarch64__)
#include "kernels_neon.h"
#include <math.h>

/// acc + a · b over the eight floats at a and b.
LOOM_NEON_INLINE static inline loom_f32x8 attend_fma8(loom_f32x8 acc, const float *a, const float *b) {
    acc.low = vfmaq_f32(acc.low, vld1q_f32(a), vld1q_f32(b));
    acc.high = vfmaq_f32(acc.high, vld1q_f32(a + 4), vld1q_f32(b + 4));
    return acc;
}

/// acc + weight · v over the eight floats at v.
LOOM_NEON_INLINE static inline loom_f32x8 attend_axpy8(loom_f32x8 acc, float weight, const float *v) {
    acc.low = vfmaq_n_f32(acc.low, vld1q_f32(v), weight);
    acc.high = vfmaq_n_f32(acc.high, vld1q_f32(v + 4), weight);
    return acc;
}

LOOM_NEON_INLINE static inline void attend_store8(float *out, loom_f32x8 v) {
    vst1q_f32(out, v.low);
    vst1q_f32(out + 4, v.high);
}

/// As loom_attend_scalar, eight lanes at a time; `head_size` must be a multiple of 8.
void loom_attend_neon(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out) {
    float largest = -INFINITY;
    for (int64_t t = 0; t < positions; t++) {
        const float *k = keys + t * stride;
        loom_f32x8 a0 = loom_f32x8_zero(), a1 = loom_f32x8_zero();
        int64_t i = 0;
        for (; i + 16 <= head_size; i += 16) {
            a0 = attend_fma8(a0, q + i, k + i);
            a1 = attend_fma8(a1, q + i + 8, k + i + 8);
        }
        if (i < head_size) a0 = attend_fma8(a0, q + i, k + i);
        scores[t] = loom_f32x8_sum2(a0, a1) * scale;
        if (scores[t] > largest) largest = scores[t];
    }
    float inverse = loom_attention_softmax(scores, positions, largest);
    int64_t i = 0;
    // 64 output values at a time, each still summed over the positions in order.
    for (; i + 64 <= head_size; i += 64) {
        loom_f32x8 sum[8];
        for (int c = 0; c < 8; c++) sum[c] = loom_f32x8_zero();
        for (int64_t t = 0; t < positions; t++) {
            float weight = scores[t] * inverse;
            const float *v = values + t * stride + i;
            for (int c = 0; c < 8; c++) sum[c] = attend_axpy8(sum[c], weight, v + 8 * c);
        }
        for (int c = 0; c < 8; c++) attend_store8(out + i + 8 * c, sum[c]);
    }
    for (; i < head_size; i += 8) {
        loom_f32x8 sum = loom_f32x8_zero();
        for (int64_t t = 0; t < positions; t++) sum = attend_axpy8(sum, scores[t] * inverse, values + t * stride + i);
        attend_store8(out + i, sum);
    }
}
#endif
