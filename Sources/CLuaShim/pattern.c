/*
 * Lua patterns (reference manual, section 6.4.1) with their work counted.
 *
 * Lua's own matcher backtracks in C, where the count hook never fires: a pattern such as
 * ('a?'):rep(40) .. ('a'):rep(40) against 40 a's takes 2^40 steps and would hang the host.
 * This matcher implements the same pattern language and charges every step (each attempt at
 * a pattern item, each character a repetition or %b scans) to the VM's instruction budget,
 * one instruction per step, so the budget bounds pattern matching like any other work.
 * Recursion is bounded as in Lua (MAXDEPTH nested items: "pattern too complex").
 * string.find, string.match, string.gmatch and string.gsub are replaced by versions over it.
 */
#include "loom_lua_private.h"
#include <ctype.h>
#include <string.h>

enum { MAXDEPTH = 200, MAXCAPTURES = 32, CHARGE_EVERY = 1024 };
enum { CAPTURE_UNFINISHED = -1, CAPTURE_POSITION = -2 };

typedef struct Matcher {
    const char *subject, *subject_end, *pattern_end;
    lua_State *L;
    int depth, level;
    long long steps;
    struct {
        const char *start;
        ptrdiff_t length;
    } captures[MAXCAPTURES];
} Matcher;

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->depth = MAXDEPTH;
    m->level = 0;
    m->steps = 0;
}

static void matcher_step(Matcher *m) {
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

static const char *match(Matcher *m, const char *s, const char *p);

static const char *match_greedy(Matcher *m, const char *s, const char *p, const char *end) {
    ptrdiff_t count = 0;
    while (single_matches(m, s + count, p, end)) {
        matcher_step(m);
        count++;
    }
    for (; count >= 0; count--) {
        const char *result = match(m, s + count, end + 1);
        if (result != NULL) return result;
    }
    return NULL;
}

static const char *match_lazy(Matcher *m, const char *s, const char *p, const char *end) {
    for (;;) {
        const char *result = match(m, s, end + 1);
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
    const char *result = match(m, s, p);
    if (result == NULL) m->level--;
    return result;
}

static const char *match_capture_end(Matcher *m, const char *s, const char *p) {
    int open = m->level - 1;
    while (open >= 0 && m->captures[open].length != CAPTURE_UNFINISHED) open--;
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[open].length = s - m->captures[open].start;
    const char *result = match(m, s, p);
    if (result == NULL) m->captures[open].length = CAPTURE_UNFINISHED;
    return result;
}

static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != p[0]) return NULL;
    int depth = 1;
    while (++s < m->subject_end) {
        matcher_step(m);
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
        matcher_step(m);
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
            const char *result = match(m, s + 1, end + 1);
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

static const char *match(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    const char *result = match_items(m, s, p);
    m->depth++;
    return result;
}

/* MARK: Captures */

static void push_capture(Matcher *m, int index, const char *s, const char *e) {
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
static int push_captures(Matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) push_capture(m, i, s, e);
    return count;
}

static int has_specials(const char *p, size_t length) {
    for (size_t i = 0; i < length; i++) {
        if (strchr("^$*+?.([%-", p[i]) != NULL && p[i] != '\0') return 1;
    }
    return 0;
}

/* A 1-based, possibly negative position made into an offset in [0, length]. */
static size_t start_offset(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0 || (size_t)(-position) > length) return 0;
    return length - (size_t)(-position);
}

/* MARK: find and match */

static int find_plain(lua_State *L, const char *s, size_t ls, size_t init, const char *p, size_t lp) {
    if (lp == 0) {
        lua_pushinteger(L, (lua_Integer)init + 1);
        lua_pushinteger(L, (lua_Integer)init);
        return 2;
    }
    long long cost = 1 + (long long)(lp / 32);
    for (size_t at = init; lp <= ls && at <= ls - lp; at++) {
        const char *candidate = memchr(s + at, p[0], ls - lp - at + 1);
        if (candidate == NULL) break;
        at = (size_t)(candidate - s);
        loom_lua_charge(L, cost, 1);
        if (memcmp(candidate, p, lp) == 0) {
            lua_pushinteger(L, (lua_Integer)at + 1);
            lua_pushinteger(L, (lua_Integer)(at + lp));
            return 2;
        }
    }
    luaL_pushfail(L);
    return 1;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) return find_plain(L, s, ls, init, p, lp);
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    const char *start = s + init;
    do {
        m.level = 0;
        m.depth = MAXDEPTH;
        const char *end = match(&m, start, p);
        if (end != NULL) {
            if (!find) return push_captures(&m, start, end);
            lua_pushinteger(L, (lua_Integer)(start - s) + 1);
            lua_pushinteger(L, (lua_Integer)(end - s));
            return push_captures(&m, NULL, NULL) + 2;
        }
    } while (start++ < m.subject_end && !anchored);
    luaL_pushfail(L);
    return 1;
}

