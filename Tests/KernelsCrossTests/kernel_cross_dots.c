/* Activation conversion and the dot and matrix products of every weight type: the best family
 * against the scalar one, and every path of loom_matmul (tiles, four-token and four-row
 * kernels, row ranges) against the best family's single dot product, bit for bit. */
#include "cross.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    int type;
    const char *name;
} types[] = {
    {LOOM_TYPE_F32, "f32"},   {LOOM_TYPE_F16, "f16"},   {LOOM_TYPE_BF16, "bf16"}, {LOOM_TYPE_Q4_0, "q4_0"},
    {LOOM_TYPE_Q4_1, "q4_1"}, {LOOM_TYPE_Q5_0, "q5_0"}, {LOOM_TYPE_Q5_1, "q5_1"}, {LOOM_TYPE_Q8_0, "q8_0"},
    {LOOM_TYPE_Q4_K, "q4_k"}, {LOOM_TYPE_Q5_K, "q5_k"}, {LOOM_TYPE_Q6_K, "q6_k"},
};

/* Row lengths: for the float types every leftover count of the eight- and 32-lane loops, for
 * the quantised ones from one block to many, odd and even counts (the k-quants' two
 * accumulators). */
static const int64_t float_lengths[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 40, 47, 63, 64, 65,
                                        100, 127, 128, 129, 255, 256, 257, 1000, 2048};
static const int64_t block_counts[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64};
static const int64_t k_block_counts[] = {1, 2, 3, 4, 5, 8};

/* A half-precision scale: mostly small (as real models have), sometimes zero, subnormal, or
 * near one, of either sign. */
static uint16_t random_scale(cross_random *random) {
    uint64_t pick = cross_next(random) % 16;
    uint16_t sign = (cross_next(random) & 1) ? 0x8000 : 0;
    if (pick == 0) return sign;
    if (pick == 1) return (uint16_t)(sign | (1 + cross_next(random) % 0x3FF));
    if (pick == 2) return (uint16_t)(sign | loom_float_to_half(cross_uniform(random, 0.5f, 2.0f)));
    return (uint16_t)(sign | loom_float_to_half(cross_uniform(random, 0.001f, 0.021f)));
}

/* A finite float weight: mostly in [-1, 1), sometimes zero, subnormal (as a float, or as a
 * half), or large. */
static float random_weight(cross_random *random) {
    uint64_t pick = cross_next(random) % 32;
    if (pick == 0) return 0;
    if (pick == 1) return cross_uniform(random, -1, 1) * 1e-39f;
    if (pick == 2) return cross_uniform(random, -1000, 1000);
    if (pick == 3) return cross_uniform(random, -1, 1) * 6e-5f;
    return cross_uniform(random, -1, 1);
}

static void fill_weights(int type, cross_random *random, unsigned char *w, int64_t rows, int64_t n) {
    int64_t count = rows * n;
    if (type == LOOM_TYPE_F32) {
        for (int64_t i = 0; i < count; i++) {
            float v = random_weight(random);
            memcpy(w + 4 * i, &v, 4);
        }
        return;
    }
    if (type == LOOM_TYPE_F16 || type == LOOM_TYPE_BF16) {
        for (int64_t i = 0; i < count; i++) {
            float v = random_weight(random);
            uint32_t bits;
            memcpy(&bits, &v, 4);
            uint16_t h = type == LOOM_TYPE_F16 ? loom_float_to_half(v) : (uint16_t)(bits >> 16);
            memcpy(w + 2 * i, &h, 2);
        }
        return;
    }
    int64_t blocks = count / loom_type_block_size(type);
    size_t block_bytes = loom_type_block_bytes(type);
    for (size_t i = 0; i < (size_t)blocks * block_bytes; i++) w[i] = (unsigned char)cross_next(random);
    // The half-precision scales' offsets in each block (ggml's layouts).
    int offsets[2] = {-1, -1};
    switch (type) {
    case LOOM_TYPE_Q4_0: case LOOM_TYPE_Q5_0: case LOOM_TYPE_Q8_0: offsets[0] = 0; break;
    case LOOM_TYPE_Q4_1: case LOOM_TYPE_Q5_1: case LOOM_TYPE_Q4_K: case LOOM_TYPE_Q5_K:
        offsets[0] = 0;
        offsets[1] = 2;
        break;
    case LOOM_TYPE_Q6_K: offsets[0] = 208; break;
    }
    for (int64_t b = 0; b < blocks; b++) {
        for (int k = 0; k < 2; k++) {
            if (offsets[k] < 0) continue;
            uint16_t scale = random_scale(random);
            memcpy(w + b * block_bytes + offsets[k], &scale, 2);
        }
    }
}

