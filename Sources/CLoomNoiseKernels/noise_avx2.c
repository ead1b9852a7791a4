// AVX2 spans for LoomNoise's fills, four samples per vector. Compiled with target attributes (no
// -march flag) and called only when the CPU reports AVX2. FMA is deliberately not enabled and
// contraction is off: each multiply and add rounds on its own, as in the Swift kernels, so a fill
// gives the same bits as `NoiseGenerator.sample(x:y:)`.
#pragma STDC FP_CONTRACT OFF

#include "CLoomNoiseKernels.h"
#include <stdatomic.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#define LOOM_AVX2 __attribute__((target("avx2")))
// Debug builds compile C at -O0; forcing the helpers inline keeps them usable there.
#define LOOM_INLINE __attribute__((always_inline)) static inline

// 1: AVX2 and enabled, 0: off, -1: not yet asked.
static _Atomic int32_t vector_state = -1;

static int32_t cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

int32_t loom_noise_vector_enabled(void) {
    int32_t state = atomic_load_explicit(&vector_state, memory_order_relaxed);
    if (state < 0) {
        state = cpu_has_avx2();
        atomic_store_explicit(&vector_state, state, memory_order_relaxed);
    }
    return state;
}

void loom_noise_set_vector_enabled(int32_t enabled) {
    atomic_store_explicit(&vector_state, enabled ? cpu_has_avx2() : 0, memory_order_relaxed);
}

/// Samples k…k+3 of a row and how many of them, from the first, lie in `cell` (below `to`, and
/// within ±2⁵⁰, where the Swift split stops keeping a fraction).
typedef struct {
    __m256d position;
    __m256d fraction;
    int inside;
} lanes;

LOOM_AVX2 LOOM_INLINE __m256d positions(const loom_noise_row *row, int64_t k) {
    __m256d index = _mm256_add_pd(_mm256_set1_pd((double)k), _mm256_set_pd(3, 2, 1, 0));
    __m256d x = _mm256_add_pd(_mm256_set1_pd(row->x0), _mm256_mul_pd(index, _mm256_set1_pd(row->step)));
    return _mm256_mul_pd(x, _mm256_set1_pd(row->fx));
}

LOOM_AVX2 LOOM_INLINE lanes split(__m256d position, double cell, int64_t k, int64_t to) {
    __m256d cells = _mm256_set1_pd(cell);
    __m256d floored = _mm256_round_pd(position, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m256d magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), position);
    __m256d same = _mm256_cmp_pd(floored, cells, _CMP_EQ_OQ);
    __m256d near = _mm256_cmp_pd(magnitude, _mm256_set1_pd(0x1p50), _CMP_LT_OQ);
    int mask = _mm256_movemask_pd(_mm256_and_pd(same, near));
    int64_t left = to - k;
    if (left < 4) mask &= (1 << left) - 1;
    lanes result = {position, _mm256_sub_pd(position, cells), __builtin_ctz(~mask | 16)};
    return result;
}

/// Clamps into [-1, 1] as `clampUnit` does, then stores or accumulates the first `count` lanes.
LOOM_AVX2 LOOM_INLINE void store(const loom_noise_row *row, int64_t k, __m256d value, int count) {
    value = _mm256_min_pd(_mm256_set1_pd(1), value);
    value = _mm256_max_pd(value, _mm256_set1_pd(-1));
    if (row->accumulate) {
        __m256d amplitude = _mm256_set1_pd(row->amplitude);
        if (count == 4) {
            __m256d sum = _mm256_loadu_pd(row->out + k);
            _mm256_storeu_pd(row->out + k, _mm256_add_pd(sum, _mm256_mul_pd(value, amplitude)));
            return;
        }
        double lanes[4];
        _mm256_storeu_pd(lanes, _mm256_mul_pd(value, amplitude));
        for (int i = 0; i < count; i++) row->out[k + i] = row->out[k + i] + lanes[i];
    } else if (row->out_float) {
        __m128 narrow = _mm256_cvtpd_ps(value);
        if (count == 4) {
            _mm_storeu_ps(row->out_float + k, narrow);
            return;
        }
        float lanes[4];
        _mm_storeu_ps(lanes, narrow);
        for (int i = 0; i < count; i++) row->out_float[k + i] = lanes[i];
    } else {
        if (count == 4) {
            _mm256_storeu_pd(row->out + k, value);
            return;
        }
        double lanes[4];
        _mm256_storeu_pd(lanes, value);
        for (int i = 0; i < count; i++) row->out[k + i] = lanes[i];
    }
}

#define SET(v) _mm256_set1_pd(v)
#define ADD _mm256_add_pd
#define SUB _mm256_sub_pd
#define MUL _mm256_mul_pd

