/* Half-precision stores, attention over half and float caches, and SwiGLU: the best family
 * against the scalar one bit for bit (the kernels promise the same bits), and every result's
 * hash for the comparison between machines. */
#include "cross.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Floats of every kind a half store meets: ordinary, subnormal in half or in float, ties
 * between two halves, past the largest half, infinities and NaNs with payloads. */
static float half_edge_value(cross_random *random) {
    uint32_t bits = (uint32_t)cross_next(random);
    switch (cross_next(random) % 8) {
    case 0: break;  // any bits at all, NaNs included
    case 1: bits = (bits & 0x807FFFFF) | 0x33000000; break;  // below the smallest half
    case 2: bits = (bits & 0x807FE000) | 0x38000000 | 0x1000; break;  // a tie, half subnormal
    case 3: bits = (bits & 0x807FE000) | 0x40000000 | 0x1000; break;  // a tie, half normal
    case 4: bits = (bits & 0x8000FFFF) | 0x477F0000; break;  // around the largest half
    default: {
        float v = cross_uniform(random, -8, 8);
        memcpy(&bits, &v, 4);
    }
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

static void check_halves(void) {
    cross_random random = {7};
    uint64_t hash = CROSS_HASH_START;
    for (int64_t n = 1; n <= 70; n++) {
        float *x = cross_guarded((size_t)n * sizeof(float));
        uint16_t *best = cross_guarded((size_t)n * 2), *scalar = cross_guarded((size_t)n * 2);
        for (int64_t i = 0; i < n; i++) x[i] = half_edge_value(&random);
        loom_store_halves_family(LOOM_KERNELS_BEST, x, n, best);
        loom_store_halves_family(LOOM_KERNELS_SCALAR, x, n, scalar);
        cross_check(memcmp(best, scalar, (size_t)n * 2) == 0, "store_halves n=%lld: the families differ", (long long)n);
        hash = cross_hash(hash, best, (size_t)n * 2);
        cross_free(x);
        cross_free(best);
        cross_free(scalar);
    }
    cross_report("store_halves", hash);
}

/* Attention of a group of query heads over one half-precision key/value head, for head sizes
 * with and without a leftover past the last 32 values. */
static void check_attend_f16(void) {
    static const int64_t sizes[] = {8, 16, 32, 40, 64, 96, 100};
    cross_random random = {11};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        int64_t head_size = sizes[s];
        uint64_t hash = CROSS_HASH_START;
        for (int64_t positions = 1; positions <= 40; positions += 13) {
            int64_t group = 1 + positions % 3, stride = head_size + 8;
            size_t cache = (size_t)(positions * stride);
            float *q = cross_guarded((size_t)(group * head_size) * sizeof(float));
            float *floats = malloc(cache * sizeof(float));
            uint16_t *keys = cross_guarded(cache * 2), *values = cross_guarded(cache * 2);
            float *best = cross_guarded((size_t)(group * head_size) * sizeof(float));
            float *scalar = cross_guarded((size_t)(group * head_size) * sizeof(float));
            for (int64_t i = 0; i < group * head_size; i++) q[i] = cross_uniform(&random, -3, 3);
            for (size_t i = 0; i < cache; i++) floats[i] = cross_uniform(&random, -3, 3);
            loom_store_halves(floats, (int64_t)cache, keys);
            for (size_t i = 0; i < cache; i++) floats[i] = cross_uniform(&random, -2, 2);
            loom_store_halves(floats, (int64_t)cache, values);
            float scale = 1 / (float)head_size;
            loom_attend_f16_family(
                LOOM_KERNELS_BEST, q, group, keys, values, stride, head_size, positions, scale, best);
            loom_attend_f16_family(
                LOOM_KERNELS_SCALAR, q, group, keys, values, stride, head_size, positions, scale, scalar);
            int64_t where = 0;
            cross_check(cross_same_bits(best, scalar, group * head_size, &where),
                        "attend_f16 head %lld, %lld positions: value %lld best %.9g scalar %.9g", (long long)head_size,
                        (long long)positions, (long long)where, best[where], scalar[where]);
            hash = cross_hash(hash, best, (size_t)(group * head_size) * sizeof(float));
            free(floats);
            cross_free(q);
            cross_free(keys);
            cross_free(values);
            cross_free(best);
            cross_free(scalar);
        }
        char line[64];
        snprintf(line, sizeof(line), "attend_f16.h%lld", (long long)head_size);
        cross_report(line, hash);
    }
}

/* loom_attention and loom_attention_f16 without a pool: batches of rows, grouped heads. */
static void check_attention(void) {
    static const int64_t sizes[] = {8, 12, 64};
    cross_random random = {13};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        int64_t head_size = sizes[s], heads = 4, kv_heads = 2, rows = 3, first = 5, context = 16;
        int64_t q_stride = heads * head_size, kv_stride = kv_heads * head_size;
        float *q = malloc((size_t)(rows * q_stride) * sizeof(float));
        float *keys = malloc((size_t)(context * kv_stride) * sizeof(float));
        float *values = malloc((size_t)(context * kv_stride) * sizeof(float));
        uint16_t *half_keys = malloc((size_t)(context * kv_stride) * 2);
        uint16_t *half_values = malloc((size_t)(context * kv_stride) * 2);
        float *scores = malloc((size_t)(heads * context) * sizeof(float));
        float *out = malloc((size_t)(rows * q_stride) * sizeof(float));
        for (int64_t i = 0; i < rows * q_stride; i++) q[i] = cross_uniform(&random, -2, 2);
        for (int64_t i = 0; i < context * kv_stride; i++) {
            keys[i] = cross_uniform(&random, -2, 2);
            values[i] = cross_uniform(&random, -2, 2);
        }
        loom_store_halves(keys, context * kv_stride, half_keys);
        loom_store_halves(values, context * kv_stride, half_values);
        char line[64];
        loom_attention(NULL, q, q_stride, keys, values, kv_stride, head_size, heads, kv_heads, rows, first, scores,
                       context, out, q_stride);
        snprintf(line, sizeof(line), "attention_f32.h%lld", (long long)head_size);
        cross_report(line, cross_hash(CROSS_HASH_START, out, (size_t)(rows * q_stride) * sizeof(float)));
        loom_attention_f16(NULL, q, q_stride, half_keys, half_values, kv_stride, head_size, heads, kv_heads, rows,
                           first, out, q_stride);
        snprintf(line, sizeof(line), "attention_f16.h%lld", (long long)head_size);
        cross_report(line, cross_hash(CROSS_HASH_START, out, (size_t)(rows * q_stride) * sizeof(float)));
        free(q);
        free(keys);
        free(values);
        free(half_keys);
        free(half_values);
        free(scores);
        free(out);
    }
}

