/*
 * Lua patterns (reference manual, section 6.4.1) with their work counted.
 *
 * Lua's own matcher backtracks in C, where the count hook never fires: a pattern such as
 * ('a?'):rep(40) .. ('a'):rep(40) against 40 a's takes 2^40 steps and would hang the host.
 * This matcher implements the same pattern language and charges every step (each attempt at
 * a pattern item, each character a repetition or %b scans) to the VM's instruction budget,
 * one instruction per step, so the budget bounds pattern matching like any other work.
 * Recursion is bounded as in Lua (MAXDEPTH nested items: "pattern too complex").
 * string.find, string.match, string.gmatch and string.gsub over it are in pattern_string.c.
 */
#include "loom_lua_pattern.h"
#include <ctype.h>
#include <string.h>

enum { MAXDEPTH = LOOM_LUA_MAXDEPTH, MAXCAPTURES = LOOM_LUA_MAXCAPTURES, CHARGE_EVERY = 1024 };
enum { CAPTURE_UNFINISHED = -1, CAPTURE_POSITION = -2 };

void loom_lua_matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->depth = MAXDEPTH;
    m->level = 0;
    m->steps = 0;
}

void loom_lua_matcher_reset(Matcher *m) {
    m->level = 0;
    m->depth = MAXDEPTH;
}

void loom_lua_matcher_step(Matcher *m) {
    if (++m->steps >= CHARGE_EVERY) {
        m->steps = 0;
        loom_lua_charge(m->L, CHARGE_EVERY, 1);
    }
}

/* The end of the single-character class starting at p. */
static const char *class_end(Matcher *m, const char *p) {
    char c = *p++;
    if (c == '%') {
        if (p >= m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^') p++;
        /* The first character of a set is literal even when it is ']'. */
        do {
            if (p >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*p++ == '%' && p < m->pattern_end) p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

static int class_matches(int c, int class) {
    int result;
    switch (tolower(class)) {
    case 'a': result = isalpha(c); break;
    case 'c': result = iscntrl(c); break;
    case 'd': result = isdigit(c); break;
    case 'g': result = isgraph(c); break;
    case 'l': result = islower(c); break;
    case 'p': result = ispunct(c); break;
    case 's': result = isspace(c); break;
    case 'u': result = isupper(c); break;
    case 'w': result = isalnum(c); break;
    case 'x': result = isxdigit(c); break;
    default: return class == c;
    }
    if (isupper(class)) result = !result;
    return result != 0;
}

/* p points at '[', close at the matching ']'. */
static int set_matches(int c, const char *p, const char *close) {
    int negated = 0;
    if (*++p == '^') {
        negated = 1;
        p++;
    }
    while (p < close) {
        if (*p == '%' && p + 1 < close) {
            if (class_matches(c, (unsigned char)p[1])) return !negated;
            p += 2;
        } else if (p[1] == '-' && p + 2 < close) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return !negated;
            p += 3;
        } else {
            if ((unsigned char)*p == c) return !negated;
            p++;
        }
    }
    return negated;
}

static int single_matches(Matcher *m, const char *s, const char *p, const char *end) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return class_matches(c, (unsigned char)p[1]);
    case '[': return set_matches(c, p, end - 1);
    default: return (unsigned char)*p == c;
    }
}


static const char *match_greedy(Matcher *m, const char *s, const char *p, const char *end) {
    ptrdiff_t count = 0;
    while (single_matches(m, s + count, p, end)) {
        loom_lua_matcher_step(m);
        count++;
    }
    for (; count >= 0; count--) {
        const char *result = loom_lua_match(m, s + count, end + 1);
        if (result != NULL) return result;
    }
    return NULL;
}

static const char *match_lazy(Matcher *m, const char *s, const char *p, const char *end) {
    for (;;) {
        const char *result = loom_lua_match(m, s, end + 1);
        if (result != NULL) return result;
        if (!single_matches(m, s, p, end)) return NULL;
        s++;
    }
}

static const char *match_capture_start(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= MAXCAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->level].start = s;
    m->captures[m->level].length = what;
    m->level++;
    const char *result = loom_lua_match(m, s, p);
    if (result == NULL) m->level--;
    return result;
}

