/*
 * string.find, string.match, string.gmatch and string.gsub over the budgeted matcher
 * (pattern.c), with Lua 5.4's semantics: init positions, plain find, anchors, empty matches
 * right after a match skipped, replacement strings, tables and functions.
 */
#include "loom_lua_pattern.h"
#include <ctype.h>
#include <string.h>

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
    loom_lua_matcher_init(&m, L, s, ls, p, lp);
    const char *start = s + init;
    do {
        loom_lua_matcher_reset(&m);
        const char *end = loom_lua_match(&m, start, p);
        if (end != NULL) {
            if (!find) return loom_lua_push_captures(&m, start, end);
            lua_pushinteger(L, (lua_Integer)(start - s) + 1);
            lua_pushinteger(L, (lua_Integer)(end - s));
            return loom_lua_push_captures(&m, NULL, NULL) + 2;
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
    loom_lua_matcher_init(&m, L, s, ls, p, lp);
    for (const char *start = s + state->position; start <= m.subject_end; start++) {
        loom_lua_matcher_reset(&m);
        const char *end = loom_lua_match(&m, start, p);
        /* An empty match right where the last one ended is skipped, as in Lua 5.4. */
        if (end != NULL && end - s != state->last_match) {
            state->position = state->last_match = end - s;
            return loom_lua_push_captures(&m, start, end);
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
        loom_lua_matcher_step(m);
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
                loom_lua_push_capture(m, *r - '1', s, e);
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
        int count = loom_lua_push_captures(m, s, e);
        lua_call(L, count, 1);
    } else {
        loom_lua_push_capture(m, 0, s, e);
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
    loom_lua_matcher_init(&m, L, s, ls, p, lp);
    const char *source = s, *last_match = NULL;
    lua_Integer count = 0;
    while (count < limit) {
        loom_lua_matcher_reset(&m);
        const char *end = loom_lua_match(&m, source, p);
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