/* Activations in [-2, 2) with edge cases block by block: all zero, the largest magnitude twice
 * with both signs, values exactly half a step apart (ties to even), tiny, large and subnormal
 * values (with a zero among them). */
static void fill_activations(cross_random *random, float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) x[i] = cross_uniform(random, -2, 2);
    for (int64_t start = 0; start < n; start += 32) {
        int64_t end = start + 32 < n ? start + 32 : n;
        switch (cross_next(random) % 9) {
        case 0:
            for (int64_t i = start; i < end; i++) x[i] = 0;
            break;
        case 1:
            x[start] = 3;
            if (end - start > 1) x[end - 1] = -3;
            break;
        case 2:
            // The largest is 127, so each value is its own quant: k + 0.5 rounds to even.
            for (int64_t i = start; i < end; i++) x[i] = (float)(i - start) - 15.5f;
            x[start] = 127;
            break;
        case 3:
            for (int64_t i = start; i < end; i++) x[i] *= 1e-30f;
            break;
        case 4:
            for (int64_t i = start; i < end; i++) x[i] *= 1000;
            break;
        case 5:
            // Near the bottom of the float range, subnormals and a zero among them, the largest
            // above 127 / FLT_MAX.
            for (int64_t i = start; i < end; i++) x[i] *= 1e-36f;
            x[start] = 0;
            if (end - start > 2) {
                x[start + 1] = -1e-40f;
                x[end - 1] = 2e-36f;
            }
            break;
        case 6:
            // Below 127 / FLT_MAX, where 127 / largest overflows: a negligible block, all zeros.
            for (int64_t i = start; i < end; i++) x[i] *= 1e-39f;
            break;
        default: break;
        }
    }
}

