/* The kernels' cross-architecture test (Scripts/test-kernels-cross): shared helpers.
 *
 * The program checks, on the machine it runs on, every kernel the best family offers against
 * the scalar family (bit for bit where the kernels promise the same bits; within float
 * rounding for the dot products, whose SIMD order differs from the scalar loop's by design),
 * and prints one line "name hash" per check: a 64-bit FNV-1a hash of the best family's output
 * bytes. The script runs it natively (x86-64: AVX2) and under qemu-aarch64 (NEON) and compares
 * the lines: Loom's rule is the same bytes on every machine. */
#ifndef LOOM_KERNELS_CROSS_H
#define LOOM_KERNELS_CROSS_H

#include "CLoomKernels.h"
#include "CLoomKernelsInt8.h"

#include <stddef.h>
#include <stdint.h>

/* The test's own arithmetic (its random inputs) must not depend on whether the compiler fuses
 * a multiply and an add, which it may on arm64 and not on x86-64. */
#pragma STDC FP_CONTRACT OFF

/* A deterministic generator (splitmix64): the same numbers on every machine. */
typedef struct {
    uint64_t state;
} cross_random;

uint64_t cross_next(cross_random *random);
/* A float uniform in [low, high). */
float cross_uniform(cross_random *random, float low, float high);

/* `bytes` bytes whose end touches a page that may not be read or written: a kernel reading past
 * the end of its input faults. Freed by cross_free. */
void *cross_guarded(size_t bytes);
void cross_free(void *pointer);

/* FNV-1a over bytes, chained from `hash` (start from CROSS_HASH_START). */
#define CROSS_HASH_START 0xcbf29ce484222325ULL
uint64_t cross_hash(uint64_t hash, const void *bytes, size_t count);

/* Prints the line "name hash" that the script compares between machines. */
void cross_report(const char *name, uint64_t hash);

/* Counts one check; a failed one prints its message (the first few of each kind). */
void cross_check(int passed, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Whether two float arrays hold the same bits; the first difference is described in `where`. */
int cross_same_bits(const float *a, const float *b, int64_t count, int64_t *where);

/* kernel_cross_dots.c: activation conversion and the dot and matrix products of every type. */
void cross_test_dots(void);
/* kernel_cross_ops.c: half stores, attention, SwiGLU. */
void cross_test_ops(void);
/* kernel_cross_pool.c: products and attention on a pool of threads. */
void cross_test_pool(void);
/* kernel_cross_int8.c: the int8 family and its float steps. */
void cross_test_int8(void);

#endif