static const char *match_capture_end(Matcher *m, const char *s, const char *p) {
    int open = m->level - 1;
    while (open >= 0 && m->captures[open].length != CAPTURE_UNFINISHED) open--;
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[open].length = s - m->captures[open].start;
    const char *result = loom_lua_match(m, s, p);
    if (result == NULL) m->captures[open].length = CAPTURE_UNFINISHED;
    return result;
}

static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != p[0]) return NULL;
    int depth = 1;
    while (++s < m->subject_end) {
        loom_lua_matcher_step(m);
        if (*s == p[1]) {
            if (--depth == 0) return s + 1;
        } else if (*s == p[0]) {
            depth++;
        }
    }
    return NULL;
}

static const char *match_backreference(Matcher *m, const char *s, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->level || m->captures[index].length == CAPTURE_UNFINISHED) {
        luaL_error(m->L, "invalid capture index %%%d", index + 1);
    }
    size_t length = (size_t)m->captures[index].length;
    if ((size_t)(m->subject_end - s) >= length && memcmp(m->captures[index].start, s, length) == 0) {
        return s + length;
    }
    return NULL;
}

static const char *match_items(Matcher *m, const char *s, const char *p) {
    for (;;) {
        loom_lua_matcher_step(m);
        if (p == m->pattern_end) return s;
        switch (*p) {
        case '(':
            if (p + 1 < m->pattern_end && p[1] == ')') return match_capture_start(m, s, p + 2, CAPTURE_POSITION);
            return match_capture_start(m, s, p + 1, CAPTURE_UNFINISHED);
        case ')': return match_capture_end(m, s, p + 1);
        case '$':
            if (p + 1 == m->pattern_end) return s == m->subject_end ? s : NULL;
            break;
        case '%':
            if (p + 1 >= m->pattern_end) break;
            if (p[1] == 'b') {
                s = match_balance(m, s, p + 2);
                if (s == NULL) return NULL;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (p >= m->pattern_end || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *end = class_end(m, p);
                int previous = s == m->subject ? 0 : (unsigned char)s[-1];
                int current = s < m->subject_end ? (unsigned char)*s : 0;
                if (set_matches(previous, p, end - 1) || !set_matches(current, p, end - 1)) return NULL;
                p = end;
                continue;
            }
            if (isdigit((unsigned char)p[1])) {
                s = match_backreference(m, s, (unsigned char)p[1]);
                if (s == NULL) return NULL;
                p += 2;
                continue;
            }
            break;
        default: break;
        }
        const char *end = class_end(m, p);
        char suffix = end < m->pattern_end ? *end : '\0';
        if (!single_matches(m, s, p, end)) {
            if (suffix == '*' || suffix == '?' || suffix == '-') {
                p = end + 1;
                continue;
            }
            return NULL;
        }
        switch (suffix) {
        case '?': {
            const char *result = loom_lua_match(m, s + 1, end + 1);
            if (result != NULL) return result;
            p = end + 1;
            continue;
        }
        case '+': return match_greedy(m, s + 1, p, end);
        case '*': return match_greedy(m, s, p, end);
        case '-': return match_lazy(m, s, p, end);
        default:
            s++;
            p = end;
            continue;
        }
    }
}

const char *loom_lua_match(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    const char *result = match_items(m, s, p);
    m->depth++;
    return result;
}

/* MARK: Captures */

void loom_lua_push_capture(Matcher *m, int index, const char *s, const char *e) {
    if (index >= m->level) {
        if (index != 0) luaL_error(m->L, "invalid capture index %%%d", index + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t length = m->captures[index].length;
    if (length == CAPTURE_UNFINISHED) luaL_error(m->L, "unfinished capture");
    if (length == CAPTURE_POSITION) {
        lua_pushinteger(m->L, (lua_Integer)(m->captures[index].start - m->subject) + 1);
    } else {
        lua_pushlstring(m->L, m->captures[index].start, (size_t)length);
    }
}

/* Pushes every capture (or the whole match when there are none and s is given). */
int loom_lua_push_captures(Matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) loom_lua_push_capture(m, i, s, e);
    return count;
}
