// The NEON kernels of Q4_0, Q4_1, Q5_1 and the k-quants, built twice from the same bodies: with
// plain ARMv8-A NEON, which every arm64 CPU runs, and with the ARMv8.2 dot-product instruction
// (sdot) for the CPUs that report it. Both builds compute the same exact integers, so they give
// the same bits; sdot only does it in fewer instructions. Where the compiler already targets
// CPUs with sdot (Apple's arm64, -march=armv8.2-a+dotprod) the baseline build uses it and there
// is no second one.
#if defined(__aarch64__)

#include "kernels_neon.h"
#if defined(__linux__)
#include <sys/auxv.h>
#endif

#define LOOM_NEON_NAME(name) name##_neon
#define LOOM_NEON_FN
#define LOOM_NEON_SDOT LOOM_NEON_BASELINE_DOTPROD
#include "kernels_neon_q4_body.h"
#include "kernels_neon_k_body.h"
#undef LOOM_NEON_NAME
#undef LOOM_NEON_FN
#undef LOOM_NEON_SDOT

#if !LOOM_NEON_BASELINE_DOTPROD && defined(__linux__)
#define LOOM_NEON_RUNTIME_DOTPROD 1
#define LOOM_NEON_NAME(name) name##_sdot
#define LOOM_NEON_FN LOOM_NEON_DOTPROD_TARGET
#define LOOM_NEON_SDOT 1
#include "kernels_neon_q4_body.h"
#include "kernels_neon_k_body.h"
#undef LOOM_NEON_NAME
#undef LOOM_NEON_FN
#undef LOOM_NEON_SDOT
#else
#define LOOM_NEON_RUNTIME_DOTPROD 0
#endif

int loom_neon_has_dotprod(void) {
#if LOOM_NEON_BASELINE_DOTPROD
    return 1;
#elif defined(__linux__)
    // HWCAP_ASIMDDP of <asm/hwcap.h>: the kernel reports the dot-product instructions.
    return (getauxval(AT_HWCAP) & (1UL << 20)) != 0;
#else
    return 0;
#endif
}

void loom_neon_quant_table(loom_kernel_table *table, int dotprod) {
#if LOOM_NEON_RUNTIME_DOTPROD
    if (dotprod) {
        fill_table_sdot(table);
        return;
    }
#endif
    (void)dotprod;
    fill_table_neon(table);
}
#endif