/// `t * t * t * (t * (t * 6 - 15) + 10)`, in that order.
LOOM_AVX2 LOOM_INLINE __m256d quintic(__m256d t) {
    __m256d cube = MUL(MUL(t, t), t);
    return MUL(cube, ADD(MUL(t, SUB(MUL(t, SET(6)), SET(15))), SET(10)));
}

/// The loop every span shares: positions, split, evaluate, store, until a sample leaves the cell.
/// While eight samples remain and all lie in the cell, two vectors go per step (more independent
/// work for the out-of-order core); then four at a time up to the cell's end.
#define SPAN_LOOP(POSITION, EVALUATE)                                   \
    int64_t k = from;                                                   \
    while (to - k >= 8) {                                               \
        __m256d first = POSITION, second;                               \
        {                                                               \
            int64_t next = k + 4;                                       \
            {                                                           \
                int64_t k = next;                                       \
                second = POSITION;                                      \
            }                                                           \
        }                                                               \
        lanes l0 = split(first, cell, k, to);                           \
        lanes l1 = split(second, cell, k + 4, to);                      \
        if (l0.inside + l1.inside < 8) break;                           \
        __m256d r0, r1;                                                 \
        {                                                               \
            __m256d f = l0.fraction;                                    \
            r0 = EVALUATE;                                              \
        }                                                               \
        {                                                               \
            __m256d f = l1.fraction;                                    \
            r1 = EVALUATE;                                              \
        }                                                               \
        store(row, k, r0, 4);                                           \
        store(row, k + 4, r1, 4);                                       \
        k += 8;                                                         \
    }                                                                   \
    while (k < to) {                                                    \
        __m256d position = POSITION;                                    \
        lanes l = split(position, cell, k, to);                         \
        if (l.inside == 0) return k;                                    \
        __m256d f = l.fraction;                                         \
        __m256d result = EVALUATE;                                      \
        store(row, k, result, l.inside);                                \
        k += l.inside;                                                  \
        if (l.inside < 4) return k;                                     \
    }                                                                   \
    return k;

LOOM_AVX2 LOOM_INLINE __m256d perlin(__m256d f, const double *c) {
    __m256d f1 = SUB(f, SET(1));
    __m256d n0 = ADD(MUL(SET(c[0]), f), SET(c[4]));
    __m256d n1 = ADD(MUL(SET(c[1]), f1), SET(c[5]));
    __m256d n2 = ADD(MUL(SET(c[2]), f), SET(c[6]));
    __m256d n3 = ADD(MUL(SET(c[3]), f1), SET(c[7]));
    __m256d u = quintic(f);
    __m256d bottom = ADD(n0, MUL(u, SUB(n1, n0)));
    __m256d top = ADD(n2, MUL(u, SUB(n3, n2)));
    return MUL(ADD(bottom, MUL(SET(c[8]), SUB(top, bottom))), SET(c[9]));
}

LOOM_AVX2 static int64_t perlin_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    SPAN_LOOP(positions(row, k), perlin(f, c))
}

LOOM_AVX2 LOOM_INLINE __m256d value(__m256d f, const double *c) {
    __m256d smooth = MUL(MUL(f, f), SUB(SET(3), MUL(SET(2), f)));
    return ADD(SET(c[0]), MUL(smooth, SET(c[1] - c[0])));
}

LOOM_AVX2 static int64_t value_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    SPAN_LOOP(positions(row, k), value(f, c))
}

LOOM_AVX2 LOOM_INLINE __m256d value_cubic(__m256d t, const double *c) {
    __m256d half = SET(0.5);
    __m256d t2 = MUL(t, t);
    __m256d t3 = MUL(t2, t);
    __m256d negative3 = SUB(SET(-0.0), t3);
    __m256d w0 = MUL(half, SUB(ADD(negative3, MUL(SET(2), t2)), t));
    __m256d w1 = MUL(half, ADD(SUB(MUL(SET(3), t3), MUL(SET(5), t2)), SET(2)));
    __m256d w2 = MUL(half, ADD(ADD(MUL(SET(-3), t3), MUL(SET(4), t2)), t));
    __m256d w3 = MUL(half, SUB(t3, t2));
    __m256d low = ADD(MUL(SET(c[0]), w0), MUL(SET(c[1]), w1));
    __m256d high = ADD(MUL(SET(c[2]), w2), MUL(SET(c[3]), w3));
    return ADD(low, high);
}

LOOM_AVX2 static int64_t value_cubic_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    SPAN_LOOP(positions(row, k), value_cubic(f, c))
}

/// One simplex corner's contribution: `t⁴ · (gx·dx + gyd)` with `t = max(rest − dx², 0)`.
LOOM_AVX2 LOOM_INLINE __m256d corner(__m256d dx, double gx, double gyd, double rest) {
    __m256d t = _mm256_max_pd(SUB(SET(rest), MUL(dx, dx)), _mm256_setzero_pd());
    __m256d t2 = MUL(t, t);
    return MUL(MUL(t2, t2), ADD(MUL(SET(gx), dx), SET(gyd)));
}

