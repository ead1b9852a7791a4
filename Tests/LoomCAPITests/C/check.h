/* The checks the C API's test program counts, shared by its source files. */
#ifndef LOOM_CAPI_CHECK_H
#define LOOM_CAPI_CHECK_H

#include "loom.h"

#include <stdio.h>
#include <string.h>

extern int checks;
extern int failures;

#define CHECK(condition)                                                                \
    do {                                                                                \
        checks++;                                                                       \
        if (!(condition)) {                                                             \
            failures++;                                                                 \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);                \
        }                                                                               \
    } while (0)

/* Checks that `call` returned `expected` and that its error's message contains `needle`. */
#define CHECK_FAILS(call, expected, needle)                                             \
    do {                                                                                \
        loom_error *e_ = NULL;                                                          \
        loom_error **ep_ = &e_;                                                         \
        loom_status s_ = (call);                                                        \
        checks++;                                                                       \
        if (s_ != (expected) || e_ == NULL || loom_error_status(e_) != (expected)       \
            || strstr(loom_error_message(e_), (needle)) == NULL) {                      \
            failures++;                                                                 \
            printf("FAIL %s:%d: %s gave %s: %s\n", __FILE__, __LINE__, #call,           \
                   loom_status_name(s_), e_ ? loom_error_message(e_) : "(no error)");   \
        }                                                                               \
        loom_error_free(e_);                                                            \
        (void)ep_;                                                                      \
    } while (0)

/* Writes `text` to `path`; 0 when it cannot. */
int write_file(const char *path, const char *text);

/* capi_text.c: text models (skipped with a message when the model is absent). */
void test_text_model(void);
/* capi_choices.c: typed choices and options as JSON. */
void test_typed_choices(const char *dir);
/* capi_errors.c: the statuses of bad worlds, and the map budget. */
void test_world_errors(const char *dir);
void test_map_budget(void);

#endif