/* SwiGLU over gates where exp is ordinary, overflows or underflows (ggml's special cases). */
static void check_swiglu(void) {
    cross_random random = {17};
    uint64_t hash = CROSS_HASH_START;
    for (int64_t n = 1; n <= 80; n += (n < 20 ? 1 : 7)) {
        float *gate = cross_guarded((size_t)n * sizeof(float)), *up = cross_guarded((size_t)n * sizeof(float));
        float *best = cross_guarded((size_t)n * sizeof(float)), *scalar = cross_guarded((size_t)n * sizeof(float));
        for (int64_t i = 0; i < n; i++) {
            switch (cross_next(&random) % 6) {
            case 0: gate[i] = cross_uniform(&random, -200, 200); break;
            case 1: gate[i] = cross_uniform(&random, -1, 1) * 1e-40f; break;
            case 2: gate[i] = cross_uniform(&random, 85, 95) * ((cross_next(&random) & 1) ? 1 : -1); break;
            default: gate[i] = cross_uniform(&random, -8, 8);
            }
            up[i] = cross_uniform(&random, -4, 4);
        }
        loom_swiglu_family(LOOM_KERNELS_BEST, gate, up, n, best);
        loom_swiglu_family(LOOM_KERNELS_SCALAR, gate, up, n, scalar);
        int64_t where = 0;
        cross_check(cross_same_bits(best, scalar, n, &where),
                    "swiglu n=%lld: value %lld (gate %.9g) best %.9g scalar %.9g", (long long)n, (long long)where,
                    gate[where], best[where], scalar[where]);
        hash = cross_hash(hash, best, (size_t)n * sizeof(float));
        cross_free(gate);
        cross_free(up);
        cross_free(best);
        cross_free(scalar);
    }
    cross_report("swiglu", hash);
}

void cross_test_ops(void) {
    check_halves();
    check_attend_f16();
    check_attention();
    check_swiglu();
}