/* One type at one row length: `rows` weight rows times `count` activation rows. */
static void check_product(int index, int64_t n, int64_t rows, int64_t count, cross_random *random) {
    int type = types[index].type;
    const char *name = types[index].name;
    size_t row_bytes = (size_t)(n / loom_type_block_size(type)) * loom_type_block_bytes(type);
    size_t activation_bytes = loom_activation_row_bytes(type, n);
    unsigned char *weights = cross_guarded((size_t)rows * row_bytes);
    float *x = cross_guarded((size_t)(count * n) * sizeof(float));
    unsigned char *best_activations = cross_guarded((size_t)count * activation_bytes);
    unsigned char *scalar_activations = cross_guarded((size_t)count * activation_bytes);
    float *best = malloc((size_t)(rows * count) * sizeof(float));
    float *scalar = malloc((size_t)(rows * count) * sizeof(float));
    float *product = malloc((size_t)(rows * count) * sizeof(float));
    float *split = malloc((size_t)(rows * count) * sizeof(float));
    fill_weights(type, random, weights, rows, n);
    for (int64_t t = 0; t < count; t++) fill_activations(random, x + t * n, n);

    // The activation conversion: the same bytes from both families.
    for (int64_t t = 0; t < count; t++) {
        loom_quantize_activation_family(LOOM_KERNELS_BEST, type, x + t * n, n, best_activations + t * activation_bytes);
        loom_quantize_activation_family(
            LOOM_KERNELS_SCALAR, type, x + t * n, n, scalar_activations + t * activation_bytes);
    }
    cross_check(memcmp(best_activations, scalar_activations, (size_t)count * activation_bytes) == 0,
                "%s n=%lld: the best activation conversion differs from the scalar one", name, (long long)n);

    // Every dot product, by both families.
    double squares = 0;
    for (int64_t t = 0; t < count; t++) {
        for (int64_t r = 0; r < rows; r++) {
            const void *w = weights + (size_t)r * row_bytes;
            const void *a = best_activations + (size_t)t * activation_bytes;
            best[t * rows + r] = loom_dot_family(LOOM_KERNELS_BEST, type, n, w, a);
            scalar[t * rows + r] = loom_dot_family(LOOM_KERNELS_SCALAR, type, n, w, a);
            squares += (double)scalar[t * rows + r] * scalar[t * rows + r];
        }
    }
    // The families sum in other orders (eight lanes, fused multiply-adds): they agree to float
    // rounding, far below what a wrong quant or scale would change.
    double bound = 1e-4 * sqrt(squares / (double)(rows * count)) + 1e-30;
    int agree = 1;
    int64_t worst = 0;
    for (int64_t i = 0; i < rows * count; i++) {
        double error = fabs((double)best[i] - (double)scalar[i]);
        if (!(error <= bound)) {
            agree = 0;
            worst = i;
            break;
        }
    }
    cross_check(agree, "%s n=%lld row %lld token %lld: best %.9g, scalar %.9g", name, (long long)n,
                (long long)(worst % rows), (long long)(worst / rows), best[worst], scalar[worst]);

    // loom_matmul over all rows, and over three row ranges: each output the single dot's bits.
    memset(product, 0xFF, (size_t)(rows * count) * sizeof(float));
    loom_matmul(type, n, weights, row_bytes, 0, rows, best_activations, activation_bytes, count, product, rows);
    int64_t where = 0;
    int same = cross_same_bits(product, best, rows * count, &where);
    cross_check(same, "%s n=%lld: loom_matmul row %lld token %lld gave %.9g, the dot product %.9g", name,
                (long long)n, (long long)(where % rows), (long long)(where / rows), product[where], best[where]);
    int64_t cuts[4] = {0, rows / 3, rows / 3 + 5 < rows ? rows / 3 + 5 : rows, rows};
    memset(split, 0xFF, (size_t)(rows * count) * sizeof(float));
    for (int k = 0; k < 3; k++) {
        loom_matmul(type, n, weights, row_bytes, cuts[k], cuts[k + 1], best_activations, activation_bytes, count,
                    split, rows);
    }
    same = cross_same_bits(split, best, rows * count, &where);
    cross_check(same, "%s n=%lld: loom_matmul by row ranges, row %lld token %lld", name, (long long)n,
                (long long)(where % rows), (long long)(where / rows));
    // Fewer tokens than a tile: the four-token and single kernels alone.
    for (int64_t tokens = 1; tokens <= 7 && tokens <= count; tokens += 3) {
        memset(split, 0xFF, (size_t)(rows * count) * sizeof(float));
        loom_matmul(type, n, weights, row_bytes, 0, rows, best_activations, activation_bytes, tokens, split, rows);
        same = cross_same_bits(split, best, rows * tokens, &where);
        cross_check(same, "%s n=%lld, %lld tokens: loom_matmul row %lld token %lld", name, (long long)n,
                    (long long)tokens, (long long)(where % rows), (long long)(where / rows));
    }

    char line[64];
    // The inputs and their conversion, then the products.
    uint64_t inputs = cross_hash(CROSS_HASH_START, weights, (size_t)rows * row_bytes);
    inputs = cross_hash(inputs, x, (size_t)(count * n) * sizeof(float));
    snprintf(line, sizeof(line), "activation.%s.n%lld", name, (long long)n);
    cross_report(line, cross_hash(inputs, best_activations, (size_t)count * activation_bytes));
    snprintf(line, sizeof(line), "dot.%s.n%lld", name, (long long)n);
    cross_report(line, cross_hash(CROSS_HASH_START, best, (size_t)(rows * count) * sizeof(float)));
    // The portable family is the best one on CPUs without the SIMD kernels: the same bits
    // everywhere too.
    snprintf(line, sizeof(line), "scalar.dot.%s.n%lld", name, (long long)n);
    cross_report(line, cross_hash(CROSS_HASH_START, scalar, (size_t)(rows * count) * sizeof(float)));
    free(best);
    free(scalar);
    free(product);
    free(split);
    cross_free(weights);
    cross_free(x);
    cross_free(best_activations);
    cross_free(scalar_activations);
}

void cross_test_dots(void) {
    cross_random random = {20261208};
    for (size_t index = 0; index < sizeof(types) / sizeof(types[0]); index++) {
        int64_t block = loom_type_block_size(types[index].type);
        const int64_t *lengths = block == 1 ? float_lengths : block == 32 ? block_counts : k_block_counts;
        size_t count = block == 1 ? sizeof(float_lengths) / sizeof(float_lengths[0])
                       : block == 32 ? sizeof(block_counts) / sizeof(block_counts[0])
                                     : sizeof(k_block_counts) / sizeof(k_block_counts[0]);
        for (size_t k = 0; k < count; k++) {
            // 21 rows: a tile of 16 and one of 5 (four-row kernels, then one row); 29 tokens:
            // tiles of 16 and 8 tokens, four tokens, one.
            check_product((int)index, lengths[k] * (block == 1 ? 1 : block), 21, 29, &random);
        }
    }
}
