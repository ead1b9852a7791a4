// The float functions the int8 kernel files share, as always-inline bodies: each file compiles
// them inside its own baseline or AVX2 functions, and since they are the same chains of IEEE
// operations (no fused multiply-adds: this header turns FP_CONTRACT off for its includers), every build gives
// the same bits.
#ifndef LOOM_KERNELS_INT8_MATH_H
#define LOOM_KERNELS_INT8_MATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#define LOOM_I8_BODY static inline __attribute__((always_inline))

/// e^x for x in [-87, 88] (clamped outside) to within about 2 units in the last place:
/// x = k·ln2 + r with |r| <= ln2/2, e^r by its Taylor series to r^7, then scaled by 2^k.
LOOM_I8_BODY float loom_i8_fast_exp(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    // Round x·log2(e) to the nearest integer with the 1.5·2^23 trick (no libm call).
    const float shifter = 12582912.0f;
    float k = (x * 1.44269504f + shifter) - shifter;
    float r = x - k * 0.693145752f;  // ln2's leading bits: k·hi is exact
    r = r - k * 1.42860677e-6f;  // ln2 - hi
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits = ((int32_t)k + 127) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    return p * scale;
}

/// x = x · ½(1 + erf(x / √2)) for `count` floats.
LOOM_I8_BODY void loom_i8_gelu_body(float *x, int64_t count) {
    for (int64_t i = 0; i < count; i++) {
        // erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
        float v = x[i];
        float z = fabsf(v) * 0.707106781f;
        float t = 1.0f / (1.0f + 0.3275911f * z);
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        float e = 1.0f - poly * loom_i8_fast_exp(-z * z);
        float erf = v < 0 ? -e : e;
        x[i] = 0.5f * v * (1.0f + erf);
    }
}

#endif
