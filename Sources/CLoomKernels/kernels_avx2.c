// AVX2 + FMA + F16C kernels, compiled with target attributes (no -march flag), used only when
// the CPU reports all three. Each block's integer sum is exact, as in the scalar kernels; only
// the order of the float additions across blocks differs.
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_internal.h"
#include <immintrin.h>

#define LOOM_AVX2 __attribute__((target("avx2,fma,f16c")))
// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_INLINE __attribute__((always_inline))

// Half to float with F16C.
LOOM_AVX2 LOOM_INLINE static inline float half(uint16_t bits) { return _cvtsh_ss(bits); }

int loom_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

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

LOOM_AVX2 static float dot_f32(int64_t n, const void *weights, const void *activation) {
    const float *w = weights, *x = activation;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 16), _mm256_loadu_ps(x + i + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 24), _mm256_loadu_ps(x + i + 24), a3);
    }
    for (; i + 8 <= n; i += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
    float sum = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < n; i++) sum += w[i] * x[i];
    return sum;
}

LOOM_AVX2 static float dot_f16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i)));
        __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i + 8)));
        a0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + i + 8), a1);
    }
    for (; i + 8 <= n; i += 8) {
        a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i))), _mm256_loadu_ps(x + i), a0);
    }
    float sum = hsum(_mm256_add_ps(a0, a1));
    for (; i < n; i++) sum += half(w[i]) * x[i];
    return sum;
}

LOOM_AVX2 static float dot_bf16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    __m256 a0 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(w + i)));
        __m256 values = _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
        a0 = _mm256_fmadd_ps(values, _mm256_loadu_ps(x + i), a0);
    }
    float sum = hsum(a0);
    for (; i < n; i++) {
        uint32_t bits = (uint32_t)w[i] << 16;
        float value;
        memcpy(&value, &bits, 4);
        sum += value * x[i];
    }
    return sum;
}

LOOM_AVX2 static float dot_q4_0(int64_t n, const void *weights, const void *activation) {
    const loom_q4_0 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++) {
        float d = half(w[b].d);
        __m256i p = dot_u8_i8(nibbles(w[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        p = _mm256_sub_epi32(p, _mm256_setr_epi32(8 * y[b].sum, 0, 0, 0, 0, 0, 0, 0));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d * y[b].d), _mm256_cvtepi32_ps(p), acc);
    }
    return hsum(acc);
}

