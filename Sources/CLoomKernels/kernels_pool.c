// A small persistent worker pool: the caller publishes a job of numbered tasks, the caller and
// the workers claim tasks one at a time, and idle workers spin briefly before they park.
//
// The job is published as one 64-bit ticket (generation, task count, next task), claimed by
// compare-and-swap. A worker reads the job's function and context only after it has claimed a
// task of that generation, and the caller publishes the next job only after every task of this
// one has finished, so a late worker can never run a task of one job with another's function.
// Which thread runs a task never changes what the task computes.
#include "kernels_internal.h"
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define LOOM_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define LOOM_PAUSE() __asm__ __volatile__("yield")
#else
#define LOOM_PAUSE() ((void)0)
#endif

// Ticket layout: generation (24 bits) | tasks (20 bits) | next task (20 bits).
#define TASK_BITS 20
#define TASK_MASK ((UINT64_C(1) << TASK_BITS) - 1)
#define TICKET(generation, tasks, next) \
    ((((uint64_t)(generation) & 0xFFFFFF) << (2 * TASK_BITS)) | ((uint64_t)(tasks) << TASK_BITS) | (uint64_t)(next))
#define TICKET_GENERATION(t) ((t) >> (2 * TASK_BITS))
#define TICKET_TASKS(t) (((t) >> TASK_BITS) & TASK_MASK)
#define TICKET_NEXT(t) ((t) & TASK_MASK)

// Pause rounds a worker spins (about 100 microseconds: the gaps between the products of one
// token are shorter, the gaps between tokens longer) before it parks, and the caller
// spins before it yields its core while waiting for the last tasks.
#define SPIN_ROUNDS 4000
#define WAIT_ROUNDS 2000

// The ticket (written by every claim) and the count of finished tasks (written as each task
// returns, polled by the caller) sit on cache lines of their own, so the caller's polling does
// not take the ticket's line from a worker about to claim, and neither shares a line with the
// fields the threads only read.
struct loom_pool {
    _Alignas(64) uint64_t ticket;  // atomic
    _Alignas(64) int64_t finished;  // atomic: tasks of the current job that have returned
    _Alignas(64) int sleeping;  // atomic: workers parked (or about to park) on `wake`
    int stop;  // atomic
    int threads;
    uint32_t generation;  // the caller's only
    loom_task_fn fn;
    void *context;
    pthread_t *workers;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
};

/// Claims and runs tasks of the job in `ticket` until none is left; returns how many it ran.
static int64_t loom_pool_work(loom_pool *pool, uint64_t ticket) {
    int64_t ran = 0;
    for (;;) {
        if (TICKET_NEXT(ticket) >= TICKET_TASKS(ticket)) return ran;
        uint64_t claimed = ticket + 1;
        if (__atomic_compare_exchange_n(
                &pool->ticket, &ticket, claimed, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            pool->fn(pool->context, (int64_t)TICKET_NEXT(ticket));
            __atomic_add_fetch(&pool->finished, 1, __ATOMIC_RELEASE);
            ticket = claimed;
            ran++;
        }
        // On failure `ticket` holds the current value: try again (or stop) with it.
    }
}

static int loom_pool_has_work(loom_pool *pool) {
    uint64_t ticket = __atomic_load_n(&pool->ticket, __ATOMIC_ACQUIRE);
    return TICKET_NEXT(ticket) < TICKET_TASKS(ticket);
}

static void *loom_pool_worker(void *argument) {
    loom_pool *pool = argument;
    for (;;) {
        int rounds = 0;
        while (!loom_pool_has_work(pool) && !__atomic_load_n(&pool->stop, __ATOMIC_ACQUIRE)) {
            if (++rounds < SPIN_ROUNDS) {
                LOOM_PAUSE();
                continue;
            }
            pthread_mutex_lock(&pool->mutex);
            __atomic_add_fetch(&pool->sleeping, 1, __ATOMIC_SEQ_CST);
            while (!loom_pool_has_work(pool) && !__atomic_load_n(&pool->stop, __ATOMIC_SEQ_CST)) {
                pthread_cond_wait(&pool->wake, &pool->mutex);
            }
            __atomic_sub_fetch(&pool->sleeping, 1, __ATOMIC_SEQ_CST);
            pthread_mutex_unlock(&pool->mutex);
            rounds = 0;
        }
        if (__atomic_load_n(&pool->stop, __ATOMIC_ACQUIRE)) return NULL;
        loom_pool_work(pool, __atomic_load_n(&pool->ticket, __ATOMIC_ACQUIRE));
    }
}

loom_pool *loom_pool_create(int threads) {
    loom_pool *pool = aligned_alloc(_Alignof(loom_pool), sizeof(loom_pool));
    if (!pool) return NULL;
    memset(pool, 0, sizeof(loom_pool));
    pool->threads = threads < 1 ? 1 : threads;
    pthread_mutex_init(&pool->mutex, NULL);
    pthread_cond_init(&pool->wake, NULL);
    pool->ticket = TICKET(0, 0, 0);
    if (pool->threads > 1) {
        pool->workers = calloc((size_t)pool->threads - 1, sizeof(pthread_t));
        for (int i = 0; i < pool->threads - 1; i++) {
            if (!pool->workers || pthread_create(&pool->workers[i], NULL, loom_pool_worker, pool) != 0) {
                // Fewer threads than asked: the tasks still all run, on fewer cores.
                pool->threads = i + 1;
                break;
            }
        }
    }
    return pool;
}

void loom_pool_destroy(loom_pool *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->mutex);
    __atomic_store_n(&pool->stop, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    for (int i = 0; i < pool->threads - 1; i++) pthread_join(pool->workers[i], NULL);
    free(pool->workers);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free(pool);
}

int loom_pool_threads(const loom_pool *pool) { return pool ? pool->threads : 1; }

void loom_pool_run(loom_pool *pool, int64_t tasks, loom_task_fn fn, void *context) {
    if (tasks <= 0) return;
    if (!pool || pool->threads == 1 || tasks == 1 || tasks > (int64_t)TASK_MASK) {
        for (int64_t i = 0; i < tasks; i++) fn(context, i);
        return;
    }
    pool->fn = fn;
    pool->context = context;
    __atomic_store_n(&pool->finished, 0, __ATOMIC_RELAXED);
    pool->generation++;
    // The store publishes fn and context; seq_cst so a worker about to park either sees the
    // job or is counted in `sleeping` below.
    __atomic_store_n(&pool->ticket, TICKET(pool->generation, tasks, 0), __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&pool->sleeping, __ATOMIC_SEQ_CST) > 0) {
        pthread_mutex_lock(&pool->mutex);
        pthread_cond_broadcast(&pool->wake);
        pthread_mutex_unlock(&pool->mutex);
    }
    loom_pool_work(pool, __atomic_load_n(&pool->ticket, __ATOMIC_ACQUIRE));
    int rounds = 0;
    while (__atomic_load_n(&pool->finished, __ATOMIC_ACQUIRE) < tasks) {
        if (++rounds < WAIT_ROUNDS) {
            LOOM_PAUSE();
        } else {
            sched_yield();
        }
    }
}

