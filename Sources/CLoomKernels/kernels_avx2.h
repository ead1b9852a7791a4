// Helpers shared by the AVX2 + FMA + F16C kernel files (x86-64 only).
#ifndef LOOM_KERNELS_AVX2_H
#define LOOM_KERNELS_AVX2_H

#include "kernels_internal.h"
#include <immintrin.h>

#define LOOM_AVX2 __attribute__((target("avx2,fma,f16c")))
// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_INLINE __attribute__((always_inline))

// Half to float with F16C.
LOOM_AVX2 LOOM_INLINE static inline float half(uint16_t bits) { return _cvtsh_ss(bits); }

LOOM_AVX2 LOOM_INLINE static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// 16 bytes of nibbles → 32 bytes: low nibbles first, then high nibbles.
LOOM_AVX2 LOOM_INLINE static inline __m256i nibbles(const uint8_t *qs) {
    __m128i packed = _mm_loadu_si128((const __m128i *)qs);
    __m256i both = _mm256_set_m128i(_mm_srli_epi16(packed, 4), packed);
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
}

/// 32 bits → 32 bytes of 0x10 (bit set) or 0.
LOOM_AVX2 LOOM_INLINE static inline __m256i fifth_bits(const uint8_t *qh) {
    uint32_t bits;
    memcpy(&bits, qh, 4);
    __m256i v = _mm256_set1_epi32((int)bits);
    const __m256i spread = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0);
    v = _mm256_shuffle_epi8(v, spread);
    const __m256i mask = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    v = _mm256_cmpeq_epi8(_mm256_and_si256(v, mask), mask);
    return _mm256_and_si256(v, _mm256_set1_epi8(0x10));
}

/// Σ unsigned(a)·signed(b) over 32 bytes, as 8 int32.
LOOM_AVX2 LOOM_INLINE static inline __m256i dot_u8_i8(__m256i a, __m256i b) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), _mm256_set1_epi16(1));
}

/// The k-quant activation rows of a kernel call: `T` (at most 8) rows `stride` bytes apart.
#define LOOM_ROWS(T, activation, stride, y)                                                  \
    const loom_a8k *y[8];                                                                     \
    for (int t = 0; t < (T); t++) y[t] = (const loom_a8k *)((const char *)(activation) + t * (stride))

/// Fills the float32 entries of an AVX2 table (kernels_avx2_f32.c).
void loom_avx2_f32_table(loom_kernel_table *table);

/// Fills the Q5_0 and Q8_0 entries of an AVX2 table.
void loom_avx2_q0_table(loom_kernel_table *table);

/// Fills the k-quant entries (Q4_K, Q5_K, Q6_K) of an AVX2 table.
void loom_avx2_k_table(loom_kernel_table *table);

#endif
