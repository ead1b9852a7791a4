/* The int8 family (products and the float steps around them): the best family against the
 * scalar one bit for bit, and every result's hash for the comparison between machines. */
#include "cross.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill(cross_random *random, float *x, int64_t count, float range) {
    for (int64_t i = 0; i < count; i++) x[i] = cross_uniform(random, -range, range);
}

/* Weights quantised, packed and multiplied (with and without GELU and bias) by both families. */
static void check_products(void) {
    static const int64_t lengths[] = {1, 2, 7, 16, 33, 64, 100, 384};
    cross_random random = {23};
    uint64_t hash = CROSS_HASH_START;
    for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
        int64_t n = lengths[k], rows = 21, count = 5, stride = n + 3;
        float *w = malloc((size_t)(rows * n) * sizeof(float)), *x = malloc((size_t)(count * stride) * sizeof(float));
        float *column_scales = malloc((size_t)n * sizeof(float)), *bias = malloc((size_t)rows * sizeof(float));
        int8_t *q = malloc((size_t)(rows * n));
        float *wscales = malloc((size_t)rows * sizeof(float)), *xscales = malloc((size_t)count * sizeof(float));
        int16_t *packed = cross_guarded((size_t)loom_i8_packed_count(rows, n) * sizeof(int16_t));
        int16_t *xq = cross_guarded((size_t)(count * n) * sizeof(int16_t));
        int16_t *xq_scalar = malloc((size_t)(count * n) * sizeof(int16_t));
        float *xscales_scalar = malloc((size_t)count * sizeof(float));
        float *best = malloc((size_t)(rows * count) * sizeof(float));
        float *scalar = malloc((size_t)(rows * count) * sizeof(float));
        fill(&random, w, rows * n, 1);
        w[0] = 0;  // an all-zero row: scale 0
        for (int64_t i = 0; i < n; i++) w[2 * n + i] = 0;
        fill(&random, x, count * stride, 3);
        for (int64_t i = 0; i < n; i++) column_scales[i] = cross_uniform(&random, 0.25f, 4);
        fill(&random, bias, rows, 1);
        loom_i8_quantize_weights(w, rows, n, q, wscales);
        hash = cross_hash(hash, q, (size_t)(rows * n));
        hash = cross_hash(hash, wscales, (size_t)rows * sizeof(float));
        loom_i8_pack_weights(q, rows, n, packed);
        for (int columns = 0; columns < 2; columns++) {
            const float *scales = columns ? column_scales : NULL;
            loom_i8_quantize_activations_family(LOOM_I8_BEST, x, count, n, stride, scales, xq, xscales);
            loom_i8_quantize_activations_family(LOOM_I8_SCALAR, x, count, n, stride, scales, xq_scalar, xscales_scalar);
            cross_check(memcmp(xq, xq_scalar, (size_t)(count * n) * 2) == 0
                            && memcmp(xscales, xscales_scalar, (size_t)count * sizeof(float)) == 0,
                        "i8 activations n=%lld, column scales %d: the families differ", (long long)n, columns);
            hash = cross_hash(hash, xq, (size_t)(count * n) * 2);
            hash = cross_hash(hash, xscales, (size_t)count * sizeof(float));
            for (int gelu = 0; gelu < 2; gelu++) {
                // Two row ranges (the first a multiple of 8), one with a bias and one without.
                int64_t cut = 8;
                for (int family = 0; family < 2; family++) {
                    float *out = family ? best : scalar;
                    int kind = family ? LOOM_I8_BEST : LOOM_I8_SCALAR;
                    loom_i8_matmul_family(kind, gelu, n, packed, wscales, bias, 0, cut, xq, xscales, count, out, rows);
                    loom_i8_matmul_family(
                        kind, gelu, n, packed, wscales, NULL, cut, rows, xq, xscales, count, out, rows);
                }
                int64_t where = 0;
                cross_check(cross_same_bits(best, scalar, rows * count, &where),
                            "i8 matmul n=%lld gelu %d: output %lld best %.9g scalar %.9g", (long long)n, gelu,
                            (long long)where, best[where], scalar[where]);
                hash = cross_hash(hash, best, (size_t)(rows * count) * sizeof(float));
            }
        }
        free(w);
        free(x);
        free(column_scales);
        free(bias);
        free(q);
        free(wscales);
        free(xscales);
        cross_free(packed);
        cross_free(xq);
        free(xq_scalar);
        free(xscales_scalar);
        free(best);
        free(scalar);
    }
    cross_report("i8.products", hash);
}

