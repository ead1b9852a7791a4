// Integer kernels for small encoders (the sentence model): int8 weights with one float scale
// per output row, times int16 activations with one float scale per row, summed exactly in
// int32; plus the float steps around them (layer normalisation, GELU, attention of one
// sequence) written for speed without changing results between calls.
//
// Determinism: a product's integer sum is exact, so every kernel family (AVX2 on x86-64, the
// portable scalar loop) returns the same int32, and the one float multiplication after it is
// done by the same C code on every path. The float steps are the same chains of IEEE operations
// on every path (no fused multiply-adds, no reordered sums; wider vectors only compute more
// elements at once), so their bits do not depend on the CPU's extensions either. Results are
// therefore the same on every thread count, for every row range, and on every CPU of one
// architecture.
#ifndef CLOOMKERNELS_INT8_H
#define CLOOMKERNELS_INT8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel families of the int8 product: pass to loom_i8_matmul_family.
enum {
    LOOM_I8_SCALAR = 0,
    LOOM_I8_BEST = 1,
};

/// The name of an int8 kernel family on this CPU: "scalar" or "avx2".
const char *loom_i8_kernels_name(int family);

/// Quantises `rows` rows of `n` floats to int8, one symmetric scale per row:
/// q = round(w / scale), scale = max|w| / 127 (0 for an all-zero row).
void loom_i8_quantize_weights(const float *w, int64_t rows, int64_t n, int8_t *q, float *scales);

/// The largest activation magnitude for rows of `n` values: a dot product of `n` int8 weights
/// (|q| <= 127) with activations within it cannot overflow int32. At most 32767.
int32_t loom_i8_activation_limit(int64_t n);

/// Quantises `count` rows of `n` floats (one every `stride` floats) to int16, one symmetric
/// scale per row, the range being loom_i8_activation_limit(n). With `column_scales` (n floats,
/// may be NULL) each value is first multiplied by its column's scale: the inverse of the
/// scales a weight matrix's columns were divided by before quantisation, so the product is
/// unchanged while the weights' outlier columns no longer coarsen every row's int8 steps.
void loom_i8_quantize_activations(
    const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales);

/// The number of int16 values loom_i8_pack_weights writes for `rows` rows of `n` columns:
/// the rows rounded up to a multiple of 8, times the columns rounded up to an even number.
int64_t loom_i8_packed_count(int64_t rows, int64_t n);

/// Packs `rows` rows of `n` int8 weights (row-major, as loom_i8_quantize_weights makes them)
/// widened to int16 into the layout the products read: groups of 8 rows, each group's columns
/// in pairs, the pair (k, k + 1) of the group's 8 rows side by side, so one 256-bit load meets
/// one broadcast pair of activations. Padding rows and columns are zeros.
/// `packed` holds loom_i8_packed_count(rows, n) values.
void loom_i8_pack_weights(const int8_t *q, int64_t rows, int64_t n, int16_t *packed);

/// Rows [first, end) (`first` a multiple of 8) of the int8 matrix packed by
/// loom_i8_pack_weights (`n` columns, scales `wscales`) times `count` int16 activation rows `x`
/// (`n` columns, scales `xscales`, every value within loom_i8_activation_limit(n)):
/// out[t * out_stride + r] = (float)Σ w[r][k]·x[t][k] · (wscales[r] · xscales[t]) + bias[r]
/// (bias may be NULL).
void loom_i8_matmul(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride);

/// loom_i8_matmul followed by loom_i8_gelu of every value it writes, while they are in
/// registers (the same bits as the two calls).
void loom_i8_matmul_gelu(
    int64_t n, const int16_t *packed, const float *wscales, const float *bias, int64_t first, int64_t end,
    const int16_t *x, const float *xscales, int64_t count, float *out, int64_t out_stride);

/// loom_i8_matmul (or, with `gelu` set, loom_i8_matmul_gelu) computed by one kernel family, so
/// tests can compare the families.
void loom_i8_matmul_family(
    int family, int gelu, int64_t n, const int16_t *packed, const float *wscales, const float *bias,
    int64_t first, int64_t end, const int16_t *x, const float *xscales, int64_t count, float *out,
    int64_t out_stride);

/// x[t] = LayerNorm(x[t] + residual[t]) for `count` rows of `n` floats (residual may be NULL):
/// (v - mean) / sqrt(variance + epsilon) · weight + bias, the variance without correction.
void loom_i8_layer_norm(
    float *x, const float *residual, int64_t count, int64_t n, const float *weight, const float *bias,
    float epsilon);

/// x = x · ½(1 + erf(x / √2)) for `count` floats, erf to within 2e-7 (Abramowitz and Stegun
/// 7.1.26 with an exponential accurate to a few units in the last place).
void loom_i8_gelu(float *x, int64_t count);

/// Scaled dot-product attention of one sequence of `length` tokens over itself. `qkv` holds
/// one row of 3·heads·size floats per token (queries, keys, values side by side, head by head);
/// `context` receives one row of heads·size floats per token. `scratch` holds
/// length·(2·size + 1) floats (sequences of at most 16 tokens with heads of at most 64 values
/// take a form for short sequences, with the same bits, that does not use it).
void loom_i8_attention(
    const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch);

/// loom_i8_quantize_activations computed by one family's build (the same bits; for tests).
void loom_i8_quantize_activations_family(
    int family, const float *x, int64_t count, int64_t n, int64_t stride, const float *column_scales, int16_t *q,
    float *scales);

/// loom_i8_gelu computed by one family's build (the same bits; for tests).
void loom_i8_gelu_family(int family, float *x, int64_t count);

/// loom_i8_attention computed by one family's build (the same bits; for tests).
void loom_i8_attention_family(
    int family, const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch);

/// loom_i8_attention_family always in its general form, which sequences of more than 16
/// tokens take (the same bits as the short form; for tests).
void loom_i8_attention_general_family(
    int family, const float *qkv, int64_t length, int64_t heads, int64_t size, float *context, float *scratch);

#ifdef __cplusplus
}
#endif

#endif
