// AVX2 conversion of float activations into the kernels' int8 blocks. Every step is the scalar
// conversion's own IEEE operation (the same multiplies and divisions, round to nearest even,
// exact integer sums), so both give the same bytes for finite input.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx2.h"

/// Eight floats rounded to nearest even (as nearbyintf) and clamped to [−127, 127].
LOOM_AVX2 LOOM_INLINE static inline __m256i round_q8(__m256 v) {
    __m256i q = _mm256_cvtps_epi32(v);
    return _mm256_max_epi32(_mm256_min_epi32(q, _mm256_set1_epi32(127)), _mm256_set1_epi32(-127));
}

/// Four vectors of eight int32 in [−127, 127] packed into 32 int8 in their order.
LOOM_AVX2 LOOM_INLINE static inline __m256i pack_q8(__m256i a, __m256i b, __m256i c, __m256i d) {
    __m256i packed = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
    // The packs work per 128-bit half: put the 32-bit groups back in order.
    return _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

LOOM_AVX2 LOOM_INLINE static inline int hsum_i32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s);
}

LOOM_AVX2 LOOM_INLINE static inline float hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

LOOM_AVX2 void loom_avx2_quantize_a8(const float *x, int64_t n, loom_a8 *y) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (int64_t b = 0; b < n / QK; b++, x += QK) {
        __m256 v[4];
        for (int k = 0; k < 4; k++) v[k] = _mm256_loadu_ps(x + 8 * k);
        __m256 m = _mm256_max_ps(
            _mm256_max_ps(_mm256_and_ps(v[0], magnitude), _mm256_and_ps(v[1], magnitude)),
            _mm256_max_ps(_mm256_and_ps(v[2], magnitude), _mm256_and_ps(v[3], magnitude)));
        float largest = hmax(m);
        float d = largest / 127.0f;
        __m256 inverse = _mm256_set1_ps(loom_a8_negligible(largest) ? 0.0f : 127.0f / largest);
        __m256i q[4];
        for (int k = 0; k < 4; k++) q[k] = round_q8(_mm256_mul_ps(v[k], inverse));
        _mm256_storeu_si256((__m256i *)y[b].qs, pack_q8(q[0], q[1], q[2], q[3]));
        int sum = hsum_i32(_mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3])));
        y[b].d = loom_half_to_float(loom_float_to_half(d));
        y[b].s = loom_half_to_float(loom_float_to_half(d * (float)sum));
        y[b].sum = sum;
    }
}

LOOM_AVX2 void loom_avx2_quantize_a8k(const float *x, int64_t n, loom_a8k *y) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (int64_t b = 0; b < n / QKK; b++, x += QKK) {
        __m256 m = _mm256_setzero_ps();
        for (int k = 0; k < QKK; k += 8) m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(x + k), magnitude));
        float largest = hmax(m);
        if (loom_a8_negligible(largest)) {
            memset(&y[b], 0, sizeof(y[b]));
            continue;
        }
        // The scalar conversion's scale comes from the first value of largest magnitude.
        float signed_largest = 0;
        for (int k = 0; k < QKK; k += 8) {
            __m256 v = _mm256_loadu_ps(x + k);
            int hits = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_and_ps(v, magnitude), _mm256_set1_ps(largest), _CMP_EQ_OQ));
            if (hits) {
                signed_largest = x[k + __builtin_ctz((unsigned)hits)];
                break;
            }
        }
        float inverse = -127.0f / signed_largest;
        __m256 scale = _mm256_set1_ps(inverse);
        for (int k = 0; k < QKK; k += 32) {
            __m256i q[4];
            for (int j = 0; j < 4; j++) q[j] = round_q8(_mm256_mul_ps(_mm256_loadu_ps(x + k + 8 * j), scale));
            _mm256_storeu_si256((__m256i *)(y[b].qs + k), pack_q8(q[0], q[1], q[2], q[3]));
            y[b].sums[k / 16] = (int16_t)hsum_i32(_mm256_add_epi32(q[0], q[1]));
            y[b].sums[k / 16 + 1] = (int16_t)hsum_i32(_mm256_add_epi32(q[2], q[3]));
        }
        y[b].d = 1 / inverse;
    }
}
#endif