static int loom_lua_string_find(lua_State *L) { return find_or_match(L, 1); }
static int loom_lua_string_match(lua_State *L) { return find_or_match(L, 0); }

/* MARK: gmatch */

typedef struct GmatchState {
    size_t position;
    ptrdiff_t last_match; /* offset of the end of the last match, -1 before the first */
} GmatchState;

static int gmatch_next(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    GmatchState *state = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    for (const char *start = s + state->position; start <= m.subject_end; start++) {
        m.level = 0;
        m.depth = MAXDEPTH;
        const char *end = match(&m, start, p);
        /* An empty match right where the last one ended is skipped, as in Lua 5.4. */
        if (end != NULL && end - s != state->last_match) {
            state->position = state->last_match = end - s;
            return push_captures(&m, start, end);
        }
    }
    state->position = ls + 1;
    return 0;
}

static int loom_lua_string_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    GmatchState *state = (GmatchState *)lua_newuserdatauv(L, sizeof(GmatchState), 0);
    state->position = init > ls ? ls + 1 : init;
    state->last_match = -1;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* MARK: gsub */

static void add_replacement_string(Matcher *m, luaL_Buffer *buffer, const char *s, const char *e) {
    size_t length;
    const char *replacement = lua_tolstring(m->L, 3, &length);
    const char *end = replacement + length;
    for (const char *r = replacement; r < end; r++) {
        matcher_step(m);
        if (*r != '%') {
            luaL_addchar(buffer, *r);
            continue;
        }
        r++;
        if (r < end && *r == '%') {
            luaL_addchar(buffer, '%');
        } else if (r < end && isdigit((unsigned char)*r)) {
            if (*r == '0') {
                luaL_addlstring(buffer, s, (size_t)(e - s));
            } else {
                push_capture(m, *r - '1', s, e);
                luaL_tolstring(m->L, -1, NULL);
                lua_remove(m->L, -2);
                luaL_addvalue(buffer);
            }
        } else {
            luaL_error(m->L, "invalid use of '%%' in replacement string");
        }
    }
}

static void add_replacement(Matcher *m, luaL_Buffer *buffer, const char *s, const char *e, int type) {
    lua_State *L = m->L;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        add_replacement_string(m, buffer, s, e);
        return;
    }
    if (type == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int count = push_captures(m, s, e);
        lua_call(L, count, 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(buffer, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(buffer);
    }
}

static int loom_lua_string_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int type = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(
        L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE, 3,
        "string/function/table");
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    const char *source = s, *last_match = NULL;
    lua_Integer count = 0;
    while (count < limit) {
        m.level = 0;
        m.depth = MAXDEPTH;
        const char *end = match(&m, source, p);
        if (end != NULL && end != last_match) {
            count++;
            add_replacement(&m, &buffer, source, end, type);
            source = last_match = end;
        } else if (source < m.subject_end) {
            luaL_addchar(&buffer, *source++);
        } else {
            break;
        }
        if (anchored) break;
    }
    luaL_addlstring(&buffer, source, (size_t)(m.subject_end - source));
    luaL_pushresult(&buffer);
    lua_pushinteger(L, count);
    return 2;
}

void loom_lua_open_patterns(lua_State *L, int string) {
    static const luaL_Reg functions[] = {
        {"find", loom_lua_string_find},
        {"match", loom_lua_string_match},
        {"gmatch", loom_lua_string_gmatch},
        {"gsub", loom_lua_string_gsub},
    };
    for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
        lua_pushcfunction(L, functions[i].func);
        lua_setfield(L, string, functions[i].name);
    }
}
