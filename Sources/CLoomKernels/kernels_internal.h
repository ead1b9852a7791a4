// Shared declarations of the kernel files: block layouts (ggml's, little-endian) and the
// per-family dot-product tables.
#ifndef LOOM_KERNELS_INTERNAL_H
#define LOOM_KERNELS_INTERNAL_H

#include "CLoomKernels.h"
#include <float.h>
#include <stdlib.h>
#include <string.h>

#define QK 32
#define QKK 256

typedef struct { uint16_t d; uint8_t qs[16]; } loom_q4_0;
typedef struct { uint16_t d, m; uint8_t qs[16]; } loom_q4_1;
typedef struct { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; } loom_q5_0;
typedef struct { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; } loom_q5_1;
typedef struct { uint16_t d; int8_t qs[32]; } loom_q8_0;
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; } loom_q4_k;
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[32]; uint8_t qs[128]; } loom_q5_k;
typedef struct { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; } loom_q6_k;

/// Activations for the 32-weight types: s = d * sum(qs) (half precision, for Q4_1 and Q5_1),
/// sum = sum(qs) exactly (for Q4_0 and Q5_0).
typedef struct { float d, s; int32_t sum; int8_t qs[32]; } loom_a8;
/// Activations for the k-quants: sums holds the sum of each 16 quants.
typedef struct { float d; int8_t qs[256]; int16_t sums[16]; } loom_a8k;

/// A dot product of n weights with converted activations.
typedef float (*loom_dot_fn)(int64_t n, const void *weights, const void *activation);

/// One weight row against four activation rows `stride` bytes apart, into out[0..3]; each
/// result must equal the single dot product bit for bit.
typedef void (*loom_dot4_fn)(int64_t n, const void *weights, const void *activation, size_t stride, float *out);

/// Four weight rows `row_bytes` apart against one activation row, into out[0..3]; each result
/// must equal the single dot product bit for bit.
typedef void (*loom_rows4_fn)(int64_t n, const void *weights, size_t row_bytes, const void *activation, float *out);

/// One block of eight activation rows of the 32-weight types, their scales and sums side by
/// side, so a kernel loads each as one vector; for the tiles that ask (a table's `tile_lanes`),
/// also their quants four by four: quants[j][t] holds quants 4j ... 4j + 3 of row t.
typedef struct {
    float d[8];
    int32_t sum[8];
    uint32_t quants[8][8];
} loom_a8_lanes;

/// Blocks of loom_a8_lanes a tile call can be given (columns up to 16 384; wider matrices run
/// the four-token and single-token kernels). Each thread makes two tables of them on its first tile.
#define LOOM_MAX_LANE_BLOCKS 512

/// Four weight rows `row_bytes` apart against 8 · `groups` activation rows `stride` bytes apart
/// (`groups` 1 or 2; for the 32-weight types the scales and sums of each eight gathered in
/// `lanes`, n / 32 entries per eight; the k-quants' tiles do not read it), into
/// out[t * out_stride + r]; each result must equal the single dot product bit for bit.
typedef void (*loom_tile_fn)(
    int64_t n, const void *weights, size_t row_bytes, const void *activation, size_t stride, int groups,
    const loom_a8_lanes *lanes, float *out, int64_t out_stride);

/// Gathers `blocks` blocks of eight activation rows (`stride` bytes apart) into lanes[b].
typedef void (*loom_lanes_fn)(const char *activation, size_t stride, int64_t blocks, loom_a8_lanes *lanes);

/// One family's dot products, indexed by ggml type (NULL where the family has none).
typedef struct {
    loom_dot_fn dot[31];
    loom_dot4_fn dot4[31];
    loom_rows4_fn rows4[31];
    loom_tile_fn tile[31];
    /// What gathers the lanes that tile[type] reads (NULL: the scales and sums, as
    /// loom_gather_lanes of kernels_common.c does; the k-quants' tiles read none).
    loom_lanes_fn tile_lanes[31];
} loom_kernel_table;

