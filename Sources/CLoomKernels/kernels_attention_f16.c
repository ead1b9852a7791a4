// Causal attention over a half-precision key/value cache (llama.cpp's default cache type), and
// the float → half conversion that fills it, portable and AVX2+FMA+F16C.
//
// The order is ggml's CPU flash attention (ggml_compute_forward_flash_attn_ext_f16, one chunk:
// llama.cpp's path for batches under 64 queries and contexts under 512 positions), so the
// outputs are llama.cpp's bits there. Per query head:
//   q          rounded to half once.
//   q · k      four chains of 8 lanes over each 32 values (lane l of chain c takes values
//              32j + 8c + l, fused multiply-adds in j order); then chains 0+2 and 1+3, those two
//              summed; lanes l and l+4 summed; then (0+1) + (2+3). Values past the last whole 32
//              are added one product at a time in double precision (ggml_vec_dot_f16), then the
//              sum is multiplied by the scale.
//   online     positions in order, with a running largest score M, sum S and half-precision
//   softmax    accumulator A: a score s above M makes ms = expf(M − s), M = s, A = half(A · ms),
//              vs = 1; otherwise vs = expf(s − M), ms = 1. Then A = half(fma(v, vs, A)) value by
//              value and S = fma(S, ms, vs).
//   out        A · (1 / S).
// The portable kernel gives the AVX2 kernel's bits. The query heads that share a key/value head
// (grouped-query attention) run together, so each key and value is read once for all of them.
// The AVX2 kernel takes positions in blocks (each value still goes through the same operations
// in the same order), so that only the few scalars of the softmax wait on the last position:
// measured 2.8x faster on heads of 48 (stories15M), 1.45x on heads of 64.
#include "kernels_internal.h"
#include <math.h>
#if defined(__x86_64__) || defined(_M_X64)
#include "kernels_avx2.h"
#endif

/// Scratch floats a group kernel may use (on the caller's stack): groups are run in parts that fit.
#define LOOM_ATTENTION_SCRATCH 4096

/// Attention of `group` query heads (q + g · head_size) over one key/value head, into
/// out + g · head_size. `scratch` holds group · (2 · head_size + 2) floats.
typedef void (*loom_attend_group_f16_fn)(
    const float *q, int64_t group, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scratch, float *out);

static inline float round_half(float x) { return loom_half_to_float(loom_float_to_half(x)); }

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

/// One step of the online softmax for a head whose score at this position is `s`: updates the
/// running largest and sum, and returns the value weight vs; *rescale is ms (1 when the largest
/// stays).
static inline float online_step(float s, float *largest, float *total, float *rescale) {
    float ms = 1, vs = 1;
    if (s > *largest) {
        ms = expf(*largest - s);
        *largest = s;
    } else {
        vs = expf(s - *largest);
    }
    *total = fmaf(*total, ms, vs);
    *rescale = ms;
    return vs;
}

/// The group's rounded queries, zeroed accumulators and softmax state in `scratch`.
static void prepare_group(const float *q, int64_t group, int64_t head_size, float *scratch) {
    float *rounded = scratch, *acc = scratch + group * head_size, *state = scratch + 2 * group * head_size;
    for (int64_t i = 0; i < group * head_size; i++) {
        rounded[i] = round_half(q[i]);
        acc[i] = 0;
    }
    for (int64_t g = 0; g < group; g++) {
        state[2 * g] = -INFINITY;
        state[2 * g + 1] = 0;
    }
}

/// out = accumulator / S for each head of the group.
static void finish_group(int64_t group, int64_t head_size, const float *scratch, float *out) {
    const float *acc = scratch + group * head_size, *state = scratch + 2 * group * head_size;
    for (int64_t g = 0; g < group; g++) {
        float total = state[2 * g + 1];
        float inverse = total == 0 ? 0 : 1 / total;
        for (int64_t i = 0; i < head_size; i++) out[g * head_size + i] = acc[g * head_size + i] * inverse;
    }
}

