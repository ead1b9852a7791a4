#ifndef LOOM_LUA_PATTERN_H
#define LOOM_LUA_PATTERN_H
/* The budgeted pattern matcher (pattern.c), used by the string functions (pattern_string.c). */
#include "loom_lua_private.h"

enum { LOOM_LUA_MAXDEPTH = 200, LOOM_LUA_MAXCAPTURES = 32 };

/** The state of one match: the subject, the pattern's end, the captures so far. */
typedef struct Matcher {
    const char *subject, *subject_end, *pattern_end;
    lua_State *L;
    int depth, level;
    long long steps;
    struct {
        const char *start;
        ptrdiff_t length;
    } captures[LOOM_LUA_MAXCAPTURES];
} Matcher;

/** Prepares a match of pattern p (lp bytes, without a leading '^') against s. */
void loom_lua_matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp);
/** Clears the captures and depth before another attempt. */
void loom_lua_matcher_reset(Matcher *m);
/** Counts one step of work against the budget (charged in batches). */
void loom_lua_matcher_step(Matcher *m);
/** Where a match of p starting at s ends, or NULL. Raises on malformed patterns and budget. */
const char *loom_lua_match(Matcher *m, const char *s, const char *p);
/** Pushes capture `index` (the whole match s..e when there are no captures). */
void loom_lua_push_capture(Matcher *m, int index, const char *s, const char *e);
/** Pushes every capture, or the whole match when there are none and s is given. */
int loom_lua_push_captures(Matcher *m, const char *s, const char *e);

#endif
