// Loom's compute kernels: dot products and matrix products computed directly on ggml's
// quantised blocks, with runtime CPU dispatch (AVX-512 with VNNI or AVX2+FMA+F16C on x86-64,
// NEON on arm64, and a portable scalar fallback that is always built). The environment variable
// LOOM_KERNELS=avx2 (or scalar) makes the best family that one, to compare speeds side by side.
//
// Weight types use ggml's numbers (GGUF tensor types). Activations are first converted with
// loom_quantize_activation into the format the weight type's kernel reads:
//   F32, F16, BF16 weights      float32 activations (n floats)
//   Q4_0 Q4_1 Q5_0 Q5_1 Q8_0    blocks of 32: float d, float s = d * sum(q), int32 sum(q), int8 q[32]
//   Q4_K Q5_K Q6_K              blocks of 256: float d, int8 q[256], int16 sums of each 16
// Every row's dot product is computed the same way whatever row range or thread asks for it,
// so splitting rows over threads never changes a result.
#ifndef CLOOMKERNELS_H
#define CLOOMKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ggml tensor types the kernels read.
enum {
    LOOM_TYPE_F32 = 0,
    LOOM_TYPE_F16 = 1,
    LOOM_TYPE_Q4_0 = 2,
    LOOM_TYPE_Q4_1 = 3,
    LOOM_TYPE_Q5_0 = 6,
    LOOM_TYPE_Q5_1 = 7,
    LOOM_TYPE_Q8_0 = 8,
    LOOM_TYPE_Q4_K = 12,
    LOOM_TYPE_Q5_K = 13,
    LOOM_TYPE_Q6_K = 14,
    LOOM_TYPE_BF16 = 30,
};

/// Kernel families, for the `_family` functions that tests use to compare them.
enum {
    /// The portable C kernels.
    LOOM_KERNELS_SCALAR = 0,
    /// The fastest kernels this CPU has (what every other function runs).
    LOOM_KERNELS_BEST = 1,
    /// The AVX2 kernels even where AVX-512 is present (on a CPU without AVX2, the scalar ones;
    /// on arm64, NEON). The AVX-512 kernels must give their bits exactly.
    LOOM_KERNELS_AVX2 = 2,
};

/// Whether `type` is one the kernels read.
int loom_kernels_supports(int type);

/// Weights in one block of `type` (1 for float types; 0 for an unknown type).
int64_t loom_type_block_size(int type);

/// Bytes of one block of `type` (0 for an unknown type).
size_t loom_type_block_bytes(int type);

/// Bytes of one row of `n` activations converted for weights of `type` (`n` a multiple of
/// the type's block size).
size_t loom_activation_row_bytes(int type, int64_t n);

/// Converts `n` floats to the activation format for weights of `type`.
void loom_quantize_activation(int type, const float *x, int64_t n, void *out);

/// loom_quantize_activation done by one kernel family (LOOM_KERNELS_SCALAR or
/// LOOM_KERNELS_BEST), so tests can check that both give the same bytes.
void loom_quantize_activation_family(int family, int type, const float *x, int64_t n, void *out);

/// The dot product of one weight row of `type` (`n` weights) with one converted activation row.
float loom_dot(int type, int64_t n, const void *weights, const void *activation);

/// Rows [first, end) of the matrix `weights` (one row every `row_bytes` bytes, `n` columns)
/// times `count` activation rows (one every `activation_bytes` bytes):
/// out[t * out_stride + r] = dot(row r, activation t).
void loom_matmul(
    int type, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride);

/// loom_matmul computed by one kernel family, so tests can compare the families' tiles.
void loom_matmul_family(
    int family, int type, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride);

/// loom_dot computed by one kernel family (LOOM_KERNELS_SCALAR or LOOM_KERNELS_BEST), so tests
/// can compare the two without changing what other threads run.
float loom_dot_family(int family, int type, int64_t n, const void *weights, const void *activation);

/// The name of a kernel family on this CPU: "scalar", "avx2", "avx512" or "neon".
const char *loom_kernels_name(int family);

/// A persistent pool of worker threads that run the numbered tasks of one job at a time.
/// Idle workers spin briefly, then park until the next job.
typedef struct loom_pool loom_pool;

/// One task of a pool job: `task` is its number, 0 ..< the job's task count.
typedef void (*loom_task_fn)(void *context, int64_t task);

/// A pool of `threads` threads in all: the caller of loom_pool_run and `threads - 1` workers.
loom_pool *loom_pool_create(int threads);

/// Stops and joins the workers and frees the pool (NULL is ignored).
void loom_pool_destroy(loom_pool *pool);