LOOM_AVX2 static float dot_q4_1(int64_t n, const void *weights, const void *activation) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y = activation;
    // Two blocks a step into two accumulators, so the multiply-adds do not wait on each other.
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    float minimums0 = 0, minimums1 = 0;
    int64_t blocks = n / QK, b = 0;
    for (; b + 2 <= blocks; b += 2) {
        __m256i p0 = dot_u8_i8(nibbles(w[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        __m256i p1 = dot_u8_i8(nibbles(w[b + 1].qs), _mm256_loadu_si256((const __m256i *)y[b + 1].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1);
        minimums0 += half(w[b].m) * y[b].s;
        minimums1 += half(w[b + 1].m) * y[b + 1].s;
    }
    for (; b < blocks; b++) {
        __m256i p = dot_u8_i8(nibbles(w[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(p), acc0);
        minimums0 += half(w[b].m) * y[b].s;
    }
    return hsum(_mm256_add_ps(acc0, acc1)) + (minimums0 + minimums1);
}

/// One Q4_1 row against four activation rows (`stride` bytes apart): each weight block is
/// unpacked once for all four. Each result is summed exactly as dot_q4_1 sums it.
LOOM_AVX2 static void dot4_q4_1(int64_t n, const void *weights, const void *activation, size_t stride, float *out) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y[4];
    for (int t = 0; t < 4; t++) y[t] = (const loom_a8 *)((const char *)activation + t * stride);
    __m256 acc0[4], acc1[4];
    float minimums0[4] = {0}, minimums1[4] = {0};
    for (int t = 0; t < 4; t++) acc0[t] = acc1[t] = _mm256_setzero_ps();
    int64_t blocks = n / QK, b = 0;
    for (; b + 2 <= blocks; b += 2) {
        __m256i q0 = nibbles(w[b].qs), q1 = nibbles(w[b + 1].qs);
        float d0 = half(w[b].d), d1 = half(w[b + 1].d), m0 = half(w[b].m), m1 = half(w[b + 1].m);
        for (int t = 0; t < 4; t++) {
            __m256i p0 = dot_u8_i8(q0, _mm256_loadu_si256((const __m256i *)y[t][b].qs));
            __m256i p1 = dot_u8_i8(q1, _mm256_loadu_si256((const __m256i *)y[t][b + 1].qs));
            acc0[t] = _mm256_fmadd_ps(_mm256_set1_ps(d0 * y[t][b].d), _mm256_cvtepi32_ps(p0), acc0[t]);
            acc1[t] = _mm256_fmadd_ps(_mm256_set1_ps(d1 * y[t][b + 1].d), _mm256_cvtepi32_ps(p1), acc1[t]);
            minimums0[t] += m0 * y[t][b].s;
            minimums1[t] += m1 * y[t][b + 1].s;
        }
    }
    for (; b < blocks; b++) {
        __m256i q = nibbles(w[b].qs);
        float d = half(w[b].d), m = half(w[b].m);
        for (int t = 0; t < 4; t++) {
            __m256i p = dot_u8_i8(q, _mm256_loadu_si256((const __m256i *)y[t][b].qs));
            acc0[t] = _mm256_fmadd_ps(_mm256_set1_ps(d * y[t][b].d), _mm256_cvtepi32_ps(p), acc0[t]);
            minimums0[t] += m * y[t][b].s;
        }
    }
    for (int t = 0; t < 4; t++) out[t] = hsum(_mm256_add_ps(acc0[t], acc1[t])) + (minimums0[t] + minimums1[t]);
}

LOOM_AVX2 static float dot_q5_0(int64_t n, const void *weights, const void *activation) {
    const loom_q5_0 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = 0; b < n / QK; b++) {
        float d = half(w[b].d);
        __m256i q = _mm256_or_si256(nibbles(w[b].qs), fifth_bits(w[b].qh));
        __m256i p = dot_u8_i8(q, _mm256_loadu_si256((const __m256i *)y[b].qs));
        p = _mm256_sub_epi32(p, _mm256_setr_epi32(16 * y[b].sum, 0, 0, 0, 0, 0, 0, 0));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d * y[b].d), _mm256_cvtepi32_ps(p), acc);
    }
    return hsum(acc);
}

LOOM_AVX2 static float dot_q5_1(int64_t n, const void *weights, const void *activation) {
    const loom_q5_1 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc = _mm256_setzero_ps();
    float minimums = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        __m256i q = _mm256_or_si256(nibbles(w[b].qs), fifth_bits(w[b].qh));
        __m256i p = dot_u8_i8(q, _mm256_loadu_si256((const __m256i *)y[b].qs));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(p), acc);
        minimums += half(w[b].m) * y[b].s;
    }
    return hsum(acc) + minimums;
}

LOOM_AVX2 LOOM_INLINE static inline __m256 q8_0_block(const loom_q8_0 *w, const loom_a8 *y, __m256 acc) {
    __m256i qw = _mm256_loadu_si256((const __m256i *)w->qs);
    __m256i qy = _mm256_loadu_si256((const __m256i *)y->qs);
    __m256i p = dot_u8_i8(_mm256_sign_epi8(qw, qw), _mm256_sign_epi8(qy, qw));
    return _mm256_fmadd_ps(_mm256_set1_ps(half(w->d) * y->d), _mm256_cvtepi32_ps(p), acc);
}

LOOM_AVX2 static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    const loom_q8_0 *w = weights;
    const loom_a8 *y = activation;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t blocks = n / QK, b = 0;
    for (; b + 2 <= blocks; b += 2) {
        acc0 = q8_0_block(&w[b], &y[b], acc0);
        acc1 = q8_0_block(&w[b + 1], &y[b + 1], acc1);
    }
    if (b < blocks) acc0 = q8_0_block(&w[b], &y[b], acc0);
    return hsum(_mm256_add_ps(acc0, acc1));
}

