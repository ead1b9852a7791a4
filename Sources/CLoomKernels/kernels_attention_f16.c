// Causal attention over a half-precision key/value cache (llama.cpp's default cache type), and
// the float → half conversion that fills it, portable and AVX2+FMA+F16C.
//
// The portable kernels give the same bits as the AVX2 ones; both follow the order below.
//   q · k      four chains of 8 lanes over each 32 values (lane l of chain c takes values
//              32j + 8c + l, fused multiply-adds in j order); then chains 0+2 and 1+3, those two
//              summed; lanes l and l+4 summed; then (0+1) + (2+3). Values past the last whole 32
//              are added one product at a time in double precision, as ggml_vec_dot_f16 does.
//   softmax    scores scaled, the largest subtracted, expf, summed in position order; each
//              score then multiplied by 1 / sum.
//   Σ p v      each output value its own fused multiply-add chain over positions in order.
#include "kernels_internal.h"
#include <math.h>
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_avx2.h"
#endif

static float dot_half_scalar(const float *q, const uint16_t *k, int64_t n) {
    float lanes[4][8] = {{0}};
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 8; l++) {
                lanes[c][l] = fmaf(q[i + 8 * c + l], loom_half_to_float(k[i + 8 * c + l]), lanes[c][l]);
            }
        }
    }
    float folded[8];
    for (int l = 0; l < 8; l++) folded[l] = (lanes[0][l] + lanes[2][l]) + (lanes[1][l] + lanes[3][l]);
    float quarter[4];
    for (int l = 0; l < 4; l++) quarter[l] = folded[l] + folded[l + 4];
    double sum = (quarter[0] + quarter[1]) + (quarter[2] + quarter[3]);
    for (; i < n; i++) {
        float product = q[i] * loom_half_to_float(k[i]);
        sum += product;
    }
    return (float)sum;
}

/// Turns `scores[0 ..< positions]` (already scaled) into softmax weights.
static void softmax(float *scores, int64_t positions) {
    float largest = -INFINITY;
    for (int64_t t = 0; t < positions; t++) {
        if (scores[t] > largest) largest = scores[t];
    }
    float total = 0;
    for (int64_t t = 0; t < positions; t++) {
        scores[t] = expf(scores[t] - largest);
        total += scores[t];
    }
    float inverse = 1 / total;
    for (int64_t t = 0; t < positions; t++) scores[t] *= inverse;
}

static void loom_attend_f16_scalar(
    const float *q, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scores, float *out) {
    for (int64_t t = 0; t < positions; t++) scores[t] = dot_half_scalar(q, keys + t * stride, head_size) * scale;
    softmax(scores, positions);
    for (int64_t i = 0; i < head_size; i++) out[i] = 0;
    for (int64_t t = 0; t < positions; t++) {
        const uint16_t *v = values + t * stride;
        for (int64_t i = 0; i < head_size; i++) out[i] = fmaf(scores[t], loom_half_to_float(v[i]), out[i]);
    }
}

static void loom_halves_scalar(const float *x, int64_t n, uint16_t *out) {
    for (int64_t i = 0; i < n; i++) out[i] = loom_float_to_half(x[i]);
}

#if defined(__x86_64__) || defined(_M_X64)
LOOM_AVX2 LOOM_INLINE static inline __m256 load_halves(const uint16_t *h) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)h));
}

LOOM_AVX2 static inline float dot_half_avx2(const float *q, const uint16_t *k, int64_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), load_halves(k + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 8), load_halves(k + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 16), load_halves(k + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 24), load_halves(k + i + 24), s3);
    }
    s0 = _mm256_add_ps(_mm256_add_ps(s0, s2), _mm256_add_ps(s1, s3));
    __m128 quarter = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    __m128 pairs = _mm_hadd_ps(quarter, quarter);
    double sum = _mm_cvtss_f32(_mm_hadd_ps(pairs, pairs));
    for (; i < n; i++) {
        float product = q[i] * _cvtsh_ss(k[i]);
        sum += product;
    }
    return (float)sum;
}

