// AVX2 + FMA float32 kernels: the matrix-vector products of llama2.c checkpoints (and F32 GGUF
// tensors), which read 4 bytes a weight and so are limited by memory and by the chains of
// multiply-adds, not by arithmetic.
//
// Both kernels here sum one row in the same order, so a row's result has the same bits
// whichever kernel (one token, four tokens) and whichever thread computes it:
//   - the row is read in pairs of 8-float chunks; the first chunk of each pair is added into
//     accumulator A, the second into B, each by a fused multiply-add;
//   - a last lone chunk of 8 goes into A;
//   - the result is hsum(A + B), then the last n % 8 products are added one by one (fused).
// Two chains of multiply-adds keep up with memory (measured: as fast as four on the stories15M
// shape); more would only help a matrix already in cache. So would AVX-512: a 16-lane
// accumulator whose halves are A and B gives these bits, but it measured no faster on one
// token (stories15M/42M-shaped products, thread CPU time, best of 60: 1.65 against 1.56 ms a
// token, 4.66 against 4.59), so there is none for one token; the four-token kernel of prompt
// batches, bound by arithmetic rather than memory, was not tried. That kernel keeps eight
// accumulators in registers and loads each weight chunk once for four tokens.
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx2.h"

/// The scalar tail of one row: products i ..< n added to `sum` in order.
LOOM_AVX2 LOOM_INLINE static inline float f32_tail(const float *w, const float *x, int64_t i, int64_t n, float sum) {
    for (; i < n; i++) sum = __builtin_fmaf(w[i], x[i], sum);
    return sum;
}

LOOM_AVX2 static float dot_f32(int64_t n, const void *weights, const void *activation) {
    const float *w = weights, *x = activation;
    __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a);
        b = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), b);
    }
    if (i + 8 <= n) {
        a = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a);
        i += 8;
    }
    return f32_tail(w, x, i, n, hsum(_mm256_add_ps(a, b)));
}

/// One row against four activation rows `stride` bytes apart, into out[0..3].
LOOM_AVX2 static void dot4_f32(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    const float *w = weights;
    const float *x0 = activation;
    const float *x1 = (const float *)((const char *)activation + stride);
    const float *x2 = (const float *)((const char *)activation + 2 * stride);
    const float *x3 = (const float *)((const char *)activation + 3 * stride);
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 wa = _mm256_loadu_ps(w + i), wb = _mm256_loadu_ps(w + i + 8);
        a0 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x0 + i), a0);
        a1 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x1 + i), a1);
        a2 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x2 + i), a2);
        a3 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x3 + i), a3);
        b0 = _mm256_fmadd_ps(wb, _mm256_loadu_ps(x0 + i + 8), b0);
        b1 = _mm256_fmadd_ps(wb, _mm256_loadu_ps(x1 + i + 8), b1);
        b2 = _mm256_fmadd_ps(wb, _mm256_loadu_ps(x2 + i + 8), b2);
        b3 = _mm256_fmadd_ps(wb, _mm256_loadu_ps(x3 + i + 8), b3);
    }
    if (i + 8 <= n) {
        __m256 wa = _mm256_loadu_ps(w + i);
        a0 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x0 + i), a0);
        a1 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x1 + i), a1);
        a2 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x2 + i), a2);
        a3 = _mm256_fmadd_ps(wa, _mm256_loadu_ps(x3 + i), a3);
        i += 8;
    }
    out[0] = f32_tail(w, x0, i, n, hsum(_mm256_add_ps(a0, b0)));
    out[1] = f32_tail(w, x1, i, n, hsum(_mm256_add_ps(a1, b1)));
    out[2] = f32_tail(w, x2, i, n, hsum(_mm256_add_ps(a2, b2)));
    out[3] = f32_tail(w, x3, i, n, hsum(_mm256_add_ps(a3, b3)));
}

void loom_avx2_f32_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_F32] = dot_f32;
    table->dot4[LOOM_TYPE_F32] = dot4_f32;
}
#endif
