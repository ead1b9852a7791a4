// Causal attention over a float key/value cache, one query head at a time, portable and
// AVX2+FMA; loom_attention hands the heads to a pool. A head's result depends only on its own
// inputs, so it is the same bits whichever thread computes it.
#include "kernels_internal.h"
#include <math.h>
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif

float loom_attention_softmax(float *scores, int64_t positions, float largest) {
    float total = 0;
    for (int64_t t = 0; t < positions; t++) {
        scores[t] = expf(scores[t] - largest);
        total += scores[t];
    }
    return 1 / total;
}

void loom_attend_scalar(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out) {
    // Separate multiplies and adds on every CPU: arm64 compilers would otherwise fuse them
    // (x86-64's baseline cannot), and the same heads would give other bits there.
#pragma STDC FP_CONTRACT OFF
    float largest = -INFINITY;
    for (int64_t t = 0; t < positions; t++) {
        const float *k = keys + t * stride;
        float dot = 0;
        for (int64_t i = 0; i < head_size; i++) dot += q[i] * k[i];
        scores[t] = dot * scale;
        if (scores[t] > largest) largest = scores[t];
    }
    float inverse = loom_attention_softmax(scores, positions, largest);
    for (int64_t i = 0; i < head_size; i++) out[i] = 0;
    for (int64_t t = 0; t < positions; t++) {
        const float *v = values + t * stride;
        float weight = scores[t] * inverse;
        for (int64_t i = 0; i < head_size; i++) out[i] += weight * v[i];
    }
}

#if defined(__x86_64__) || defined(_M_X64)
#define LOOM_AVX2 __attribute__((target("avx2,fma,f16c")))

LOOM_AVX2 static inline float attention_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// As loom_attend_scalar, eight lanes at a time; `head_size` must be a multiple of 8.
LOOM_AVX2 void loom_attend_avx2(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out) {
    float largest = -INFINITY;
    for (int64_t t = 0; t < positions; t++) {
        const float *k = keys + t * stride;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        int64_t i = 0;
        for (; i + 16 <= head_size; i += 16) {
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), _mm256_loadu_ps(k + i), a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 8), _mm256_loadu_ps(k + i + 8), a1);
        }
        if (i < head_size) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), _mm256_loadu_ps(k + i), a0);
        scores[t] = attention_hsum(_mm256_add_ps(a0, a1)) * scale;
        if (scores[t] > largest) largest = scores[t];
    }
    float inverse = loom_attention_softmax(scores, positions, largest);
    int64_t i = 0;
    // Eight lanes of output at a time: eight chains of multiply-adds in flight, each lane
    // still summed over the positions in order.
    for (; i + 64 <= head_size; i += 64) {
        __m256 sum[8];
        for (int c = 0; c < 8; c++) sum[c] = _mm256_setzero_ps();
        for (int64_t t = 0; t < positions; t++) {
            __m256 weight = _mm256_set1_ps(scores[t] * inverse);
            const float *v = values + t * stride + i;
            for (int c = 0; c < 8; c++) sum[c] = _mm256_fmadd_ps(weight, _mm256_loadu_ps(v + 8 * c), sum[c]);
        }
        for (int c = 0; c < 8; c++) _mm256_storeu_ps(out + i + 8 * c, sum[c]);
    }
    for (; i < head_size; i += 8) {
        __m256 sum = _mm256_setzero_ps();
        for (int64_t t = 0; t < positions; t++) {
            sum = _mm256_fmadd_ps(_mm256_set1_ps(scores[t] * inverse), _mm256_loadu_ps(values + t * stride + i), sum);
        }
        _mm256_storeu_ps(out + i, sum);
    }
}
#endif

static void loom_attention_pool_task(void *context, int64_t task) {
    const loom_attention_job *job = context;
    job->run(job, task);
}

void loom_attention_run(loom_pool *pool, const loom_attention_job *job, int64_t tasks) {
    loom_pool_run(pool, tasks, loom_attention_pool_task, (void *)job);
}

/// Task `head`: one query head of every row (each head has its own row of scores).
static void loom_attention_head(const loom_attention_job *job, int64_t head) {
    int64_t kv_offset = (head / job->group) * job->head_size;
    float *scores = job->scores + head * job->context;
    loom_attend_fn attend = (loom_attend_fn)job->kernel;
    for (int64_t row = 0; row < job->rows; row++) {
        attend(
            job->q + row * job->q_stride + head * job->head_size, (const float *)job->keys + kv_offset,
            (const float *)job->values + kv_offset, job->kv_stride, job->head_size, job->first_position + row + 1,
            job->scale, scores, job->out + row * job->out_stride + head * job->head_size);
    }
}

void loom_attention(
    loom_pool *pool, const float *q, int64_t q_stride, const float *keys, const float *values, int64_t kv_stride,
    int64_t head_size, int64_t heads, int64_t kv_heads, int64_t rows, int64_t first_position, float *scores,
    int64_t context, float *out, int64_t out_stride) {
    loom_attention_job job = {
        .q = q, .keys = keys, .values = values, .scores = scores, .out = out, .q_stride = q_stride,
        .kv_stride = kv_stride, .head_size = head_size, .group = heads / kv_heads, .kv_heads = kv_heads,
        .rows = rows, .first_position = first_position, .context = context, .out_stride = out_stride,
        .scale = 1 / sqrtf((float)head_size), .kernel = (void (*)(void))loom_attend_kernel(head_size),
        .run = loom_attention_head};
    loom_attention_run(pool, &job, heads);
}