LOOM_AVX2 static void loom_attend_f16_avx2(
    const float *q, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scores, float *out) {
    for (int64_t t = 0; t < positions; t++) scores[t] = dot_half_avx2(q, keys + t * stride, head_size) * scale;
    softmax(scores, positions);
    int64_t i = 0;
    // Eight vectors of output at a time: eight multiply-add chains in flight, each lane still
    // summed over the positions in order.
    for (; i + 64 <= head_size; i += 64) {
        __m256 sum[8];
        for (int c = 0; c < 8; c++) sum[c] = _mm256_setzero_ps();
        for (int64_t t = 0; t < positions; t++) {
            __m256 weight = _mm256_set1_ps(scores[t]);
            const uint16_t *v = values + t * stride + i;
            for (int c = 0; c < 8; c++) sum[c] = _mm256_fmadd_ps(weight, load_halves(v + 8 * c), sum[c]);
        }
        for (int c = 0; c < 8; c++) _mm256_storeu_ps(out + i + 8 * c, sum[c]);
    }
    for (; i + 8 <= head_size; i += 8) {
        __m256 sum = _mm256_setzero_ps();
        for (int64_t t = 0; t < positions; t++) {
            sum = _mm256_fmadd_ps(_mm256_set1_ps(scores[t]), load_halves(values + t * stride + i), sum);
        }
        _mm256_storeu_ps(out + i, sum);
    }
    for (; i < head_size; i++) {
        float sum = 0;
        for (int64_t t = 0; t < positions; t++) sum = fmaf(scores[t], _cvtsh_ss(values[t * stride + i]), sum);
        out[i] = sum;
    }
}

LOOM_AVX2 static void halves_avx2(const float *x, int64_t n, uint16_t *out) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(out + i), h);
    }
    for (; i < n; i++) out[i] = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
#endif

void loom_store_halves_family(int family, const float *x, int64_t n, uint16_t *out) {
#if defined(__x86_64__) || defined(_M_X64)
    if (family != LOOM_KERNELS_SCALAR && loom_avx2_available()) {
        halves_avx2(x, n, out);
        return;
    }
#endif
    (void)family;
    loom_halves_scalar(x, n, out);
}

void loom_store_halves(const float *x, int64_t n, uint16_t *out) {
    loom_store_halves_family(LOOM_KERNELS_BEST, x, n, out);
}

typedef void (*loom_attend_f16_fn)(
    const float *q, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scores, float *out);

static loom_attend_f16_fn attend_f16_kernel(int family) {
#if defined(__x86_64__) || defined(_M_X64)
    if (family != LOOM_KERNELS_SCALAR && loom_avx2_available()) return loom_attend_f16_avx2;
#endif
    (void)family;
    return loom_attend_f16_scalar;
}

void loom_attend_f16_family(
    int family, const float *q, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scores, float *out) {
    attend_f16_kernel(family)(q, keys, values, stride, head_size, positions, scale, scores, out);
}

/// The context of one pooled attention over a half-precision cache: every query head of `rows`
/// batch rows.
typedef struct {
    const float *q;
    const uint16_t *keys, *values;
    float *scores, *out;
    int64_t q_stride, kv_stride, head_size, group, rows, first_position, context, out_stride;
    float scale;
    loom_attend_f16_fn attend;
} loom_attention_f16_job;

static void loom_attention_f16_task(void *context, int64_t head) {
    const loom_attention_f16_job *job = context;
    int64_t kv_offset = (head / job->group) * job->head_size;
    float *scores = job->scores + head * job->context;
    for (int64_t row = 0; row < job->rows; row++) {
        job->attend(
            job->q + row * job->q_stride + head * job->head_size, job->keys + kv_offset,
            job->values + kv_offset, job->kv_stride, job->head_size, job->first_position + row + 1, job->scale,
            scores, job->out + row * job->out_stride + head * job->head_size);
    }
}

void loom_attention_f16(
    loom_pool *pool, const float *q, int64_t q_stride, const uint16_t *keys, const uint16_t *values,
    int64_t kv_stride, int64_t head_size, int64_t heads, int64_t kv_heads, int64_t rows, int64_t first_position,
    float *scores, int64_t context, float *out, int64_t out_stride) {
    loom_attention_f16_job job = {
        .q = q, .keys = keys, .values = values, .scores = scores, .out = out, .q_stride = q_stride,
        .kv_stride = kv_stride, .head_size = head_size, .group = heads / kv_heads, .rows = rows,
        .first_position = first_position, .context = context, .out_stride = out_stride,
        .scale = 1 / sqrtf((float)head_size), .attend = attend_f16_kernel(LOOM_KERNELS_BEST)};
    loom_pool_run(pool, heads, loom_attention_f16_task, &job);
}
