// The float steps of an integer encoder: quantising activations, layer normalisation, GELU
// and the attention of one sequence. Branch-free loops the compiler can vectorise, with no
// contraction into fused multiply-adds and no reordered sums, so every element is the same
// chain of IEEE operations whatever the vector width: quantisation, GELU and attention are
// compiled twice (for the baseline and, on x86-64, with AVX2 but without FMA) and both give
// the same bits.
#include "kernels_int8_internal.h"
#include "kernels_int8_math.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) || defined(_M_X64)
#define LOOM_I8_HAS_AVX2 1
#define LOOM_I8_AVX2_ONLY __attribute__((target("avx2")))
#else
#define LOOM_I8_HAS_AVX2 0
#endif

/// Σ x[k] (squares = 0) or Σ (x[k] - mean)² (squares = 1): eight partial sums in a fixed
/// order, so the compiler may keep them in vector lanes without changing the result.
static inline float sum8(const float *x, int64_t n, float mean, int squares) {
    float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t k = 0;
    for (; k + 8 <= n; k += 8) {
        for (int l = 0; l < 8; l++) {
            float v = x[k + l] - mean;
            part[l] += squares ? v * v : v;
        }
    }
    float total = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
    for (; k < n; k++) {
        float v = x[k] - mean;
        total += squares ? v * v : v;
    }
    return total;
}

void loom_i8_layer_norm(
    float *x, const float *residual, int64_t count, int64_t n, const float *weight, const float *bias,
    float epsilon) {
    for (int64_t t = 0; t < count; t++, x += n) {
        if (residual) {
            const float *add = residual + t * n;
            for (int64_t k = 0; k < n; k++) x[k] += add[k];
        }
        float mean = sum8(x, n, 0.0f, 0) / (float)n;
        float squares = sum8(x, n, mean, 1);
        float inverse = 1.0f / sqrtf(squares / (float)n + epsilon);
        for (int64_t k = 0; k < n; k++) x[k] = (x[k] - mean) * inverse * weight[k] + bias[k];
    }
}

LOOM_I8_BODY void attention_body(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    int64_t hidden = heads * size, row = 3 * hidden;
    float scale = 1.0f / sqrtf((float)size);
    // Per head: the keys transposed (size × length) and the values (length × size) gathered
    // contiguously, so the loops below run along memory; each score still sums over d in order.
    float *keys = scratch, *values = scratch + length * size, *scores = scratch + 2 * length * size;
    for (int64_t h = 0; h < heads; h++) {
        for (int64_t j = 0; j < length; j++) {
            const float *k = qkv + j * row + hidden + h * size;
            const float *v = qkv + j * row + 2 * hidden + h * size;
            for (int64_t d = 0; d < size; d++) {
                keys[d * length + j] = k[d];
                values[j * size + d] = v[d];
            }
        }
        for (int64_t i = 0; i < length; i++) {
            const float *q = qkv + i * row + h * size;
            for (int64_t j = 0; j < length; j++) scores[j] = 0;
            for (int64_t d = 0; d < size; d++) {
                float qd = q[d];
                const float *kd = keys + d * length;
                for (int64_t j = 0; j < length; j++) scores[j] += qd * kd[j];
            }
            float largest = -INFINITY;
            for (int64_t j = 0; j < length; j++) {
                scores[j] *= scale;
                largest = scores[j] > largest ? scores[j] : largest;
            }
            float total = 0;
            for (int64_t j = 0; j < length; j++) {
                scores[j] = loom_i8_fast_exp(scores[j] - largest);
                total += scores[j];
            }
            float inverse = 1.0f / total;
            float *out = context + i * hidden + h * size;
            for (int64_t d = 0; d < size; d++) out[d] = 0;
            for (int64_t j = 0; j < length; j++) {
                const float *v = values + j * size;
                float p = scores[j] * inverse;
                for (int64_t d = 0; d < size; d++) out[d] += p * v[d];
            }
        }
    }
}

/// Eight floats operated on lane by lane.
typedef float loom_i8_v8 __attribute__((vector_size(32)));

/// The longest sequence attention_short_body takes, and the widest head.
#define LOOM_I8_SHORT_LENGTH 16
#define LOOM_I8_SHORT_SIZE 64