static void attend_group_f16_scalar(
    const float *q, int64_t group, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scratch, float *out) {
    prepare_group(q, group, head_size, scratch);
    float *rounded = scratch, *acc = scratch + group * head_size, *state = scratch + 2 * group * head_size;
    for (int64_t t = 0; t < positions; t++) {
        const uint16_t *k = keys + t * stride, *v = values + t * stride;
        for (int64_t g = 0; g < group; g++) {
            float s = dot_half_scalar(rounded + g * head_size, k, head_size) * scale;
            float ms;
            float vs = online_step(s, &state[2 * g], &state[2 * g + 1], &ms);
            float *a = acc + g * head_size;
            if (ms != 1) {
                for (int64_t i = 0; i < head_size; i++) a[i] = round_half(a[i] * ms);
            }
            for (int64_t i = 0; i < head_size; i++) a[i] = round_half(fmaf(loom_half_to_float(v[i]), vs, a[i]));
        }
    }
    finish_group(group, head_size, scratch, out);
}

static void loom_halves_scalar(const float *x, int64_t n, uint16_t *out) {
    for (int64_t i = 0; i < n; i++) out[i] = loom_float_to_half(x[i]);
}

#if defined(__x86_64__) || defined(_M_X64)
LOOM_AVX2 LOOM_INLINE static inline __m256 load_halves(const uint16_t *h) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)h));
}

LOOM_AVX2 LOOM_INLINE static inline __m256 round_halves(__m256 x) {
    return _mm256_cvtph_ps(_mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

/// The vector part of dot_half_avx2: values 0 ..< n / 32 · 32, four chains folded as ggml does.
LOOM_AVX2 LOOM_INLINE static inline float dot_half_whole(const float *q, const uint16_t *k, int64_t whole) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    for (int64_t i = 0; i < whole; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), load_halves(k + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 8), load_halves(k + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 16), load_halves(k + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 24), load_halves(k + i + 24), s3);
    }
    s0 = _mm256_add_ps(_mm256_add_ps(s0, s2), _mm256_add_ps(s1, s3));
    __m128 quarter = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    __m128 pairs = _mm_hadd_ps(quarter, quarter);
    return _mm_cvtss_f32(_mm_hadd_ps(pairs, pairs));
}

LOOM_AVX2 static inline float dot_half_avx2(const float *q, const uint16_t *k, int64_t n) {
    int64_t i = n / 32 * 32;
    double sum = dot_half_whole(q, k, i);
    for (; i < n; i++) {
        float product = q[i] * _cvtsh_ss(k[i]);
        sum += product;
    }
    return (float)sum;
}

/// scores[t] = dot_half_avx2(q, key t, n) · scale for `count` keys `stride` halves apart, the
/// same bits. When the values past the last whole 32 come in fours (heads of 48, 80, ...), four
/// keys are done at a time: their products are made eight at a time in floats, and the four
/// running sums, each in double and in order as dot_half_avx2 adds them, are the four lanes of
/// one vector, so one add serves four keys.
LOOM_AVX2 static void block_scores(
    const float *q, const uint16_t *keys, int64_t stride, int64_t n, int64_t count, float scale, float *scores) {
    const int64_t whole = n / 32 * 32, rest = n - whole;
    int64_t t = 0;
    if (rest > 0 && rest % 4 == 0) {
        for (; t + 4 <= count; t += 4) {
            float products[4][32];
            double sums[4];
            for (int j = 0; j < 4; j++) {
                const uint16_t *k = keys + (t + j) * stride;
                sums[j] = dot_half_whole(q, k, whole);
                for (int64_t i = 0; i < rest; i += 4) {
                    __m128 h = _mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(k + whole + i)));
                    _mm_storeu_ps(&products[j][i], _mm_mul_ps(_mm_loadu_ps(q + whole + i), h));
                }
            }
            __m256d sum = _mm256_loadu_pd(sums);
            for (int64_t i = 0; i < rest; i += 4) {
                __m128 c0 = _mm_loadu_ps(&products[0][i]), c1 = _mm_loadu_ps(&products[1][i]);
                __m128 c2 = _mm_loadu_ps(&products[2][i]), c3 = _mm_loadu_ps(&products[3][i]);
                _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
                sum = _mm256_add_pd(sum, _mm256_cvtps_pd(c0));
                sum = _mm256_add_pd(sum, _mm256_cvtps_pd(c1));
                sum = _mm256_add_pd(sum, _mm256_cvtps_pd(c2));
                sum = _mm256_add_pd(sum, _mm256_cvtps_pd(c3));
            }
            _mm_storeu_ps(scores + t, _mm_mul_ps(_mm256_cvtpd_ps(sum), _mm_set1_ps(scale)));
        }
    }
    for (; t < count; t++) scores[t] = dot_half_avx2(q, keys + t * stride, n) * scale;
}