/// Σ minimum_j · (sum of sub-block j's activations) of a Q4_K/Q5_K block, and its 8 scales.
static inline int k4_scales(const uint8_t *packed, const int16_t *sums, int16_t *scales) {
    int minimums = 0;
    for (int j = 0; j < 8; j++) {
        uint8_t scale, minimum;
        loom_scale_min_k4(j, packed, &scale, &minimum);
        scales[j] = scale;
        minimums += minimum * (sums[2 * j] + sums[2 * j + 1]);
    }
    return minimums;
}

LOOM_AVX2 static float dot_q4_k(int64_t n, const void *weights, const void *activation) {
    const loom_q4_k *w = weights;
    const loom_a8k *y = activation;
    __m256 acc = _mm256_setzero_ps();
    float minimums = 0;
    const __m256i low_mask = _mm256_set1_epi8(0x0F);
    for (int64_t b = 0; b < n / QKK; b++) {
        int16_t scales[8];
        int mins = k4_scales(w[b].scales, y[b].sums, scales);
        __m256i sum = _mm256_setzero_si256();
        for (int chunk = 0; chunk < 4; chunk++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(w[b].qs + 32 * chunk));
            __m256i low = _mm256_and_si256(q, low_mask);
            __m256i high = _mm256_and_si256(_mm256_srli_epi16(q, 4), low_mask);
            __m256i xl = _mm256_loadu_si256((const __m256i *)(y[b].qs + 64 * chunk));
            __m256i xh = _mm256_loadu_si256((const __m256i *)(y[b].qs + 64 * chunk + 32));
            __m256i pl = _mm256_madd_epi16(_mm256_maddubs_epi16(low, xl), _mm256_set1_epi16(scales[2 * chunk]));
            __m256i ph = _mm256_madd_epi16(_mm256_maddubs_epi16(high, xh), _mm256_set1_epi16(scales[2 * chunk + 1]));
            sum = _mm256_add_epi32(sum, _mm256_add_epi32(pl, ph));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(sum), acc);
        minimums += half(w[b].dmin) * y[b].d * (float)mins;
    }
    return hsum(acc) - minimums;
}

LOOM_AVX2 static float dot_q5_k(int64_t n, const void *weights, const void *activation) {
    const loom_q5_k *w = weights;
    const loom_a8k *y = activation;
    __m256 acc = _mm256_setzero_ps();
    float minimums = 0;
    const __m256i low_mask = _mm256_set1_epi8(0x0F);
    const __m256i one = _mm256_set1_epi8(1);
    for (int64_t b = 0; b < n / QKK; b++) {
        int16_t scales[8];
        int mins = k4_scales(w[b].scales, y[b].sums, scales);
        __m256i hbits = _mm256_loadu_si256((const __m256i *)w[b].qh);
        __m256i sum = _mm256_setzero_si256();
        for (int chunk = 0; chunk < 4; chunk++) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(w[b].qs + 32 * chunk));
            __m256i h1 = _mm256_and_si256(_mm256_srl_epi16(hbits, _mm_cvtsi32_si128(2 * chunk)), one);
            __m256i h2 = _mm256_and_si256(_mm256_srl_epi16(hbits, _mm_cvtsi32_si128(2 * chunk + 1)), one);
            __m256i low = _mm256_or_si256(_mm256_and_si256(q, low_mask), _mm256_slli_epi16(h1, 4));
            __m256i high =
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 4), low_mask), _mm256_slli_epi16(h2, 4));
            __m256i xl = _mm256_loadu_si256((const __m256i *)(y[b].qs + 64 * chunk));
            __m256i xh = _mm256_loadu_si256((const __m256i *)(y[b].qs + 64 * chunk + 32));
            __m256i pl = _mm256_madd_epi16(_mm256_maddubs_epi16(low, xl), _mm256_set1_epi16(scales[2 * chunk]));
            __m256i ph = _mm256_madd_epi16(_mm256_maddubs_epi16(high, xh), _mm256_set1_epi16(scales[2 * chunk + 1]));
            sum = _mm256_add_epi32(sum, _mm256_add_epi32(pl, ph));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(sum), acc);
        minimums += half(w[b].dmin) * y[b].d * (float)mins;
    }
    return hsum(acc) - minimums;
}

