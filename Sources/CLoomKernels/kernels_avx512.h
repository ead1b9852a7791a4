// Helpers shared by the AVX-512 kernel files (x86-64 only), used only when the CPU has AVX-512
// F, BW, VL and VNNI besides AVX2, FMA and F16C.
//
// The rule of every AVX-512 kernel: the same bits as the AVX2 kernel it replaces. Integer block
// sums are exact, so they may be computed two blocks (or two tokens) per 512-bit register, in any
// order; every float operation (the scale products, the fused multiply-adds into the
// accumulators, the final horizontal sums) is the AVX2 kernel's own, lane for lane: a 512-bit
// float vector holds two of the AVX2 kernel's 256-bit vectors side by side, or the float part
// runs on 256-bit halves.
//
// Adding kernels from another file: define `void loom_avx512_<what>_table(loom_kernel_table *)`
// there (its functions under LOOM_AVX512), declare it below and call it from loom_avx512_table
// in kernels_avx512.c: one line each.
#ifndef LOOM_KERNELS_AVX512_H
#define LOOM_KERNELS_AVX512_H

#include "kernels_avx2.h"

#define LOOM_AVX512 __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni")))

/// Two 32-byte blocks in one register: `a` in the lower half, `b` in the upper.
LOOM_AVX512 LOOM_INLINE static inline __m512i pair_blocks(const void *a, const void *b) {
    return _mm512_inserti64x4(
        _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)a)), _mm256_loadu_si256((const __m256i *)b), 1);
}

/// The upper eight floats of a 512-bit vector.
LOOM_AVX512 LOOM_INLINE static inline __m256 upper_floats(__m512 v) {
    return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
}

/// Lanes (0, 1) of the result hold a's and b's sums of lanes (0 + 2), lanes (2, 3) their sums of
/// lanes (1 + 3), in each 128-bit quarter.
LOOM_AVX512 LOOM_INLINE static inline __m512i fold32x2(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_unpacklo_epi32(a, b), _mm512_unpackhi_epi32(a, b));
}

/// Two fold32x2 results folded again: in each 256-bit half, lanes (t, t + 4) hold the sums of
/// the lower and upper 128 bits of that half of input t, t < 4.
LOOM_AVX512 LOOM_INLINE static inline __m512i fold64x2(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
}

/// Fills the Q5_0 and Q8_0 entries of an AVX-512 table (kernels_avx512_q0.c).
void loom_avx512_q0_table(loom_kernel_table *table);

/// Fills the k-quant entries (Q4_K, Q5_K, Q6_K) of an AVX-512 table (kernels_avx512_k.c).
void loom_avx512_k_table(loom_kernel_table *table);

#endif
