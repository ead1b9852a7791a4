/* The kernels' cross-architecture test program: main and the shared helpers (cross.h). */
#define _DEFAULT_SOURCE
#include "cross.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int checks = 0;
static int failures = 0;

uint64_t cross_next(cross_random *random) {
    uint64_t z = (random->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

float cross_uniform(cross_random *random, float low, float high) {
    float unit = (float)(cross_next(random) >> 40) / 16777216.0f;
    return low + (high - low) * unit;
}

/* Each guarded block: a header page holding the mapping's size, the data ending at a page
 * boundary, then one page without access. */
void *cross_guarded(size_t bytes) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data_pages = (bytes + page - 1) / page;
    size_t total = (data_pages + 2) * page;
    char *base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        _exit(2);
    }
    memcpy(base, &total, sizeof(total));
    if (mprotect(base + total - page, page, PROT_NONE) != 0) {
        perror("mprotect");
        _exit(2);
    }
    char *data = base + total - page - bytes;
    memcpy(data - sizeof(char *), &base, sizeof(char *));
    return data;
}

void cross_free(void *pointer) {
    if (!pointer) return;
    char *base;
    memcpy(&base, (char *)pointer - sizeof(char *), sizeof(char *));
    size_t total;
    memcpy(&total, base, sizeof(total));
    munmap(base, total);
}

uint64_t cross_hash(uint64_t hash, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    for (size_t i = 0; i < count; i++) {
        hash ^= p[i];
        hash *= 0x100000001B3ULL;
    }
    return hash;
}

void cross_report(const char *name, uint64_t hash) { printf("%s %016llx\n", name, (unsigned long long)hash); }

void cross_check(int passed, const char *format, ...) {
    checks++;
    if (passed) return;
    failures++;
    if (failures > 40) return;
    va_list arguments;
    va_start(arguments, format);
    fputs("FAIL ", stderr);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
}

int cross_same_bits(const float *a, const float *b, int64_t count, int64_t *where) {
    for (int64_t i = 0; i < count; i++) {
        if (memcmp(&a[i], &b[i], sizeof(float)) != 0) {
            *where = i;
            return 0;
        }
    }
    return 1;
}

int main(void) {
    const char *name = loom_kernels_name(LOOM_KERNELS_BEST);
    const char *int8 = loom_i8_kernels_name(LOOM_I8_BEST);
    // The families this build must pick: NEON on every arm64 CPU, AVX2 (or newer) on x86-64
    // CPUs that have it.
#if defined(__aarch64__)
    cross_check(strcmp(name, "neon") == 0, "the best kernels on arm64 are \"%s\", not \"neon\"", name);
#endif
    cross_check(strcmp(loom_kernels_name(LOOM_KERNELS_SCALAR), "scalar") == 0, "the scalar family's name");
    cross_test_dots();
    cross_test_ops();
    cross_test_int8();
    cross_test_pool();
    fprintf(stderr, "kernels %s, int8 %s: %d checks, %d failed\n", name, int8, checks, failures);
    return failures == 0 ? 0 : 1;
}