/// Simplex positions along the skewed axis: `x · inverseSide − halfB`.
LOOM_AVX2 LOOM_INLINE __m256d simplex_positions(const loom_noise_row *row, int64_t k, const double *c) {
    return SUB(MUL(positions(row, k), SET(c[20])), SET(c[0]));
}

/// The offset along x from lattice point (i, j): `(fa + 0.5·fb) · side`.
LOOM_AVX2 LOOM_INLINE __m256d simplex_dx(__m256d fa, const double *c) {
    return MUL(ADD(fa, SET(0.5 * c[1])), SET(c[19]));
}

LOOM_AVX2 LOOM_INLINE __m256d simplex(__m256d fa, const double *c) {
    __m256d dx = simplex_dx(fa, c);
    __m256d t0 = corner(SUB(dx, SET(c[14])), c[2], c[6], c[10]);
    __m256d t1 = corner(SUB(dx, SET(c[15])), c[3], c[7], c[11]);
    __m256d t2 = corner(SUB(dx, SET(c[16])), c[4], c[8], c[12]);
    __m256d t3 = corner(SUB(dx, SET(c[17])), c[5], c[9], c[13]);
    return MUL(ADD(ADD(t0, t1), ADD(t2, t3)), SET(c[18]));
}

LOOM_AVX2 static int64_t simplex_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    SPAN_LOOP(simplex_positions(row, k, c), simplex(f, c))
}

/// A corner whose coefficients differ per lane (the apexes, chosen by the sample's triangle).
LOOM_AVX2 LOOM_INLINE __m256d apex(__m256d dx, __m256d gx, __m256d gyd, __m256d rest) {
    __m256d t = _mm256_max_pd(SUB(rest, MUL(dx, dx)), _mm256_setzero_pd());
    __m256d t2 = MUL(t, t);
    return MUL(MUL(t2, t2), ADD(MUL(gx, dx), gyd));
}

LOOM_AVX2 LOOM_INLINE __m256d pick(__m256d upper, double low, double high) {
    return _mm256_blendv_pd(SET(low), SET(high), upper);
}

LOOM_AVX2 LOOM_INLINE __m256d smooth_simplex(__m256d fa, const double *c) {
    __m256d dx = simplex_dx(fa, c);
    __m256d t0 = corner(SUB(dx, SET(c[14])), c[2], c[6], c[10]);
    __m256d t1 = corner(SUB(dx, SET(c[15])), c[3], c[7], c[11]);
    __m256d t2 = corner(SUB(dx, SET(c[16])), c[4], c[8], c[12]);
    __m256d t3 = corner(SUB(dx, SET(c[17])), c[5], c[9], c[13]);
    // Apexes (1, -1), (-1, 1) below the short diagonal, (2, 0), (0, 2) above it.
    const double *ax = c + 21, *ayd = c + 25, *rest = c + 29, *px = c + 33;
    __m256d upper = _mm256_cmp_pd(ADD(fa, SET(c[1])), SET(1), _CMP_GE_OQ);
    __m256d a0 = apex(SUB(dx, pick(upper, px[0], px[2])), pick(upper, ax[0], ax[2]), pick(upper, ayd[0], ayd[2]),
                      pick(upper, rest[0], rest[2]));
    __m256d a1 = apex(SUB(dx, pick(upper, px[1], px[3])), pick(upper, ax[1], ax[3]), pick(upper, ayd[1], ayd[3]),
                      pick(upper, rest[1], rest[3]));
    return MUL(ADD(ADD(ADD(t0, a0), ADD(t1, a1)), ADD(t2, t3)), SET(c[18]));
}

LOOM_AVX2 static int64_t smooth_simplex_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    SPAN_LOOP(simplex_positions(row, k, c), smooth_simplex(f, c))
}

LOOM_AVX2 LOOM_INLINE __m256d measure(__m256d dx, double y_part, int32_t distance) {
    __m256d magnitude = _mm256_andnot_pd(SET(-0.0), dx);
    switch (distance) {
    case LOOM_CELL_EUCLIDEAN: return _mm256_sqrt_pd(ADD(MUL(dx, dx), SET(y_part)));
    case LOOM_CELL_EUCLIDEAN_SQ: return ADD(MUL(dx, dx), SET(y_part));
    case LOOM_CELL_MANHATTAN: return ADD(magnitude, SET(y_part));
    default: return ADD(ADD(magnitude, MUL(dx, dx)), SET(y_part));
    }
}