/// Positions one block of attend_group_f16_avx2 takes.
#define LOOM_ATTENTION_BLOCK 32

/// One head's online-softmax steps over a block of `count` scores, in order: the weight of each
/// position's values (vs) and the rescale of the accumulator before it (ms, 1 when the largest
/// stays), from and back into the head's running largest and sum.
LOOM_AVX2 static void softmax_steps(const float *scores, int64_t count, float *state, float *rescale, float *weight) {
    float largest = state[0], total = state[1];
    for (int64_t t = 0; t < count; t++) weight[t] = online_step(scores[t], &largest, &total, &rescale[t]);
    state[0] = largest;
    state[1] = total;
}

/// One head's accumulator `a` over a block of `count` positions' values, given their steps:
/// `chunks` eight-lane parts held in registers across the block (a constant where it is
/// inlined, so the loops unroll). The same operations, lane for lane, as accumulate_any.
LOOM_AVX2 LOOM_INLINE static inline void accumulate_chunks(
    const int chunks, const uint16_t *values, int64_t stride, int64_t count, const float *rescale,
    const float *weight, float *a) {
    __m256 x[8];
    for (int c = 0; c < chunks; c++) x[c] = _mm256_loadu_ps(a + 8 * c);
    for (int64_t t = 0; t < count; t++) {
        const uint16_t *v = values + t * stride;
        if (rescale[t] != 1) {
            __m256 ms = _mm256_set1_ps(rescale[t]);
            for (int c = 0; c < chunks; c++) x[c] = round_halves(_mm256_mul_ps(x[c], ms));
        }
        __m256 vs = _mm256_set1_ps(weight[t]);
        for (int c = 0; c < chunks; c++) x[c] = round_halves(_mm256_fmadd_ps(load_halves(v + 8 * c), vs, x[c]));
    }
    for (int c = 0; c < chunks; c++) _mm256_storeu_ps(a + 8 * c, x[c]);
}

/// accumulate_chunks for any head size, the accumulator in memory (lanes past the last whole
/// eight one at a time).
LOOM_AVX2 static void accumulate_any(
    int64_t head_size, const uint16_t *values, int64_t stride, int64_t count, const float *rescale,
    const float *weight, float *a) {
    const int64_t whole = head_size / 8 * 8;
    for (int64_t t = 0; t < count; t++) {
        const uint16_t *v = values + t * stride;
        float ms = rescale[t], vs = weight[t];
        int64_t i = 0;
        for (; i < whole; i += 8) {
            __m256 x = _mm256_loadu_ps(a + i);
            if (ms != 1) x = round_halves(_mm256_mul_ps(x, _mm256_set1_ps(ms)));
            _mm256_storeu_ps(a + i, round_halves(_mm256_fmadd_ps(load_halves(v + i), _mm256_set1_ps(vs), x)));
        }
        for (; i < head_size; i++) {
            float x = ms != 1 ? round_half(a[i] * ms) : a[i];
            a[i] = round_half(__builtin_fmaf(_cvtsh_ss(v[i]), vs, x));
        }
    }
}

