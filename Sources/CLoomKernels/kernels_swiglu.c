// SwiGLU as ggml's CPU backend computes it (ggml_vec_swiglu_f32 with AVX2 and FMA): out =
// silu(gate) · up, silu(x) = x / (1 + exp(−x)), where exp is ggml's vector approximation
// (ggml_v_expf: a rounding of x / ln 2 to an integer n, the remainder b reduced in two steps,
// a degree-5 polynomial in b, and the scale 2^n put in the exponent bits, with special cases
// past |n| > 126). Columns past the last whole eight use libm's expf, as ggml does.
//
// The portable kernel runs every lane's operations one at a time (the same fused multiply-adds
// and bit operations), so both give the same bits.
#include "kernels_internal.h"
#include <math.h>
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_avx2.h"
#endif

static inline uint32_t float_bits(float x) {
    uint32_t bits;
    memcpy(&bits, &x, 4);
    return bits;
}

static inline float bits_float(uint32_t bits) {
    float x;
    memcpy(&x, &bits, 4);
    return x;
}

/// One lane of ggml's vector exp.
static float exp_lane(float x) {
    const float r = 0x1.8p23f;
    float z = fmaf(x, 0x1.715476p+0f, r);
    float n = z - r;
    float b = fmaf(-n, 0x1.7f7d1cp-20f, fmaf(-n, 0x1.62e4p-1f, x));
    uint32_t e = float_bits(z) << 23;
    float k = bits_float(e + float_bits(1.0f));
    float u = b * b;
    float j = fmaf(
        fmaf(fmaf(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u, fmaf(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)), u,
        0x1.ffffecp-1f * b);
    if (!(fabsf(n) > 126)) return fmaf(k, j, k);
    uint32_t g = n <= 0 ? 0x82000000u : 0;
    float s1 = bits_float(g + 0x7f000000u);
    float s2 = bits_float(e - g);
    if (fabsf(n) > 192) return s1 * s1;
    return fmaf(s2, j, s2) * s1;
}

static void swiglu_scalar(const float *gate, const float *up, int64_t n, float *out, int64_t vector_end) {
    int64_t i = 0;
    for (; i < vector_end; i++) {
        float x = gate[i];
        out[i] = x / (1.0f + exp_lane(0.0f - x)) * up[i];
    }
    for (; i < n; i++) out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

#if defined(__x86_64__) || defined(_M_X64)
LOOM_AVX2 LOOM_INLINE static inline __m256 exp8(__m256 x) {
    const __m256 r = _mm256_set1_ps(0x1.8p23f);
    const __m256 z = _mm256_fmadd_ps(x, _mm256_set1_ps(0x1.715476p+0f), r);
    const __m256 n = _mm256_sub_ps(z, r);
    const __m256 b =
        _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.7f7d1cp-20f), _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.62e4p-1f), x));
    const __m256i e = _mm256_slli_epi32(_mm256_castps_si256(z), 23);
    const __m256 k = _mm256_castsi256_ps(_mm256_add_epi32(e, _mm256_castps_si256(_mm256_set1_ps(1))));
    const __m256 magnitude = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), n);
    const __m256 c = _mm256_cmp_ps(magnitude, _mm256_set1_ps(126), _CMP_GT_OQ);
    const __m256 u = _mm256_mul_ps(b, b);
    const __m256 high = _mm256_fmadd_ps(_mm256_set1_ps(0x1.0e4020p-7f), b, _mm256_set1_ps(0x1.573e2ep-5f));
    const __m256 low = _mm256_fmadd_ps(_mm256_set1_ps(0x1.555e66p-3f), b, _mm256_set1_ps(0x1.fffdb6p-2f));
    const __m256 j =
        _mm256_fmadd_ps(_mm256_fmadd_ps(high, u, low), u, _mm256_mul_ps(_mm256_set1_ps(0x1.ffffecp-1f), b));
    if (!_mm256_movemask_ps(c)) return _mm256_fmadd_ps(j, k, k);
    const __m256i g = _mm256_and_si256(
        _mm256_castps_si256(_mm256_cmp_ps(n, _mm256_setzero_ps(), _CMP_LE_OQ)), _mm256_set1_epi32((int)0x82000000u));
    const __m256 s1 = _mm256_castsi256_ps(_mm256_add_epi32(g, _mm256_set1_epi32(0x7f000000)));
    const __m256 s2 = _mm256_castsi256_ps(_mm256_sub_epi32(e, g));
    const __m256 d = _mm256_cmp_ps(magnitude, _mm256_set1_ps(192), _CMP_GT_OQ);
    const __m256 scaled = _mm256_mul_ps(_mm256_fmadd_ps(s2, j, s2), s1);
    const __m256 plain = _mm256_fmadd_ps(k, j, k);
    const __m256 normal = _mm256_or_ps(_mm256_and_ps(c, scaled), _mm256_andnot_ps(c, plain));
    return _mm256_or_ps(_mm256_and_ps(d, _mm256_mul_ps(s1, s1)), _mm256_andnot_ps(d, normal));
}

LOOM_AVX2 static void swiglu_avx2(const float *gate, const float *up, int64_t n, float *out) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(gate + i);
        __m256 silu = _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1), exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
        _mm256_storeu_ps(out + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    for (; i < n; i++) out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}
#endif

void loom_swiglu_family(int family, const float *gate, const float *up, int64_t n, float *out) {
#if defined(__x86_64__) || defined(_M_X64)
    if (family != LOOM_KERNELS_SCALAR && loom_avx2_available()) {
        swiglu_avx2(gate, up, n, out);
        return;
    }
#endif
    (void)family;
    swiglu_scalar(gate, up, n, out, n / 8 * 8);
}

void loom_swiglu(const float *gate, const float *up, int64_t n, float *out) {
    loom_swiglu_family(LOOM_KERNELS_BEST, gate, up, n, out);
}
