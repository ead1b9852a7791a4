// Vector kernels for LoomNoise's batch fills: AVX2 with target attributes, chosen at run time.
//
// A fill walks a row of samples; while consecutive samples stay in one lattice cell, the
// per-sample arithmetic needs nothing but the cell's cached coefficients (prepared in Swift).
// These functions continue such a run four samples per vector, with the same IEEE operations in
// the same order as the Swift kernels (no fused multiply-add), so every bit matches.
#ifndef CLOOMNOISEKERNELS_H
#define CLOOMNOISEKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One row of a fill: sample k lies at `(x0 + k * step) * fx` in lattice units, and its clamped
/// value goes to `out[k]` (or, when `accumulate` is set, `out[k] += value * amplitude`). When
/// `out_float` is set (and `accumulate` is not), the clamped value is stored there as a float.
typedef struct {
    double x0;
    double step;
    double fx;
    double amplitude;
    double *out;
    float *out_float;
    int32_t accumulate;
} loom_noise_row;

/// Whether the vector kernels run on this CPU (AVX2) and are enabled; when not, every span
/// function returns `from` and the caller continues sample by sample.
int32_t loom_noise_vector_enabled(void);

/// Turns the vector kernels off (0) or back on (1, where the CPU has AVX2). Results are the same
/// bits either way; tests use this to compare both paths.
void loom_noise_set_vector_enabled(int32_t enabled);

/// Perlin: `c` = gx[4], gy[4] (already times the row's y offsets), fade, scale.
/// Each span function fills samples `from..<to` while they lie in cell `cell` and returns the
/// first index it did not fill.
int64_t loom_noise_perlin_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c);

/// Value: `c` = left, right (already interpolated along y).
int64_t loom_noise_value_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c);

/// Cubic value: `c` = the four columns (already interpolated along y and scaled).
int64_t loom_noise_value_cubic_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c);

/// OpenSimplex2: `c` = halfB, fb, gx[4], gyd[4], rest[4], cornerX[4], scale, side, inverseSide.
int64_t loom_noise_simplex_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c);

/// OpenSimplex2S: `c` = the simplex layout above, then ax[4], ayd[4], apexRest[4], apexX[4].
int64_t loom_noise_smooth_simplex_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c);

/// Cellular distance measures and return types, numbered as LoomNoise's enums.
enum {
    LOOM_CELL_EUCLIDEAN = 0,
    LOOM_CELL_EUCLIDEAN_SQ = 1,
    LOOM_CELL_MANHATTAN = 2,
    LOOM_CELL_HYBRID = 3,
};
enum {
    LOOM_CELL_DISTANCE = 0,
    LOOM_CELL_DISTANCE2 = 1,
    LOOM_CELL_DISTANCE2_ADD = 2,
    LOOM_CELL_DISTANCE2_SUB = 3,
    LOOM_CELL_DISTANCE2_MUL = 4,
    LOOM_CELL_DISTANCE2_DIV = 5,
};

/// Cellular: `c` = px[9] (relative to the cell corner), yPart[9], bound1, bound2; `distance`
/// and `result` from the enums above.
int64_t loom_noise_cellular_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c, int32_t distance,
    int32_t result);

#ifdef __cplusplus
}
#endif

#endif