/// The portable kernel's order, in blocks of positions: each head's scores for the block (no
/// score waits on another), then its softmax steps (the only serial part, a few scalars), then
/// its accumulator over the block's values, kept in registers for the common head sizes.
LOOM_AVX2 static void attend_group_f16_avx2(
    const float *q, int64_t group, const uint16_t *keys, const uint16_t *values, int64_t stride, int64_t head_size,
    int64_t positions, float scale, float *scratch, float *out) {
    prepare_group(q, group, head_size, scratch);
    float *rounded = scratch, *acc = scratch + group * head_size, *state = scratch + 2 * group * head_size;
    float scores[LOOM_ATTENTION_BLOCK], rescale[LOOM_ATTENTION_BLOCK], weight[LOOM_ATTENTION_BLOCK];
    for (int64_t t0 = 0; t0 < positions; t0 += LOOM_ATTENTION_BLOCK) {
        int64_t count = positions - t0 < LOOM_ATTENTION_BLOCK ? positions - t0 : LOOM_ATTENTION_BLOCK;
        const uint16_t *k = keys + t0 * stride, *v = values + t0 * stride;
        for (int64_t g = 0; g < group; g++) {
            const float *query = rounded + g * head_size;
            float *a = acc + g * head_size;
            block_scores(query, k, stride, head_size, count, scale, scores);
            softmax_steps(scores, count, state + 2 * g, rescale, weight);
            switch (head_size) {
            case 32: accumulate_chunks(4, v, stride, count, rescale, weight, a); break;
            case 48: accumulate_chunks(6, v, stride, count, rescale, weight, a); break;
            case 64: accumulate_chunks(8, v, stride, count, rescale, weight, a); break;
            default: accumulate_any(head_size, v, stride, count, rescale, weight, a); break;
            }
        }
    }
    finish_group(group, head_size, scratch, out);
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

static loom_attend_group_f16_fn attend_f16_kernel(int family) {
#if defined(__x86_64__) || defined(_M_X64)
    if (family != LOOM_KERNELS_SCALAR && loom_avx2_available()) return attend_group_f16_avx2;
#endif
    (void)family;
    return attend_group_f16_scalar;
}

/// Runs `group` heads in parts whose scratch fits on the stack (each head's bits are its own).
static void attend_group_f16(
    loom_attend_group_f16_fn kernel, const float *q, int64_t group, const uint16_t *keys, const uint16_t *values,
    int64_t stride, int64_t head_size, int64_t positions, float scale, float *out) {
    float scratch[LOOM_ATTENTION_SCRATCH];
    int64_t part = LOOM_ATTENTION_SCRATCH / (2 * head_size + 2);
    if (part < 1) part = 1;
    for (int64_t g = 0; g < group; g += part) {
        int64_t count = group - g < part ? group - g : part;
        if (count * (2 * head_size + 2) <= LOOM_ATTENTION_SCRATCH) {
            kernel(q + g * head_size, count, keys, values, stride, head_size, positions, scale, scratch,
                   out + g * head_size);
        } else {
            float *heap = malloc((size_t)(2 * head_size + 2) * sizeof(float));
            kernel(q + g * head_size, 1, keys, values, stride, head_size, positions, scale, heap, out + g * head_size);
            free(heap);
        }
    }
}

void loom_attend_f16_family(
    int family, const float *q, int64_t group, const uint16_t *keys, const uint16_t *values, int64_t stride,
    int64_t head_size, int64_t positions, float scale, float *out) {
    attend_group_f16(attend_f16_kernel(family), q, group, keys, values, stride, head_size, positions, scale, out);
}

/// Task `row · kv_heads + kv_head`: the query heads of one row that share one key/value head.
static void attention_f16_group(const loom_attention_job *job, int64_t task) {
    int64_t row = task / job->kv_heads, kv_head = task % job->kv_heads;
    int64_t first_head = kv_head * job->group;
    attend_group_f16(
        (loom_attend_group_f16_fn)job->kernel, (const float *)job->q + row * job->q_stride + first_head * job->head_size,
        job->group, (const uint16_t *)job->keys + kv_head * job->head_size,
        (const uint16_t *)job->values + kv_head * job->head_size, job->kv_stride, job->head_size,
        job->first_position + row + 1, job->scale, job->out + row * job->out_stride + first_head * job->head_size);
}

void loom_attention_f16(
    loom_pool *pool, const float *q, int64_t q_stride, const uint16_t *keys, const uint16_t *values,
    int64_t kv_stride, int64_t head_size, int64_t heads, int64_t kv_heads, int64_t rows, int64_t first_position,
    float *out, int64_t out_stride) {
    loom_attention_job job = {
        .q = q, .keys = keys, .values = values, .out = out, .q_stride = q_stride, .kv_stride = kv_stride,
        .head_size = head_size, .group = heads / kv_heads, .kv_heads = kv_heads, .rows = rows,
        .first_position = first_position, .out_stride = out_stride, .scale = 1 / sqrtf((float)head_size),
        .kernel = (void (*)(void))attend_f16_kernel(LOOM_KERNELS_BEST), .run = attention_f16_group};
    loom_attention_run(pool, &job, rows * kv_heads);
}
