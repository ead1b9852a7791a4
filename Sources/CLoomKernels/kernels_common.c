// Type sizes, activation conversion, half-precision conversion and the dispatcher.
#include "kernels_internal.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

float loom_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1F;
    uint32_t mantissa = h & 0x3FF;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {
            // Subnormal: normalise.
            int shift = 0;
            while (!(mantissa & 0x400)) {
                mantissa <<= 1;
                shift++;
            }
            mantissa &= 0x3FF;
            bits = sign | ((uint32_t)(127 - 15 + 1 - shift) << 23) | (mantissa << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7F800000 | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

uint16_t loom_float_to_half(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint32_t sign = (bits >> 16) & 0x8000;
    uint32_t absolute = bits & 0x7FFFFFFF;
    // Infinity stays infinity; a NaN is made quiet and keeps the top of its payload, as F16C's
    // vcvtps2ph does.
    if (absolute >= 0x7F800000) {
        return (uint16_t)(sign | 0x7C00 | (absolute > 0x7F800000 ? 0x200 | ((absolute & 0x7FFFFF) >> 13) : 0));
    }
    if (absolute >= 0x477FF000) return (uint16_t)(sign | 0x7C00);  // rounds to infinity
    if (absolute < 0x38800000) {
        // Subnormal half (or zero): scale into the 10-bit mantissa with round to nearest even.
        float magnitude;
        memcpy(&magnitude, &absolute, 4);
        float scaled = magnitude * 16777216.0f;  // 2^24: the half subnormal unit becomes 1
        uint32_t m = (uint32_t)nearbyintf(scaled);
        return (uint16_t)(sign | m);
    }
    uint32_t mantissa = absolute & 0x7FFFFF;
    uint32_t exponent = (absolute >> 23) - 127 + 15;
    uint32_t half = (exponent << 10) | (mantissa >> 13);
    uint32_t rest = mantissa & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
    return (uint16_t)(sign | half);
}

int64_t loom_first_nonfinite(const float *x, int64_t n) {
    // Integer tests on the bits, in blocks the compiler can vectorise: a float is not finite
    // when its exponent bits are all set.
    const uint32_t *bits = (const uint32_t *)x;
    for (int64_t start = 0; start < n; start += 256) {
        int64_t end = start + 256 < n ? start + 256 : n;
        uint32_t any = 0;
        for (int64_t i = start; i < end; i++) any |= (uint32_t)((bits[i] & 0x7F800000u) == 0x7F800000u);
        if (any) {
            for (int64_t i = start; i < end; i++) {
                if ((bits[i] & 0x7F800000u) == 0x7F800000u) return i;
            }
        }
    }
    return -1;
}

int loom_kernels_supports(int type) { return loom_type_block_size(type) > 0; }

int64_t loom_type_block_size(int type) {
    switch (type) {
    case LOOM_TYPE_F32: case LOOM_TYPE_F16: case LOOM_TYPE_BF16: return 1;
    case LOOM_TYPE_Q4_0: case LOOM_TYPE_Q4_1: case LOOM_TYPE_Q5_0: case LOOM_TYPE_Q5_1: case LOOM_TYPE_Q8_0: return QK;
    case LOOM_TYPE_Q4_K: case LOOM_TYPE_Q5_K: case LOOM_TYPE_Q6_K: return QKK;
    default: return 0;
    }
}

size_t loom_type_block_bytes(int type) {
    switch (type) {
    case LOOM_TYPE_F32: return 4;
    case LOOM_TYPE_F16: case LOOM_TYPE_BF16: return 2;
    case LOOM_TYPE_Q4_0: return sizeof(loom_q4_0);
    case LOOM_TYPE_Q4_1: return sizeof(loom_q4_1);
    case LOOM_TYPE_Q5_0: return sizeof(loom_q5_0);
    case LOOM_TYPE_Q5_1: return sizeof(loom_q5_1);
    case LOOM_TYPE_Q8_0: return sizeof(loom_q8_0);
    case LOOM_TYPE_Q4_K: return sizeof(loom_q4_k);
    case LOOM_TYPE_Q5_K: return sizeof(loom_q5_k);
    case LOOM_TYPE_Q6_K: return sizeof(loom_q6_k);
    default: return 0;
    }
}

size_t loom_activation_row_bytes(int type, int64_t n) {
    switch (loom_type_block_size(type)) {
    case 1: return (size_t)n * sizeof(float);
    case QK: return (size_t)(n / QK) * sizeof(loom_a8);
    case QKK: return (size_t)(n / QKK) * sizeof(loom_a8k);
    default: return 0;
    }
}

static int8_t loom_round_q8(float v) {
    float r = nearbyintf(v);
    if (r > 127) r = 127;
    if (r < -127) r = -127;
    return (int8_t)r;
}

void loom_quantize_activation(int type, const float *x, int64_t n, void *out) {
    loom_quantize_activation_family(LOOM_KERNELS_BEST, type, x, n, out);
}

void loom_quantize_activation_family(int family, int type, const float *x, int64_t n, void *out) {
    int64_t block = loom_type_block_size(type);
#if defined(__x86_64__) || defined(_M_X64)
    // The AVX2 conversion gives the same bytes, several times faster.
    if (family != LOOM_KERNELS_SCALAR && block == QK && loom_avx2_available()) {
        loom_avx2_quantize_a8(x, n, out);
        return;
    }
    if (family != LOOM_KERNELS_SCALAR && block == QKK && loom_avx2_available()) {
        loom_avx2_quantize_a8k(x, n, out);
        return;
    }
#elif defined(__aarch64__)
    if (family != LOOM_KERNELS_SCALAR && block == QK) {
        loom_neon_quantize_a8(x, n, out);
        return;
    }
    if (family != LOOM_KERNELS_SCALAR && block == QKK) {
        loom_neon_quantize_a8k(x, n, out);
        return;
    }
#endif
    if (block == 1) {
        memcpy(out, x, (size_t)n * sizeof(float));
    } else if (block == QK) {
        // As ggml's x86 Q8_0/Q8_1 rows: q = round(x · 127/max|x|).
        loom_a8 *y = out;
        for (int64_t b = 0; b < n / QK; b++, x += QK) {
            float largest = 0;
            for (int j = 0; j < QK; j++) largest = fmaxf(largest, fabsf(x[j]));
            float d = largest / 127.0f;
            float inverse = loom_a8_negligible(largest) ? 0.0f : 127.0f / largest;
            int sum = 0;
            for (int j = 0; j < QK; j++) {
                y[b].qs[j] = loom_round_q8(x[j] * inverse);
                sum += y[b].qs[j];
            }
            // The scale and sum are kept at half precision, as ggml's Q8_0/Q8_1 blocks keep
            // them, so products round as llama.cpp's do.
            y[b].d = loom_half_to_float(loom_float_to_half(d));
            y[b].s = loom_half_to_float(loom_float_to_half(d * (float)sum));
            y[b].sum = sum;
        }
    } else if (block == QKK) {
        // As ggml's Q8_K: the scale comes from the signed value of largest magnitude.
        loom_a8k *y = out;
        for (int64_t b = 0; b < n / QKK; b++, x += QKK) {
            float largest = 0, signed_largest = 0;
            for (int j = 0; j < QKK; j++) {
                if (fabsf(x[j]) > largest) {
                    largest = fabsf(x[j]);
                    signed_largest = x[j];
                }
            }
            if (loom_a8_negligible(largest)) {
                memset(&y[b], 0, sizeof(y[b]));
                continue;
            }
            float inverse = -127.0f / signed_largest;
            for (int j = 0; j < QKK; j++) {
                float r = nearbyintf(inverse * x[j]);
                y[b].qs[j] = (int8_t)(r > 127 ? 127 : r);
            }
            for (int g = 0; g < 16; g++) {
                int sum = 0;
                for (int j = 0; j < 16; j++) sum += y[b].qs[16 * g + j];
                y[b].sums[g] = (int16_t)sum;
            }
            y[b].d = 1 / inverse;
        }
    }
}

// The tables, filled once, by family: scalar, best, AVX2. Concurrent first calls race
// benignly: each writes the same tables before publishing them.
static loom_kernel_table loom_tables[3];
static const char *loom_table_names[3] = {"scalar", "scalar", "scalar"};
static int loom_ready = 0;

static void loom_prepare(void) {
    for (int f = 0; f < 3; f++) loom_scalar_table(&loom_tables[f]);
#if defined(__x86_64__) || defined(_M_X64)
    if (loom_avx2_available()) {
        loom_avx2_table(&loom_tables[1]);
        loom_avx2_table(&loom_tables[2]);
        loom_table_names[1] = loom_table_names[2] = "avx2";
    }
    if (loom_avx512_available()) {
        loom_avx512_table(&loom_tables[1]);
        loom_table_names[1] = "avx512";
    }
#elif defined(__aarch64__)
    for (int f = 1; f < 3; f++) {
        loom_neon_table(&loom_tables[f]);
        loom_table_names[f] = "neon";
    }
#endif
    // LOOM_KERNELS=avx2 (or scalar) makes the best family that one, for side-by-side checks;
    // every family gives the same bits, so only the speed changes.
    const char *forced = getenv("LOOM_KERNELS");
    for (int f = 0; forced && f < 3; f++) {
        if (f != 1 && strcmp(forced, loom_table_names[f]) == 0) {
            loom_tables[1] = loom_tables[f];
            loom_table_names[1] = loom_table_names[f];
        }
    }
    __atomic_store_n(&loom_ready, 1, __ATOMIC_RELEASE);
}

static inline const loom_kernel_table *loom_table(int family) {
    if (!__atomic_load_n(&loom_ready, __ATOMIC_ACQUIRE)) loom_prepare();
    return &loom_tables[family == LOOM_KERNELS_SCALAR ? 0 : family == LOOM_KERNELS_AVX2 ? 2 : 1];
}

loom_attend_fn loom_attend_kernel(int64_t head_size) {
    loom_table(LOOM_KERNELS_BEST);
#if defined(__x86_64__) || defined(_M_X64)
    if (head_size % 8 == 0 && loom_avx2_available()) return loom_attend_avx2;
#elif defined(__aarch64__)
    if (head_size % 8 == 0) return loom_attend_neon;
#endif
    (void)head_size;
    return loom_attend_scalar;
}

const char *loom_kernels_name(int family) {
    return loom_table_names[loom_table(family) - loom_tables];
}

float loom_dot_family(int family, int type, int64_t n, const void *weights, const void *activation) {
    if (type < 0 || type > 30) return 0;
    loom_dot_fn dot = loom_table(family)->dot[type];
    return dot ? dot(n, weights, activation) : 0;
}

float loom_dot(int type, int64_t n, const void *weights, const void *activation) {
    return loom_dot_family(LOOM_KERNELS_BEST, type, n, weights, activation);
}

/// Asks for the `bytes` of weights that lie `LOOM_PREFETCH_AHEAD` bytes past `row`.
/// Streaming a matrix from memory on one core is limited by how many cache misses are in
/// flight; requests issued ahead of the rows being multiplied keep more of them in flight
/// (measured: a 30 MB Q8_0 matrix-vector product 1.5-2× faster). Prefetches past the end of
/// the mapping are harmless: they never fault.
#define LOOM_PREFETCH_AHEAD 4096
static inline void loom_prefetch(const char *row, size_t bytes) {
    for (size_t k = 0; k < bytes; k += 64) __builtin_prefetch(row + LOOM_PREFETCH_AHEAD + k);
}

/// The scales and sums of `blocks` blocks of eight activation rows (`stride` bytes apart),
/// side by side.
static void loom_gather_lanes(const char *activation, size_t stride, int64_t blocks, loom_a8_lanes *lanes) {
    for (int t = 0; t < 8; t++) {
        const loom_a8 *y = (const loom_a8 *)(activation + t * stride);
        for (int64_t b = 0; b < blocks; b++) {
            lanes[b].d[t] = y[b].d;
            lanes[b].sum[t] = y[b].sum;
        }
    }
}

static pthread_key_t loom_lanes_key;
static pthread_once_t loom_lanes_once = PTHREAD_ONCE_INIT;
static void loom_make_lanes_key(void) { pthread_key_create(&loom_lanes_key, free); }

/// The calling thread's two tables of gathered lanes for tiles over `blocks` blocks, made on first
/// use and grown when a wider matrix comes; freed when the thread ends. (A static thread-local
/// table was zeroed, so resident, in every thread at its start — 320 KB each, issue 24 — even in
/// threads that never run a tile.) NULL when the memory cannot be had: the caller then runs the
/// four-token and single-token kernels, which give the same bits.
static loom_a8_lanes *loom_thread_lanes(int64_t blocks) {
    static _Thread_local loom_a8_lanes *lanes;
    static _Thread_local int64_t capacity;
    if (blocks <= capacity) return lanes;
    pthread_once(&loom_lanes_once, loom_make_lanes_key);
    size_t bytes = (size_t)(2 * blocks) * sizeof(loom_a8_lanes);
    loom_a8_lanes *grown = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
    if (!grown) return NULL;
    free(lanes);
    lanes = grown;
    capacity = blocks;
    pthread_setspecific(loom_lanes_key, lanes);
    return lanes;
}

void loom_matmul(
    int type, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride) {
    loom_matmul_family(
        LOOM_KERNELS_BEST, type, n, weights, row_bytes, first, end, activations, activation_bytes, count, out,
        out_stride);
}

void loom_matmul_family(
    int family, int type, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride) {
    if (type < 0 || type > 30) return;
    const loom_kernel_table *table = loom_table(family);
    loom_dot_fn dot = table->dot[type];
    loom_dot4_fn dot4 = table->dot4[type];
    loom_rows4_fn rows4 = table->rows4[type];
    loom_tile_fn tiles = n / QK <= LOOM_MAX_LANE_BLOCKS && count >= 8 ? table->tile[type] : NULL;
    // The tiles' gathered lanes: per thread, so the pool's threads never share them.
    loom_a8_lanes *lanes = tiles ? loom_thread_lanes(n / QK) : NULL;
    if (!lanes) tiles = NULL;
    // Only the 32-weight types' tiles read the gathered scales and sums.
    const int gathered = loom_type_block_size(type) == QK;
    loom_lanes_fn gather = table->tile_lanes[type] ? table->tile_lanes[type] : loom_gather_lanes;
    if (!dot) return;
    if (type == LOOM_TYPE_F32) {
        loom_matmul_f32(dot, dot4, n, weights, row_bytes, first, end, activations, activation_bytes, count, out, out_stride);
        return;
    }
    const char *w = weights;
    const char *a = activations;
    // Rows in tiles of 16 keep a tile's weights in cache while every activation row passes;
    // the first pass over a tile prefetches the weights ahead of it.
    for (int64_t tile = first; tile < end; tile += 16) {
        int64_t tile_end = tile + 16 < end ? tile + 16 : end;
        int64_t t = 0;
        if (tiles) {
            // 4 rows × 16 (then 8) tokens at a time; rows past the last four go one by one.
            while (t + 8 <= count) {
                int groups = t + 16 <= count ? 2 : 1;
                const char *x = a + (size_t)t * activation_bytes;
                for (int g = 0; gathered && g < groups; g++) {
                    gather(x + 8 * g * activation_bytes, activation_bytes, n / QK, lanes + g * (n / QK));
                }
                int64_t r = tile;
                for (; r + 4 <= tile_end; r += 4) {
                    if (t == 0) loom_prefetch(w + (size_t)r * row_bytes, 4 * row_bytes);
                    tiles(n, w + (size_t)r * row_bytes, row_bytes, x, activation_bytes, groups, lanes,
                          out + t * out_stride + r, out_stride);
                }
                for (; r < tile_end; r++) {
                    for (int k = 0; k < 8 * groups; k++) {
                        out[(t + k) * out_stride + r] = dot(n, w + (size_t)r * row_bytes, x + k * activation_bytes);
                    }
                }
                t += 8 * groups;
            }
        }
        if (dot4) {
            for (; t + 4 <= count; t += 4) {
                const void *x = a + (size_t)t * activation_bytes;
                for (int64_t r = tile; r < tile_end; r++) {
                    float four[4];
                    if (t == 0) loom_prefetch(w + (size_t)r * row_bytes, row_bytes);
                    dot4(n, w + (size_t)r * row_bytes, x, activation_bytes, four);
                    for (int k = 0; k < 4; k++) out[(t + k) * out_stride + r] = four[k];
                }
            }
        }
        for (; t < count; t++) {
            const void *x = a + (size_t)t * activation_bytes;
            float *o = out + t * out_stride;
            int first_pass = t == 0;
            int64_t r = tile;
            if (rows4) {
                for (; r + 4 <= tile_end; r += 4) {
                    if (first_pass) loom_prefetch(w + (size_t)r * row_bytes, 4 * row_bytes);
                    rows4(n, w + (size_t)r * row_bytes, row_bytes, x, o + r);
                }
            }
            for (; r < tile_end; r++) {
                if (first_pass) loom_prefetch(w + (size_t)r * row_bytes, row_bytes);
                o[r] = dot(n, w + (size_t)r * row_bytes, x);
            }
        }
    }
}