/// attention_body for at most 16 tokens and heads of at most 64 values, with the same
/// operations on every element in the same order (so the same bits), arranged for short
/// sequences: a query's scores are 16 lanes held in registers (the lanes past `length` are
/// computed from zero keys and never read), the keys of one head gathered once into a
/// 16-wide transposed block on the stack, and the context accumulated in registers while the
/// values are read straight from `qkv`. Called with a constant `size`, the loops over it unroll.
LOOM_I8_BODY void attention_short_body(
    const float *restrict qkv, int64_t length, int64_t heads, int64_t size, float *restrict context) {
    enum { L = LOOM_I8_SHORT_LENGTH };
    int64_t hidden = heads * size, row = 3 * hidden;
    float scale = 1.0f / sqrtf((float)size);
    float keys[LOOM_I8_SHORT_SIZE * L];
    for (int64_t h = 0; h < heads; h++) {
        for (int64_t j = 0; j < length; j++) {
            const float *k = qkv + j * row + hidden + h * size;
            for (int64_t d = 0; d < size; d++) keys[d * L + j] = k[d];
        }
        for (int64_t j = length; j < L; j++) {
            for (int64_t d = 0; d < size; d++) keys[d * L + j] = 0;
        }
        for (int64_t i = 0; i < length; i++) {
            const float *q = qkv + i * row + h * size;
            // Two 8-lane vectors (clang's vector extension: two SSE registers in the baseline
            // build, one AVX register each in the AVX2 build; the same operation per lane).
            loom_i8_v8 low = {0, 0, 0, 0, 0, 0, 0, 0}, high = low;
            for (int64_t d = 0; d < size; d++) {
                float qd = q[d];
                loom_i8_v8 k0, k1;
                memcpy(&k0, keys + d * L, sizeof k0);
                memcpy(&k1, keys + d * L + 8, sizeof k1);
                low = low + qd * k0;
                high = high + qd * k1;
            }
            float scores[L];
            memcpy(scores, &low, sizeof low);
            memcpy(scores + 8, &high, sizeof high);
            float largest = -INFINITY;
            for (int j = 0; j < L; j++) {
                scores[j] *= scale;
                float v = j < length ? scores[j] : -INFINITY;
                largest = v > largest ? v : largest;
            }
            for (int j = 0; j < L; j++) scores[j] = loom_i8_fast_exp(scores[j] - largest);
            float total = 0;
            for (int64_t j = 0; j < length; j++) total += scores[j];
            float inverse = 1.0f / total;
            float out[LOOM_I8_SHORT_SIZE];
            for (int64_t d = 0; d < size; d++) out[d] = 0;
            for (int64_t j = 0; j < length; j++) {
                const float *v = qkv + j * row + 2 * hidden + h * size;
                float p = scores[j] * inverse;
                for (int64_t d = 0; d < size; d++) out[d] += p * v[d];
            }
            float *target = context + i * hidden + h * size;
            for (int64_t d = 0; d < size; d++) target[d] = out[d];
        }
    }
}

/// Attention of one sequence: the short form when it fits (with the common head size of 32
/// as a constant), the general one otherwise.
LOOM_I8_BODY void attention_any_body(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    if (length <= LOOM_I8_SHORT_LENGTH && size == 32) {
        attention_short_body(qkv, length, heads, 32, context);
    } else if (length <= LOOM_I8_SHORT_LENGTH && size <= LOOM_I8_SHORT_SIZE) {
        attention_short_body(qkv, length, heads, size, context);
    } else {
        attention_body(qkv, length, heads, size, context, scratch);
    }
}

/// v rounded to the nearest integer, ties to even, for |v| < 2^22 (as kernels_int8.c's
/// round_small: adding and removing 1.5·2^23 leaves no fraction bits).
LOOM_I8_BODY float round_small(float v) {
    const float shifter = 12582912.0f;
    return (v + shifter) - shifter;
}

/// The largest |x[k]·c[k]| (c may be NULL) over n: eight running maxima, so the loop runs in
/// vector lanes. A maximum is exact, so the order does not change the result.
LOOM_I8_BODY float largest_magnitude(const float *x, const float *c, int64_t n) {
    float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t k = 0;
    for (; k + 8 <= n; k += 8) {
        for (int l = 0; l < 8; l++) {
            float v = fabsf(c ? x[k + l] * c[k + l] : x[k + l]);
            part[l] = v > part[l] ? v : part[l];
        }
    }
    float largest = 0;
    for (int l = 0; l < 8; l++) largest = part[l] > largest ? part[l] : largest;
    for (; k < n; k++) {
        float v = fabsf(c ? x[k] * c[k] : x[k]);
        largest = v > largest ? v : largest;
    }
    return largest;
}

