/* The worker pool: products and attention handed to three threads give the bits of one
 * thread (the pool's spinning, parking and ticket claims run on every architecture). */
#include "cross.h"

#include <stdlib.h>
#include <string.h>

/* Two products of one job (Q4_1 and Q8_0, large enough to be split between the threads)
 * against the same products one after the other on the caller. */
static void check_products(loom_pool *pool) {
    static const int types[2] = {LOOM_TYPE_Q4_1, LOOM_TYPE_Q8_0};
    const int64_t rows = 80, n = 512, tokens = 5;
    cross_random random = {37};
    float *x = malloc((size_t)(tokens * n) * sizeof(float));
    for (int64_t i = 0; i < tokens * n; i++) x[i] = cross_uniform(&random, -2, 2);
    loom_product products[2];
    void *buffers[2][2];
    float *single[2];
    for (int p = 0; p < 2; p++) {
        size_t row_bytes = (size_t)(n / loom_type_block_size(types[p])) * loom_type_block_bytes(types[p]);
        size_t activation_bytes = loom_activation_row_bytes(types[p], n);
        unsigned char *weights = malloc((size_t)rows * row_bytes);
        unsigned char *activations = malloc((size_t)tokens * activation_bytes);
        // Random quants with small, finite half-precision scales at the start of each block.
        for (size_t i = 0; i < (size_t)rows * row_bytes; i++) weights[i] = (unsigned char)cross_next(&random);
        for (size_t b = 0; b < (size_t)rows * row_bytes; b += loom_type_block_bytes(types[p])) {
            uint16_t d = loom_float_to_half(cross_uniform(&random, 0.001f, 0.02f));
            memcpy(weights + b, &d, 2);
            if (types[p] == LOOM_TYPE_Q4_1) memcpy(weights + b + 2, &d, 2);
        }
        for (int64_t t = 0; t < tokens; t++) {
            loom_quantize_activation(types[p], x + t * n, n, activations + t * activation_bytes);
        }
        single[p] = malloc((size_t)(rows * tokens) * sizeof(float));
        loom_matmul(types[p], n, weights, row_bytes, 0, rows, activations, activation_bytes, tokens, single[p], rows);
        products[p] = (loom_product){
            .type = types[p], .n = n, .weights = weights, .row_bytes = row_bytes, .rows = rows,
            .activations = activations, .activation_bytes = activation_bytes,
            .out = malloc((size_t)(rows * tokens) * sizeof(float)), .out_stride = rows};
        buffers[p][0] = weights;
        buffers[p][1] = activations;
    }
    for (int64_t count = 1; count <= tokens; count += tokens - 1) {
        loom_pool_matmul_many(pool, products, 2, count);
        for (int p = 0; p < 2; p++) {
            int64_t where = 0;
            cross_check(cross_same_bits(products[p].out, single[p], rows * count, &where),
                        "pool: product %d of %lld tokens, output %lld differs from one thread's", p,
                        (long long)count, (long long)where);
        }
    }
    for (int p = 0; p < 2; p++) {
        free(buffers[p][0]);
        free(buffers[p][1]);
        free(products[p].out);
        free(single[p]);
    }
    free(x);
}

/* Attention over float and half caches, heads split between the threads. */
static void check_attention(loom_pool *pool) {
    const int64_t head_size = 64, heads = 6, kv_heads = 2, rows = 4, first = 9, context = 16;
    const int64_t q_stride = heads * head_size, kv_stride = kv_heads * head_size;
    cross_random random = {41};
    size_t cache = (size_t)(context * kv_stride), queries = (size_t)(rows * q_stride);
    float *q = malloc(queries * sizeof(float)), *keys = malloc(cache * sizeof(float));
    float *values = malloc(cache * sizeof(float)), *scores = malloc((size_t)(heads * context) * sizeof(float));
    float *one = malloc(queries * sizeof(float)), *many = malloc(queries * sizeof(float));
    uint16_t *half_keys = malloc(cache * 2), *half_values = malloc(cache * 2);
    for (size_t i = 0; i < queries; i++) q[i] = cross_uniform(&random, -2, 2);
    for (size_t i = 0; i < cache; i++) {
        keys[i] = cross_uniform(&random, -2, 2);
        values[i] = cross_uniform(&random, -2, 2);
    }
    loom_store_halves(keys, (int64_t)cache, half_keys);
    loom_store_halves(values, (int64_t)cache, half_values);
    int64_t where = 0;
    loom_attention(NULL, q, q_stride, keys, values, kv_stride, head_size, heads, kv_heads, rows, first, scores, context,
                   one, q_stride);
    loom_attention(pool, q, q_stride, keys, values, kv_stride, head_size, heads, kv_heads, rows, first, scores, context,
                   many, q_stride);
    cross_check(cross_same_bits(one, many, (int64_t)queries, &where), "pool: float attention, value %lld",
                (long long)where);
    loom_attention_f16(NULL, q, q_stride, half_keys, half_values, kv_stride, head_size, heads, kv_heads, rows, first,
                       one, q_stride);
    loom_attention_f16(pool, q, q_stride, half_keys, half_values, kv_stride, head_size, heads, kv_heads, rows, first,
                       many, q_stride);
    cross_check(cross_same_bits(one, many, (int64_t)queries, &where), "pool: half attention, value %lld",
                (long long)where);
    free(q);
    free(keys);
    free(values);
    free(scores);
    free(one);
    free(many);
    free(half_keys);
    free(half_values);
}

void cross_test_pool(void) {
    loom_pool *pool = loom_pool_create(3);
    cross_check(loom_pool_threads(pool) == 3, "pool: %d threads, not 3", loom_pool_threads(pool));
    // Several rounds: workers park between them and must wake for the next job.
    for (int round = 0; round < 3; round++) {
        check_products(pool);
        check_attention(pool);
    }
    loom_pool_destroy(pool);
}
