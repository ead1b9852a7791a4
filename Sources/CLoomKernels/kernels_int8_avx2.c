// The AVX2 family of int8 × int16 dot products, compiled with target attributes (no -march
// flag) and used only when the CPU reports AVX2. The int8 weights arrive widened to int16 (at
// load), so the inner loop is only loads, vpmaddwd and vpaddd: widening in registers took a
// shuffle per 16 weights on the ports the additions need. Every sum is exact, so results equal
// the scalar family's.
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_int8_internal.h"
#include <immintrin.h>

#define LOOM_I8_AVX2 __attribute__((target("avx2")))
// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_I8_INLINE __attribute__((always_inline))

int loom_i8_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

LOOM_I8_AVX2 LOOM_I8_INLINE static inline __m256i load16(const int16_t *x) {
    return _mm256_loadu_si256((const __m256i *)x);
}

/// The sum of 8 int32 lanes (exact: the caller's bound keeps every partial sum in range).
LOOM_I8_AVX2 LOOM_I8_INLINE static inline int32_t hsum(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

LOOM_I8_AVX2 static int32_t avx2_dot(int64_t n, const int16_t *w, const int16_t *x) {
    __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
    int64_t k = 0;
    for (; k + 32 <= n; k += 32) {
        a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(load16(w + k), load16(x + k)));
        a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(load16(w + k + 16), load16(x + k + 16)));
    }
    for (; k + 16 <= n; k += 16) a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(load16(w + k), load16(x + k)));
    int32_t sum = hsum(_mm256_add_epi32(a0, a1));
    for (; k < n; k++) sum += (int32_t)w[k] * (int32_t)x[k];
    return sum;
}

/// Four weight rows against two activation rows, into out0[r] and out1[r].
LOOM_I8_AVX2 LOOM_I8_INLINE static inline void dot_4x2(
    int64_t n, const int16_t *w, const int16_t *x0, const int16_t *x1, int32_t *out0, int32_t *out1) {
    const int16_t *w0 = w, *w1 = w + n, *w2 = w + 2 * n, *w3 = w + 3 * n;
    __m256i a00 = _mm256_setzero_si256(), a01 = _mm256_setzero_si256();
    __m256i a10 = _mm256_setzero_si256(), a11 = _mm256_setzero_si256();
    __m256i a20 = _mm256_setzero_si256(), a21 = _mm256_setzero_si256();
    __m256i a30 = _mm256_setzero_si256(), a31 = _mm256_setzero_si256();
    int64_t k = 0;
    for (; k + 16 <= n; k += 16) {
        __m256i v0 = load16(x0 + k), v1 = load16(x1 + k);
        __m256i u = load16(w0 + k);
        a00 = _mm256_add_epi32(a00, _mm256_madd_epi16(u, v0));
        a01 = _mm256_add_epi32(a01, _mm256_madd_epi16(u, v1));
        u = load16(w1 + k);
        a10 = _mm256_add_epi32(a10, _mm256_madd_epi16(u, v0));
        a11 = _mm256_add_epi32(a11, _mm256_madd_epi16(u, v1));
        u = load16(w2 + k);
        a20 = _mm256_add_epi32(a20, _mm256_madd_epi16(u, v0));
        a21 = _mm256_add_epi32(a21, _mm256_madd_epi16(u, v1));
        u = load16(w3 + k);
        a30 = _mm256_add_epi32(a30, _mm256_madd_epi16(u, v0));
        a31 = _mm256_add_epi32(a31, _mm256_madd_epi16(u, v1));
    }
    // Horizontal sums of four accumulators at once: pairwise adds leave, in each 128-bit half,
    // [r0 r1 r2 r3] partial sums for one activation row; adding the halves completes them.
    __m256i h0 = _mm256_hadd_epi32(_mm256_hadd_epi32(a00, a10), _mm256_hadd_epi32(a20, a30));
    __m256i h1 = _mm256_hadd_epi32(_mm256_hadd_epi32(a01, a11), _mm256_hadd_epi32(a21, a31));
    __m128i s0 = _mm_add_epi32(_mm256_castsi256_si128(h0), _mm256_extracti128_si256(h0, 1));
    __m128i s1 = _mm_add_epi32(_mm256_castsi256_si128(h1), _mm256_extracti128_si256(h1, 1));
    _mm_storeu_si128((__m128i *)out0, s0);
    _mm_storeu_si128((__m128i *)out1, s1);
    for (; k < n; k++) {
        for (int r = 0; r < 4; r++) {
            int32_t wk = w[r * n + k];
            out0[r] += wk * x0[k];
            out1[r] += wk * x1[k];
        }
    }
}

LOOM_I8_AVX2 static void avx2_dot_rows_x2(
    int64_t n, const int16_t *w, int64_t rows, const int16_t *x, int32_t *out0, int32_t *out1) {
    for (int64_t r = 0; r + 4 <= rows; r += 4) dot_4x2(n, w + r * n, x, x + n, out0 + r, out1 + r);
}

const loom_i8_family loom_i8_avx2 = {"avx2", avx2_dot, avx2_dot_rows_x2};
#endif