/// `raw * (2 / bound) - 1`, as `CellularSettings.result` scales each return type.
LOOM_AVX2 LOOM_INLINE __m256d scaled(__m256d raw, double bound) {
    return SUB(MUL(raw, SET(2 / bound)), SET(1));
}

LOOM_AVX2 LOOM_INLINE __m256d cellular(__m256d f, const double *c, int32_t distance, int32_t result) {
    __m256d f1 = SET(__builtin_inf());
    __m256d f2 = f1;
    for (int i = 0; i < 9; i++) {
        __m256d d = measure(SUB(SET(c[i]), f), c[9 + i], distance);
        f2 = _mm256_min_pd(_mm256_max_pd(f1, d), f2);
        f1 = _mm256_min_pd(d, f1);
    }
    double bound1 = c[18], bound2 = c[19];
    switch (result) {
    case LOOM_CELL_DISTANCE: return scaled(f1, bound1);
    case LOOM_CELL_DISTANCE2: return scaled(f2, bound2);
    case LOOM_CELL_DISTANCE2_ADD: return scaled(MUL(ADD(f1, f2), SET(0.5)), (bound1 + bound2) * 0.5);
    case LOOM_CELL_DISTANCE2_SUB: return scaled(SUB(f2, f1), bound2);
    case LOOM_CELL_DISTANCE2_MUL: return scaled(MUL(f1, f2), bound1 * bound2);
    default: {
        __m256d positive = _mm256_cmp_pd(f2, _mm256_setzero_pd(), _CMP_GT_OQ);
        __m256d ratio = _mm256_and_pd(_mm256_div_pd(f1, f2), positive);
        return scaled(ratio, 1);
    }
    }
}

/// One specialised loop per distance and return type, so the 9-point search carries no switch.
#define CELLULAR_CASE(D, R)                                                  \
    if (distance == D && result == R) {                                      \
        SPAN_LOOP(positions(row, k), cellular(f, c, D, R))                   \
    }
#define CELLULAR_RESULTS(D)                                                  \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE)                                     \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE2)                                    \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE2_ADD)                                \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE2_SUB)                                \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE2_MUL)                                \
    CELLULAR_CASE(D, LOOM_CELL_DISTANCE2_DIV)

LOOM_AVX2 static int64_t cellular_avx2(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c, int32_t distance,
    int32_t result) {
    CELLULAR_RESULTS(LOOM_CELL_EUCLIDEAN)
    CELLULAR_RESULTS(LOOM_CELL_EUCLIDEAN_SQ)
    CELLULAR_RESULTS(LOOM_CELL_MANHATTAN)
    CELLULAR_RESULTS(LOOM_CELL_HYBRID)
    return from;
}

int64_t loom_noise_perlin_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    return loom_noise_vector_enabled() ? perlin_avx2(row, from, to, cell, c) : from;
}

int64_t loom_noise_value_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    return loom_noise_vector_enabled() ? value_avx2(row, from, to, cell, c) : from;
}

int64_t loom_noise_value_cubic_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    return loom_noise_vector_enabled() ? value_cubic_avx2(row, from, to, cell, c) : from;
}

int64_t loom_noise_simplex_span(const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    return loom_noise_vector_enabled() ? simplex_avx2(row, from, to, cell, c) : from;
}

int64_t loom_noise_smooth_simplex_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c) {
    return loom_noise_vector_enabled() ? smooth_simplex_avx2(row, from, to, cell, c) : from;
}

int64_t loom_noise_cellular_span(
    const loom_noise_row *row, int64_t from, int64_t to, double cell, const double *c, int32_t distance,
    int32_t result) {
    return loom_noise_vector_enabled() ? cellular_avx2(row, from, to, cell, c, distance, result) : from;
}

#else

// Other CPUs: no vector spans; the Swift kernels fill every sample.
int32_t loom_noise_vector_enabled(void) { return 0; }
void loom_noise_set_vector_enabled(int32_t enabled) { (void)enabled; }
int64_t loom_noise_perlin_span(const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k) {
    (void)r, (void)t, (void)c, (void)k;
    return from;
}
int64_t loom_noise_value_span(const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k) {
    (void)r, (void)t, (void)c, (void)k;
    return from;
}
int64_t loom_noise_value_cubic_span(const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k) {
    (void)r, (void)t, (void)c, (void)k;
    return from;
}
int64_t loom_noise_simplex_span(const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k) {
    (void)r, (void)t, (void)c, (void)k;
    return from;
}
int64_t loom_noise_smooth_simplex_span(const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k) {
    (void)r, (void)t, (void)c, (void)k;
    return from;
}
int64_t loom_noise_cellular_span(
    const loom_noise_row *r, int64_t from, int64_t t, double c, const double *k, int32_t d, int32_t result) {
    (void)r, (void)t, (void)c, (void)k, (void)d, (void)result;
    return from;
}

#endif
