// Float32 matrix products (llama2.c checkpoints, F32 GGUF tensors): rows in order, one at a
// time for one activation row, four tokens a weight row for batches.
//
// A float32 matrix is read at 4 bytes a weight, straight through memory. The hardware
// prefetcher follows one sequential stream best: measured on the stories15M shape, one row at
// a time without loom_matmul's prefetches (every line of a row, 4 KB ahead) moved 10% more
// bytes a second, and 25% more than four rows read side by side. What does pay is one
// prefetch a row, 8 KB ahead: the stream's next pages are found (their translation walked,
// their first line asked for) before the hardware prefetcher, which stops at each 4 KB page,
// reaches them (measured: 2-3% more bytes a second on the stories42M shape's products, no
// change on stories15M's, whose rows are shorter).
#include "kernels_internal.h"

#define LOOM_F32_PREFETCH_AHEAD 8192

void loom_matmul_f32(
    loom_dot_fn dot, loom_dot4_fn dot4, int64_t n, const void *weights, size_t row_bytes, int64_t first, int64_t end,
    const void *activations, size_t activation_bytes, int64_t count, float *out, int64_t out_stride) {
    const char *w = weights;
    const char *a = activations;
    if (count == 1) {
        for (int64_t r = first; r < end; r++) {
            const char *row = w + (size_t)r * row_bytes;
            __builtin_prefetch(row + LOOM_F32_PREFETCH_AHEAD);
            out[r] = dot(n, row, a);
        }
        return;
    }
    // Batches: tiles of 16 rows stay in cache while every activation row passes, four tokens
    // to a weight row where the family has a four-token kernel (same bits as four dots).
    for (int64_t tile = first; tile < end; tile += 16) {
        int64_t tile_end = tile + 16 < end ? tile + 16 : end;
        int64_t t = 0;
        if (dot4) {
            for (; t + 4 <= count; t += 4) {
                const char *x = a + (size_t)t * activation_bytes;
                for (int64_t r = tile; r < tile_end; r++) {
                    float four[4];
                    dot4(n, w + (size_t)r * row_bytes, x, activation_bytes, four);
                    for (int k = 0; k < 4; k++) out[(t + k) * out_stride + r] = four[k];
                }
            }
        }
        for (; t < count; t++) {
            const char *x = a + (size_t)t * activation_bytes;
            for (int64_t r = tile; r < tile_end; r++) out[t * out_stride + r] = dot(n, w + (size_t)r * row_bytes, x);
        }
    }
}
