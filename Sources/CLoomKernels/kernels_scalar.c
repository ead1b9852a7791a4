// The portable kernels: integer sums within a block, one float multiply-add per block.
// They define the results the SIMD kernels must match (to float rounding).
#include "kernels_internal.h"

// Separate multiplies and adds on every CPU: arm64 compilers would otherwise fuse them (x86-64's
// baseline cannot), and the portable family would give other bits there.
#pragma STDC FP_CONTRACT OFF

static float dot_f32(int64_t n, const void *weights, const void *activation) {
    const float *w = weights, *x = activation;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += w[i] * x[i];
    return sum;
}

static float dot_f16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += loom_h(w[i]) * x[i];
    return sum;
}

static float dot_bf16(int64_t n, const void *weights, const void *activation) {
    const uint16_t *w = weights;
    const float *x = activation;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) {
        uint32_t bits = (uint32_t)w[i] << 16;
        float value;
        memcpy(&value, &bits, 4);
        sum += value * x[i];
    }
    return sum;
}

/// Sum over a 32-block of unsigned low/high nibbles times the activation quants.
static inline int nibble_sum(const uint8_t *qs, const int8_t *y) {
    int sum = 0;
    for (int j = 0; j < 16; j++) sum += (qs[j] & 0xF) * y[j] + (qs[j] >> 4) * y[j + 16];
    return sum;
}

static inline int nibble5_sum(const uint8_t *qs, const uint8_t *qh, const int8_t *y) {
    uint32_t high;
    memcpy(&high, qh, 4);
    int sum = 0;
    for (int j = 0; j < 16; j++) {
        int low = (qs[j] & 0xF) | (int)((high >> j) & 1) << 4;
        int upper = (qs[j] >> 4) | (int)((high >> (j + 16)) & 1) << 4;
        sum += low * y[j] + upper * y[j + 16];
    }
    return sum;
}

// Q4_0: (q − 8)·d, so the block is d·dx·(Σq·y − 8·Σy), all in integers.
static float dot_q4_0(int64_t n, const void *weights, const void *activation) {
    const loom_q4_0 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        sum += loom_h(w[b].d) * y[b].d * (float)(nibble_sum(w[b].qs, y[b].qs) - 8 * y[b].sum);
    }
    return sum;
}

static float dot_q4_1(int64_t n, const void *weights, const void *activation) {
    const loom_q4_1 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        sum += loom_h(w[b].d) * y[b].d * (float)nibble_sum(w[b].qs, y[b].qs) + loom_h(w[b].m) * y[b].s;
    }
    return sum;
}

static float dot_q5_0(int64_t n, const void *weights, const void *activation) {
    const loom_q5_0 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        sum += loom_h(w[b].d) * y[b].d * (float)(nibble5_sum(w[b].qs, w[b].qh, y[b].qs) - 16 * y[b].sum);
    }
    return sum;
}

static float dot_q5_1(int64_t n, const void *weights, const void *activation) {
    const loom_q5_1 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        sum += loom_h(w[b].d) * y[b].d * (float)nibble5_sum(w[b].qs, w[b].qh, y[b].qs) + loom_h(w[b].m) * y[b].s;
    }
    return sum;
}

static float dot_q8_0(int64_t n, const void *weights, const void *activation) {
    const loom_q8_0 *w = weights;
    const loom_a8 *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QK; b++) {
        int s = 0;
        for (int j = 0; j < QK; j++) s += w[b].qs[j] * y[b].qs[j];
        sum += loom_h(w[b].d) * y[b].d * (float)s;
    }
    return sum;
}

// Q4_K: weight = d·scale_j·q − dmin·min_j over 8 sub-blocks of 32; Q5_K the same with a fifth
// bit of each quant from qh.
/// One Q4_K or Q5_K block against `y`: `qh` is the fifth bits, or NULL for Q4_K.
static inline float dot_k4_block(
    const uint8_t *scales, const uint8_t *qs, const uint8_t *qh, uint16_t d, uint16_t dmin, const loom_a8k *y) {
    int scaled = 0, minimums = 0;
    for (int chunk = 0; chunk < 4; chunk++) {
        uint8_t s1, m1, s2, m2;
        loom_scale_min_k4(2 * chunk, scales, &s1, &m1);
        loom_scale_min_k4(2 * chunk + 1, scales, &s2, &m2);
        const uint8_t *q = qs + 32 * chunk;
        const int8_t *x = y->qs + 64 * chunk;
        int low = 0, high = 0;
        for (int l = 0; l < 32; l++) {
            int h = qh ? qh[l] : 0;
            low += ((q[l] & 0xF) | ((h >> (2 * chunk)) & 1) << 4) * x[l];
            high += ((q[l] >> 4) | ((h >> (2 * chunk + 1)) & 1) << 4) * x[l + 32];
        }
        scaled += s1 * low + s2 * high;
        const int16_t *sums = y->sums + 4 * chunk;
        minimums += m1 * (sums[0] + sums[1]) + m2 * (sums[2] + sums[3]);
    }
    return y->d * (loom_h(d) * (float)scaled - loom_h(dmin) * (float)minimums);
}

static float dot_q4_k(int64_t n, const void *weights, const void *activation) {
    const loom_q4_k *w = weights;
    const loom_a8k *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QKK; b++) sum += dot_k4_block(w[b].scales, w[b].qs, NULL, w[b].d, w[b].dmin, &y[b]);
    return sum;
}

static float dot_q5_k(int64_t n, const void *weights, const void *activation) {
    const loom_q5_k *w = weights;
    const loom_a8k *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QKK; b++) sum += dot_k4_block(w[b].scales, w[b].qs, w[b].qh, w[b].d, w[b].dmin, &y[b]);
    return sum;
}

// Q6_K: weight = d·scale_g·(q − 32) with a signed scale per 16 weights.
static float dot_q6_k(int64_t n, const void *weights, const void *activation) {
    const loom_q6_k *w = weights;
    const loom_a8k *y = activation;
    float sum = 0;
    for (int64_t b = 0; b < n / QKK; b++) {
        int total = 0;
        for (int half = 0; half < 2; half++) {
            const uint8_t *ql = w[b].ql + 64 * half, *qh = w[b].qh + 32 * half;
            const int8_t *scales = w[b].scales + 8 * half;
            const int8_t *x = y[b].qs + 128 * half;
            int group[8] = {0};
            for (int l = 0; l < 32; l++) {
                int g = l / 16;
                int q1 = ((ql[l] & 0xF) | (qh[l] & 3) << 4) - 32;
                int q2 = ((ql[l + 32] & 0xF) | ((qh[l] >> 2) & 3) << 4) - 32;
                int q3 = ((ql[l] >> 4) | ((qh[l] >> 4) & 3) << 4) - 32;
                int q4 = ((ql[l + 32] >> 4) | ((qh[l] >> 6) & 3) << 4) - 32;
                group[g] += q1 * x[l];
                group[g + 2] += q2 * x[l + 32];
                group[g + 4] += q3 * x[l + 64];
                group[g + 6] += q4 * x[l + 96];
            }
            for (int g = 0; g < 8; g++) total += scales[g] * group[g];
        }
        sum += loom_h(w[b].d) * y[b].d * (float)total;
    }
    return sum;
}

void loom_scalar_table(loom_kernel_table *table) {
    memset(table, 0, sizeof(*table));
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
}