/// 16 int16 products of one 32-weight run times scales[i] (first 16 bytes) and scales[i+1].
LOOM_AVX2 LOOM_INLINE static inline __m256i q6_part(__m256i q, const int8_t *x, int8_t s0, int8_t s1) {
    __m256i p = _mm256_maddubs_epi16(q, _mm256_loadu_si256((const __m256i *)x));
    __m256i scale = _mm256_set_m128i(_mm_set1_epi16(s1), _mm_set1_epi16(s0));
    return _mm256_madd_epi16(p, scale);
}

LOOM_AVX2 static float dot_q6_k(int64_t n, const void *weights, const void *activation) {
    const loom_q6_k *w = weights;
    const loom_a8k *y = activation;
    __m256 acc = _mm256_setzero_ps();
    const __m256i low_mask = _mm256_set1_epi8(0x0F), two_bits = _mm256_set1_epi8(3);
    for (int64_t b = 0; b < n / QKK; b++) {
        __m256i sum = _mm256_setzero_si256();
        int offset = 0;
        for (int g = 0; g < 16; g++) offset += w[b].scales[g] * y[b].sums[g];
        for (int half = 0; half < 2; half++) {
            const uint8_t *ql = w[b].ql + 64 * half;
            const int8_t *s = w[b].scales + 8 * half;
            const int8_t *x = y[b].qs + 128 * half;
            __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
            __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            __m256i h = _mm256_loadu_si256((const __m256i *)(w[b].qh + 32 * half));
            __m256i q1 = _mm256_or_si256(_mm256_and_si256(l0, low_mask), _mm256_slli_epi16(_mm256_and_si256(h, two_bits), 4));
            __m256i q2 = _mm256_or_si256(
                _mm256_and_si256(l1, low_mask), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), two_bits), 4));
            __m256i q3 = _mm256_or_si256(
                _mm256_and_si256(_mm256_srli_epi16(l0, 4), low_mask),
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), two_bits), 4));
            __m256i q4 = _mm256_or_si256(
                _mm256_and_si256(_mm256_srli_epi16(l1, 4), low_mask),
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), two_bits), 4));
            sum = _mm256_add_epi32(sum, q6_part(q1, x, s[0], s[1]));
            sum = _mm256_add_epi32(sum, q6_part(q2, x + 32, s[2], s[3]));
            sum = _mm256_add_epi32(sum, q6_part(q3, x + 64, s[4], s[5]));
            sum = _mm256_add_epi32(sum, q6_part(q4, x + 96, s[6], s[7]));
        }
        sum = _mm256_sub_epi32(sum, _mm256_setr_epi32(32 * offset, 0, 0, 0, 0, 0, 0, 0));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(half(w[b].d) * y[b].d), _mm256_cvtepi32_ps(sum), acc);
    }
    return hsum(acc);
}

void loom_avx2_table(loom_kernel_table *table) {
    table->dot[LOOM_TYPE_F32] = dot_f32;
    table->dot[LOOM_TYPE_F16] = dot_f16;
    table->dot[LOOM_TYPE_BF16] = dot_bf16;
    table->dot[LOOM_TYPE_Q4_0] = dot_q4_0;
    table->dot[LOOM_TYPE_Q4_1] = dot_q4_1;
    table->dot[LOOM_TYPE_Q5_0] = dot_q5_0;
    table->dot[LOOM_TYPE_Q5_1] = dot_q5_1;
    table->dot[LOOM_TYPE_Q8_0] = dot_q8_0;
    table->dot[LOOM_TYPE_Q4_K] = dot_q4_k;
    table->dot[LOOM_TYPE_Q5_K] = dot_q5_k;
    table->dot[LOOM_TYPE_Q6_K] = dot_q6_k;
    table->dot4[LOOM_TYPE_Q4_1] = dot4_q4_1;
}
#endif