/* GELU and layer normalisation over rows of many lengths. */
static void check_float_steps(void) {
    cross_random random = {29};
    uint64_t gelu_hash = CROSS_HASH_START, norm_hash = CROSS_HASH_START;
    for (int64_t n = 1; n <= 70; n += (n < 18 ? 1 : 13)) {
        float *best = cross_guarded((size_t)n * sizeof(float)), *scalar = cross_guarded((size_t)n * sizeof(float));
        fill(&random, best, n, 6);
        best[0] = n % 2 ? 30 : -30;
        memcpy(scalar, best, (size_t)n * sizeof(float));
        loom_i8_gelu_family(LOOM_I8_BEST, best, n);
        loom_i8_gelu_family(LOOM_I8_SCALAR, scalar, n);
        int64_t where = 0;
        cross_check(cross_same_bits(best, scalar, n, &where), "i8 gelu n=%lld: value %lld best %.9g scalar %.9g",
                    (long long)n, (long long)where, best[where], scalar[where]);
        gelu_hash = cross_hash(gelu_hash, best, (size_t)n * sizeof(float));

        int64_t count = 3;
        float *x = malloc((size_t)(count * n) * sizeof(float)), *residual = malloc((size_t)(count * n) * sizeof(float));
        float *weight = malloc((size_t)n * sizeof(float)), *bias = malloc((size_t)n * sizeof(float));
        fill(&random, x, count * n, 4);
        fill(&random, residual, count * n, 1);
        fill(&random, weight, n, 2);
        fill(&random, bias, n, 1);
        loom_i8_layer_norm(x, residual, count, n, weight, bias, 1e-12f);
        loom_i8_layer_norm(x, NULL, count, n, weight, bias, 1e-5f);
        norm_hash = cross_hash(norm_hash, x, (size_t)(count * n) * sizeof(float));
        free(x);
        free(residual);
        free(weight);
        free(bias);
        cross_free(best);
        cross_free(scalar);
    }
    cross_report("i8.gelu", gelu_hash);
    cross_report("i8.layer_norm", norm_hash);
}

/* Attention of one sequence: both families, the short form and the general one. */
static void check_attention(void) {
    static const int64_t shapes[][3] = {{1, 1, 8}, {5, 2, 16}, {16, 3, 64}, {17, 2, 32}, {9, 4, 24}, {30, 1, 64}};
    cross_random random = {31};
    uint64_t hash = CROSS_HASH_START;
    for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
        int64_t length = shapes[s][0], heads = shapes[s][1], size = shapes[s][2];
        int64_t width = heads * size;
        float *qkv = malloc((size_t)(length * 3 * width) * sizeof(float));
        float *scratch = malloc((size_t)(length * (2 * size + 1)) * sizeof(float));
        float *out[4];
        for (int k = 0; k < 4; k++) out[k] = malloc((size_t)(length * width) * sizeof(float));
        fill(&random, qkv, length * 3 * width, 2);
        loom_i8_attention_family(LOOM_I8_BEST, qkv, length, heads, size, out[0], scratch);
        loom_i8_attention_family(LOOM_I8_SCALAR, qkv, length, heads, size, out[1], scratch);
        loom_i8_attention_general_family(LOOM_I8_BEST, qkv, length, heads, size, out[2], scratch);
        loom_i8_attention_general_family(LOOM_I8_SCALAR, qkv, length, heads, size, out[3], scratch);
        for (int k = 1; k < 4; k++) {
            int64_t where = 0;
            cross_check(cross_same_bits(out[0], out[k], length * width, &where),
                        "i8 attention %lld tokens, %lld heads of %lld: form %d, value %lld: %.9g vs %.9g",
                        (long long)length, (long long)heads, (long long)size, k, (long long)where, out[0][where],
                        out[k][where]);
        }
        hash = cross_hash(hash, out[0], (size_t)(length * width) * sizeof(float));
        free(qkv);
        free(scratch);
        for (int k = 0; k < 4; k++) free(out[k]);
    }
    cross_report("i8.attention", hash);
}

void cross_test_int8(void) {
    check_products();
    check_float_steps();
    check_attention();
}