/// The context of pooled matrix products: product p's tasks are numbered from first_task[p].
typedef struct {
    const loom_product *products;
    int count;
    int64_t tokens;
    /// Product p has tiles[p] tiles of 16 rows, split in first_task[p + 1] - first_task[p] tasks.
    int64_t tiles[LOOM_MAX_PRODUCTS], first_task[LOOM_MAX_PRODUCTS + 1];
} loom_matmul_job;

static void loom_matmul_task(void *context, int64_t task) {
    const loom_matmul_job *job = context;
    int p = 0;
    while (task >= job->first_task[p + 1]) p++;
    const loom_product *product = &job->products[p];
    // The tiles are shared out as evenly as they divide, the larger shares first: the threads
    // claim tasks in turn, so each ends up with the same number of tiles, give or take one.
    int64_t i = task - job->first_task[p], k = job->first_task[p + 1] - job->first_task[p];
    int64_t share = job->tiles[p] / k, larger = job->tiles[p] % k;
    int64_t first_tile = i * share + (i < larger ? i : larger);
    int64_t first = 16 * first_tile, end = 16 * (first_tile + share + (i < larger));
    if (end > product->rows) end = product->rows;
    loom_matmul(
        product->type, product->n, product->weights, product->row_bytes, first, end, product->activations,
        product->activation_bytes, job->tokens, product->out, product->out_stride);
}

void loom_pool_matmul_many(loom_pool *pool, const loom_product *products, int count, int64_t tokens) {
    if (count <= 0) return;
    if (count > LOOM_MAX_PRODUCTS) {
        loom_pool_matmul_many(pool, products, LOOM_MAX_PRODUCTS, tokens);
        loom_pool_matmul_many(pool, products + LOOM_MAX_PRODUCTS, count - LOOM_MAX_PRODUCTS, tokens);
        return;
    }
    int threads = loom_pool_threads(pool);
    int64_t work = 0;
    for (int p = 0; p < count; p++) work += products[p].rows * products[p].n * tokens;
    // Small products cost more to hand out than to do.
    if (threads == 1 || work < (1 << 15)) {
        for (int p = 0; p < count; p++) {
            const loom_product *m = &products[p];
            loom_matmul(
                m->type, m->n, m->weights, m->row_bytes, 0, m->rows, m->activations, m->activation_bytes, tokens,
                m->out, m->out_stride);
        }
        return;
    }
    loom_matmul_job job = {.products = products, .count = count, .tokens = tokens};
    job.first_task[0] = 0;
    // Batches: about eight tasks a thread for each product, so a slow core can be caught up
    // on. One token: two a thread, long runs of rows each core streams through (a product of
    // one token is read from memory, and every task claimed passes the ticket's cache line
    // between the cores). Tasks are whole tiles of 16 rows either way, as even as tiles allow
    // (a 288-row product in four tasks is 80, 80, 64, 64 rows, not 80, 80, 80, 48: two
    // threads take 144 rows each, where one took 160 and the other 128).
    int64_t split = (tokens == 1 ? 2 : 8) * (int64_t)threads;
    for (int p = 0; p < count; p++) {
        job.tiles[p] = (products[p].rows + 15) / 16;
        int64_t tasks = job.tiles[p] < split ? job.tiles[p] : split;
        job.first_task[p + 1] = job.first_task[p] + (tasks > 0 ? tasks : 0);
    }
    loom_pool_run(pool, job.first_task[count], loom_matmul_task, &job);
}
