// The AVX-512 family: the AVX2 table, with the AVX-512 kernels of kernels_avx512_*.c in place of
// the AVX2 ones they equal bit for bit (kernels_avx512.h).
#if defined(__x86_64__) || defined(_M_X64)

#include "kernels_avx512.h"

int loom_avx512_available(void) {
    __builtin_cpu_init();
    return loom_avx2_available() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

void loom_avx512_table(loom_kernel_table *table) {
    loom_avx2_table(table);
    loom_avx512_q0_table(table);
    loom_avx512_k_table(table);
}
#endif