LOOM_I8_BODY void quantize_body(
    const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales) {
    float limit = (float)loom_i8_activation_limit(n);
    for (int64_t t = 0; t < count; t++, x += stride, q += n) {
        float largest = largest_magnitude(x, column_scales, n);
        float inverse = largest > 0 ? limit / largest : 0.0f;
        if (column_scales) {
            for (int64_t k = 0; k < n; k++) {
                float v = round_small((x[k] * column_scales[k]) * inverse);
                q[k] = (int16_t)(v > limit ? limit : (v < -limit ? -limit : v));
            }
        } else {
            for (int64_t k = 0; k < n; k++) {
                float v = round_small(x[k] * inverse);
                q[k] = (int16_t)(v > limit ? limit : (v < -limit ? -limit : v));
            }
        }
        scales[t] = largest / limit;
    }
}

static void quantize_base(
    const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales) {
    quantize_body(x, count, n, stride, column_scales, q, scales);
}

void loom_i8_gelu_base(float *x, int64_t count) { loom_i8_gelu_body(x, count); }

static void attention_base(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    attention_any_body(qkv, length, heads, size, context, scratch);
}

static void attention_general_base(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    attention_body(qkv, length, heads, size, context, scratch);
}

#if LOOM_I8_HAS_AVX2
LOOM_I8_AVX2_ONLY static void quantize_avx2(
    const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales) {
    quantize_body(x, count, n, stride, column_scales, q, scales);
}

LOOM_I8_AVX2_ONLY static void gelu_avx2(float *x, int64_t count) { loom_i8_gelu_body(x, count); }

LOOM_I8_AVX2_ONLY static void attention_avx2(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    attention_any_body(qkv, length, heads, size, context, scratch);
}

LOOM_I8_AVX2_ONLY static void attention_general_avx2(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    attention_body(qkv, length, heads, size, context, scratch);
}
#endif

#if LOOM_I8_HAS_AVX2
/// Whether `family` runs the AVX2 build of the float steps.
static int use_avx2(int family) {
    static int available = -1;
    int known = __atomic_load_n(&available, __ATOMIC_RELAXED);
    if (known < 0) {
        known = loom_i8_avx2_available();
        __atomic_store_n(&available, known, __ATOMIC_RELAXED);
    }
    return family != LOOM_I8_SCALAR && known;
}
#endif

void loom_i8_quantize_activations_family(
    int family, const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales) {
#if LOOM_I8_HAS_AVX2
    if (use_avx2(family)) {
        quantize_avx2(x, count, n, stride, column_scales, q, scales);
        return;
    }
#else
    (void)family;
#endif
    quantize_base(x, count, n, stride, column_scales, q, scales);
}

void loom_i8_quantize_activations(
    const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales) {
    loom_i8_quantize_activations_family(LOOM_I8_BEST, x, count, n, stride, column_scales, q, scales);
}

void loom_i8_gelu_family(int family, float *x, int64_t count) {
#if LOOM_I8_HAS_AVX2
    if (use_avx2(family)) {
        gelu_avx2(x, count);
        return;
    }
#else
    (void)family;
#endif
    loom_i8_gelu_base(x, count);
}

void loom_i8_gelu(float *x, int64_t count) { loom_i8_gelu_family(LOOM_I8_BEST, x, count); }

void loom_i8_attention_family(
    int family, const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
#if LOOM_I8_HAS_AVX2
    if (use_avx2(family)) {
        attention_avx2(qkv, length, heads, size, context, scratch);
        return;
    }
#else
    (void)family;
#endif
    attention_base(qkv, length, heads, size, context, scratch);
}

void loom_i8_attention(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
    loom_i8_attention_family(LOOM_I8_BEST, qkv, length, heads, size, context, scratch);
}

void loom_i8_attention_general_family(
    int family, const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch) {
#if LOOM_I8_HAS_AVX2
    if (use_avx2(family)) {
        attention_general_avx2(qkv, length, heads, size, context, scratch);
        return;
    }
#else
    (void)family;
#endif
    attention_general_base(qkv, length, heads, size, context, scratch);
}
