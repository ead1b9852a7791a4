// NEON conversion of float activations into the kernels' int8 blocks. Every step is the scalar
// conversion's own IEEE operation (the same multiplies and divisions, round to nearest even,
// exact integer sums), so both give the same bytes for finite input.
#if defined(__aarch64__)

#include "kernels_neon.h"

/// Four floats rounded to nearest even (as nearbyintf) and clamped to [−127, 127].
LOOM_NEON_INLINE static inline int32x4_t round_q8(float32x4_t v) {
    return vmaxq_s32(vminq_s32(vcvtnq_s32_f32(v), vdupq_n_s32(127)), vdupq_n_s32(-127));
}

/// Four vectors of four int32 in [−127, 127] as 16 int8 in their order.
LOOM_NEON_INLINE static inline int8x16_t pack_q8(int32x4_t a, int32x4_t b, int32x4_t c, int32x4_t d) {
    int16x8_t low = vcombine_s16(vmovn_s32(a), vmovn_s32(b));
    int16x8_t high = vcombine_s16(vmovn_s32(c), vmovn_s32(d));
    return vcombine_s8(vmovn_s16(low), vmovn_s16(high));
}

/// The largest magnitude of `count` floats (a multiple of 16).
LOOM_NEON_INLINE static inline float largest_magnitude(const float *x, int count) {
    float32x4_t m = vdupq_n_f32(0);
    for (int k = 0; k < count; k += 16) {
        float32x4_t a = vmaxq_f32(vabsq_f32(vld1q_f32(x + k)), vabsq_f32(vld1q_f32(x + k + 4)));
        float32x4_t b = vmaxq_f32(vabsq_f32(vld1q_f32(x + k + 8)), vabsq_f32(vld1q_f32(x + k + 12)));
        m = vmaxq_f32(m, vmaxq_f32(a, b));
    }
    return vmaxvq_f32(m);
}

void loom_neon_quantize_a8(const float *x, int64_t n, loom_a8 *y) {
    for (int64_t b = 0; b < n / QK; b++, x += QK) {
        float largest = largest_magnitude(x, QK);
        float d = largest / 127.0f;
        float inverse = loom_a8_negligible(largest) ? 0.0f : 127.0f / largest;
        int32x4_t q[8];
        for (int k = 0; k < 8; k++) q[k] = round_q8(vmulq_n_f32(vld1q_f32(x + 4 * k), inverse));
        vst1q_s8(y[b].qs, pack_q8(q[0], q[1], q[2], q[3]));
        vst1q_s8(y[b].qs + 16, pack_q8(q[4], q[5], q[6], q[7]));
        int32x4_t total = vaddq_s32(vaddq_s32(vaddq_s32(q[0], q[1]), vaddq_s32(q[2], q[3])),
                                    vaddq_s32(vaddq_s32(q[4], q[5]), vaddq_s32(q[6], q[7])));
        int sum = vaddvq_s32(total);
        y[b].d = loom_half_to_float(loom_float_to_half(d));
        y[b].s = loom_half_to_float(loom_float_to_half(d * (float)sum));
        y[b].sum = sum;
    }
}

void loom_neon_quantize_a8k(const float *x, int64_t n, loom_a8k *y) {
    for (int64_t b = 0; b < n / QKK; b++, x += QKK) {
        float largest = largest_magnitude(x, QKK);
        if (loom_a8_negligible(largest)) {
            memset(&y[b], 0, sizeof(y[b]));
            continue;
        }
        // The scalar conversion's scale comes from the first value of largest magnitude.
        float signed_largest = 0;
        for (int k = 0; k < QKK; k++) {
            if (__builtin_fabsf(x[k]) == largest) {
                signed_largest = x[k];
                break;
            }
        }
        float inverse = -127.0f / signed_largest;
        for (int k = 0; k < QKK; k += 16) {
            int32x4_t q[4];
            for (int j = 0; j < 4; j++) q[j] = round_q8(vmulq_n_f32(vld1q_f32(x + k + 4 * j), inverse));
            vst1q_s8(y[b].qs + k, pack_q8(q[0], q[1], q[2], q[3]));
            y[b].sums[k / 16] = (int16_t)vaddvq_s32(vaddq_s32(vaddq_s32(q[0], q[1]), vaddq_s32(q[2], q[3])));
        }
        y[b].d = 1 / inverse;
    }
}
#endif