/// Threads the pool runs on, the caller included (1 for NULL).
int loom_pool_threads(const loom_pool *pool);

/// Runs tasks 0 ..< `tasks` of `fn` on the caller and the workers and returns when all have
/// returned. A NULL or one-thread pool runs them in order on the caller. Not reentrant: one
/// caller at a time.
void loom_pool_run(loom_pool *pool, int64_t tasks, loom_task_fn fn, void *context);

/// One matrix product for loom_pool_matmul_many: all `rows` rows of `weights` (`type`, `n`
/// columns, one row every `row_bytes`) times the activation rows (one every
/// `activation_bytes`): out[t * out_stride + r].
typedef struct {
    int type;
    int64_t n;
    const void *weights;
    size_t row_bytes;
    int64_t rows;
    const void *activations;
    size_t activation_bytes;
    float *out;
    int64_t out_stride;
} loom_product;

/// Products handed to the pool in one job (more are run in several jobs).
#define LOOM_MAX_PRODUCTS 4

/// `count` independent products of `tokens` activation rows each, as one pool job: each is
/// split in tiles of 16 rows between the pool's threads, so independent products (a layer's
/// query, key and value) wait for the threads once, not once each.
void loom_pool_matmul_many(loom_pool *pool, const loom_product *products, int count, int64_t tokens);

/// Causal, grouped-query attention of `rows` batch rows, heads split between the pool's
/// threads. Row r's query heads (`heads` × `head_size` floats, rows `q_stride` apart) attend
/// over cached positions 0 ... first_position + r of `keys` and `values` (one position every
/// `kv_stride` floats, `kv_heads` heads; query head h reads head h / (heads / kv_heads)).
/// `scores` is scratch of heads × context floats; row r's output goes to out + r · out_stride.
void loom_attention(
    loom_pool *pool, const float *q, int64_t q_stride, const float *keys, const float *values, int64_t kv_stride,
    int64_t head_size, int64_t heads, int64_t kv_heads, int64_t rows, int64_t first_position, float *scores,
    int64_t context, float *out, int64_t out_stride);

/// loom_attention over a half-precision cache (`keys` and `values` as IEEE half bits, as
/// loom_store_halves writes them; llama.cpp's default cache type), in the order of ggml's CPU
/// flash attention (kernels_attention_f16.c): the query rounded to half, an online softmax and a
/// half-precision accumulator, the same bits on every kernel family. The query heads sharing a
/// key/value head run together and read it once; tasks are (row, key/value head) pairs.
void loom_attention_f16(
    loom_pool *pool, const float *q, int64_t q_stride, const uint16_t *keys, const uint16_t *values,
    int64_t kv_stride, int64_t head_size, int64_t heads, int64_t kv_heads, int64_t rows, int64_t first_position,
    float *out, int64_t out_stride);

/// The attention of `group` query heads (q + g · head_size) sharing one key/value head, over
/// `positions` half-precision keys and values (one every `stride` values), by one kernel family
/// (LOOM_KERNELS_SCALAR or LOOM_KERNELS_BEST), so tests can check that both give the same bits;
/// the results go to out + g · head_size.
void loom_attend_f16_family(
    int family, const float *q, int64_t group, const uint16_t *keys, const uint16_t *values, int64_t stride,
    int64_t head_size, int64_t positions, float scale, float *out);

/// Converts `n` floats to IEEE half bits, rounding to nearest even (F16C's vcvtps2ph bits on
/// every CPU, subnormals, infinities and NaN payloads included).
void loom_store_halves(const float *x, int64_t n, uint16_t *out);

/// loom_store_halves done by one kernel family, so tests can compare the two.
void loom_store_halves_family(int family, const float *x, int64_t n, uint16_t *out);

/// out[i] = silu(gate[i]) · up[i] for `n` values, as llama.cpp's CPU backend computes it (its
/// vector approximation of exp over each whole eight values, libm's expf past them), the same
/// bits on every CPU. `out` may be `gate` or `up`. Run it on one row at a time: where the vector
/// part ends depends on `n`.
void loom_swiglu(const float *gate, const float *up, int64_t n, float *out);

/// loom_swiglu done by one kernel family, so tests can compare the two.
void loom_swiglu_family(int family, const float *gate, const float *up, int64_t n, float *out);

/// The index of the first of `n` floats that is NaN or infinite, or -1 when all are finite.
int64_t loom_first_nonfinite(const float *x, int64_t n);

/// Converts IEEE half-precision bits to float.
float loom_half_to_float(uint16_t bits);

/// Converts float to IEEE half-precision bits (round to nearest even; the bits F16C gives).
uint16_t loom_float_to_half(float value);

#ifdef __cplusplus
}
#endif

#endif
