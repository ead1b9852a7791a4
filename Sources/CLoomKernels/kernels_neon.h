// Helpers shared by the NEON kernel files (arm64 only).
//
// The quantised kernels follow the AVX2 kernels' float order exactly: an AVX2 accumulator of
// eight floats is two NEON vectors here (lanes 0-3 and 4-7), and lane i of a block's integer
// sums holds the same integer as the AVX2 lane i (bytes 4i ... 4i + 3 of each 32-byte run), so
// both families give the same bits for the same blocks.
#ifndef LOOM_KERNELS_NEON_H
#define LOOM_KERNELS_NEON_H

#include "kernels_internal.h"
#include <arm_neon.h>

// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_NEON_INLINE __attribute__((always_inline))

/// The target of the kernels built a second time with the dot-product instructions (ARMv8.2
/// sdot), chosen at run time where the CPU has them.
#define LOOM_NEON_DOTPROD_TARGET __attribute__((target("arch=armv8.2-a+dotprod")))

/// Whether this file is compiled for CPUs that always have sdot (Apple's arm64, or
/// -march=armv8.2-a+dotprod): then the baseline kernels use it and no second build is needed.
#if defined(__ARM_FEATURE_DOTPROD)
#define LOOM_NEON_BASELINE_DOTPROD 1
#else
#define LOOM_NEON_BASELINE_DOTPROD 0
#endif

/// Half precision to float with the hardware conversion (exact, as loom_half_to_float).
LOOM_NEON_INLINE static inline float loom_neon_half(uint16_t bits) {
    __fp16 value;
    memcpy(&value, &bits, 2);
    return (float)value;
}

/// Eight float lanes, as one AVX2 register: lanes 0-3 in `low`, 4-7 in `high`.
typedef struct {
    float32x4_t low, high;
} loom_f32x8;

LOOM_NEON_INLINE static inline loom_f32x8 loom_f32x8_zero(void) {
    loom_f32x8 v = {vdupq_n_f32(0), vdupq_n_f32(0)};
    return v;
}

/// acc + scale · (float)sums in each lane, fused (the AVX2 kernels' _mm256_fmadd_ps).
LOOM_NEON_INLINE static inline loom_f32x8 loom_f32x8_fma(loom_f32x8 acc, float scale, int32x4_t low, int32x4_t high) {
    acc.low = vfmaq_n_f32(acc.low, vcvtq_f32_s32(low), scale);
    acc.high = vfmaq_n_f32(acc.high, vcvtq_f32_s32(high), scale);
    return acc;
}

/// The sum of the eight lanes in the AVX2 kernels' order (their hsum): lanes i and i + 4
/// first, then (0 + 2) + (1 + 3).
LOOM_NEON_INLINE static inline float loom_f32x8_sum(loom_f32x8 a) {
    float32x4_t s = vaddq_f32(a.low, a.high);
    float32x2_t pair = vadd_f32(vget_low_f32(s), vget_high_f32(s));
    return vget_lane_f32(pair, 0) + vget_lane_f32(pair, 1);
}

/// The sum of the lanes of a + b (two accumulators added lane by lane first, as the AVX2
/// kernels' hsum(_mm256_add_ps(a, b))).
LOOM_NEON_INLINE static inline float loom_f32x8_sum2(loom_f32x8 a, loom_f32x8 b) {
    loom_f32x8 s = {vaddq_f32(a.low, b.low), vaddq_f32(a.high, b.high)};
    return loom_f32x8_sum(s);
}

/// 32 bits → 32 bytes of 0x10 (bit set) or 0, bit j for byte j: the fifth bits of Q5_0/Q5_1.
LOOM_NEON_INLINE static inline void loom_neon_fifth_bits(const uint8_t *qh, uint8x16_t *low, uint8x16_t *high) {
    uint32_t bits;
    memcpy(&bits, qh, 4);
    const uint8x16_t select = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x8_t b0 = vdup_n_u8((uint8_t)bits), b1 = vdup_n_u8((uint8_t)(bits >> 8));
    uint8x8_t b2 = vdup_n_u8((uint8_t)(bits >> 16)), b3 = vdup_n_u8((uint8_t)(bits >> 24));
    *low = vandq_u8(vtstq_u8(vcombine_u8(b0, b1), select), vdupq_n_u8(0x10));
    *high = vandq_u8(vtstq_u8(vcombine_u8(b2, b3), select), vdupq_n_u8(0x10));
}

/// Whether this CPU has the dot-product instructions.
int loom_neon_has_dotprod(void);

/// Fills the entries of Q4_0, Q4_1, Q5_1 and the k-quants (their dotprod build when
/// `dotprod` is set and the baseline lacks it).
void loom_neon_quant_table(loom_kernel_table *table, int dotprod);

#endif