void loom_scalar_table(loom_kernel_table *table);

/// loom_matmul for float32 weights (kernels_f32.c), by `dot` and (NULL for none) `dot4`.
void loom_matmul_f32(
    loom_dot_fn dot, loom_dot4_fn dot4, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride);

/// Causal attention of one query head over `positions` cached keys and values (one every
/// `stride` floats): scores (scratch, `positions` floats) and the weighted sum into out.
/// Whether an activation block whose largest magnitude is `largest` has nothing to scale: all
/// zeros, or so close to zero (below 127 / FLT_MAX) that 127 / largest overflows. Its scale rounds
/// to 0 whatever its quants, so every family stores the block as zeros and the bytes agree.
static inline int loom_a8_negligible(float largest) { return !(127.0f / largest <= FLT_MAX); }

typedef void (*loom_attend_fn)(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out);

/// The scores exp(score − largest), in place, one position after another; returns 1 / their sum
/// (every attention kernel's softmax, so all round it alike).
float loom_attention_softmax(float *scores, int64_t positions, float largest);

void loom_attend_scalar(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out);
#if defined(__x86_64__) || defined(_M_X64)
void loom_attend_avx2(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out);
#endif

/// One pooled attention (float or half cache): what every task reads. `keys` and `values` are
/// float or half according to the cache; `kernel` is the cache's kernel, which `run` calls.
typedef struct loom_attention_job loom_attention_job;
struct loom_attention_job {
    const float *q;
    const void *keys, *values;
    float *out;
    /// The float cache's scratch: `context` scores per query head.
    float *scores;
    int64_t q_stride, kv_stride, head_size, group, kv_heads, rows, first_position, out_stride, context;
    float scale;
    void (*kernel)(void);
    /// Task `task` of the job (its meaning is the cache's: a query head, or a row's key/value head).
    void (*run)(const loom_attention_job *job, int64_t task);
};

/// Runs `tasks` tasks of `job` on the pool's threads.
void loom_attention_run(loom_pool *pool, const loom_attention_job *job, int64_t tasks);

/// The fastest attention kernel for heads of `head_size` on this CPU.
loom_attend_fn loom_attend_kernel(int64_t head_size);
#if defined(__x86_64__) || defined(_M_X64)
int loom_avx2_available(void);
void loom_avx2_table(loom_kernel_table *table);
/// loom_quantize_activation's conversions for the 32-weight types and the k-quants (same bytes).
void loom_avx2_quantize_a8(const float *x, int64_t n, loom_a8 *y);
void loom_avx2_quantize_a8k(const float *x, int64_t n, loom_a8k *y);
/// Whether the CPU has AVX-512 F, BW, VL and VNNI (and AVX2, FMA, F16C): the "avx512" family.
int loom_avx512_available(void);
/// The AVX-512 family: the AVX2 table with the AVX-512 kernels over it (kernels_avx512.c).
void loom_avx512_table(loom_kernel_table *table);
#endif
#if defined(__aarch64__)
void loom_attend_neon(
    const float *q, const float *keys, const float *values, int64_t stride, int64_t head_size, int64_t positions,
    float scale, float *scores, float *out);
void loom_neon_table(loom_kernel_table *table);
/// loom_quantize_activation's conversions in NEON (same bytes).
void loom_neon_quantize_a8(const float *x, int64_t n, loom_a8 *y);
void loom_neon_quantize_a8k(const float *x, int64_t n, loom_a8k *y);
#endif

static inline float loom_h(uint16_t bits) { return loom_half_to_float(bits); }

/// The 6-bit scale and minimum of sub-block j of a Q4_K/Q5_K block.
static inline void loom_scale_min_k4(int j, const uint8_t *q, uint8_t *scale, uint8_t *minimum) {
    if (j < 4) {
        *scale = q[j] & 63;
        *minimum = q[j + 4] & 63;
    } else {
        *scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *minimum = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

#endif
