/*
 * The sandbox: which standard libraries a script sees, and the replacements for the
 * functions that would let it escape, hang the host or see the outside world.
 * Every replacement is a C closure whose upvalue 1 is the original function.
 */
#include "loom_lua_private.h"
#include <string.h>

/* MARK: Guards against swallowing the budget error */

/* Whether a message starts with a "chunk:line:" position. */
static int loom_lua_is_located(const char *message) {
    for (const char *c = message; *c != '\0' && *c != '\n'; c++) {
        if (*c != ':' || c[1] < '0' || c[1] > '9') continue;
        const char *d = c + 1;
        while (*d >= '0' && *d <= '9') d++;
        if (*d == ':') return 1;
    }
    return 0;
}

/* Whether the original returned `false, "...not enough memory"`: a memory error it caught. */
static int loom_lua_caught_memory_error(lua_State *L) {
    if (lua_gettop(L) < 2 || lua_type(L, 1) != LUA_TBOOLEAN || lua_toboolean(L, 1)) return 0;
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    size_t length;
    const char *message = lua_tolstring(L, 2, &length);
    static const char suffix[] = "not enough memory";
    size_t n = sizeof(suffix) - 1;
    return length >= n && memcmp(message + length - n, suffix, n) == 0;
}

static int loom_lua_guard_finish(lua_State *L, int status, lua_KContext context) {
    (void)context;
    LoomLuaHost *host = loom_lua_host(L);
    if (host->exhausted) return loom_lua_raise_budget(L, 1);
    /* Lua raises a memory error only after an emergency collection failed to make room. The
     * original pcall or resume caught it and returned false and Lua's "not enough memory". */
    if (status == LUA_ERRMEM || loom_lua_caught_memory_error(L)) host->memory_exhausted = 1;
    if (host->memory_exhausted) {
        if (host->allocator.limit == 0) return lua_error(L);
        return loom_lua_raise_memory(L, 1);
    }
    if (status != LUA_OK && status != LUA_YIELD) {
        /* An error the original raised itself names no position (it was called from C):
         * give it the script's. Errors from Lua code below already carry theirs. */
        if (lua_type(L, -1) == LUA_TSTRING && !loom_lua_is_located(lua_tostring(L, -1))) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return lua_gettop(L);
}

/* Calls the original (pcall, coroutine.resume, load, ...) and re-raises the budget error if
 * it ran out meanwhile, so a function that catches errors cannot keep a script alive.
 * lua_pcallk keeps yields across the call working. */
static int loom_lua_guard(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, 0, loom_lua_guard_finish);
    return loom_lua_guard_finish(L, status, 0);
}

/* The message handler given to the original xpcall in place of the script's. An error
 * raised by the count hook reaches message handlers with hooks switched off, so once the
 * budget is gone the script's handler must not run at all: it could loop forever. */
static int loom_lua_xpcall_handler(lua_State *L) {
    if (loom_lua_host(L)->exhausted || loom_lua_host(L)->memory_exhausted) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* The guarded functions check their arguments themselves: errors raised by the originals
 * (called from C) could not name the function ("bad argument #1 to '?'"). */
static int loom_lua_sandbox_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    return loom_lua_guard(L);
}

static int loom_lua_coroutine_guard(lua_State *L) {
    luaL_argexpected(L, lua_type(L, 1) == LUA_TTHREAD, 1, "coroutine");
    return loom_lua_guard(L);
}

static int loom_lua_xpcall(lua_State *L) {
    luaL_checkany(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, loom_lua_xpcall_handler, 1);
    lua_replace(L, 2);
    return loom_lua_guard(L);
}

/* MARK: Base library */

static int loom_lua_print(lua_State *L) {
    int count = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= count; i++) {
        if (i > 1) luaL_addchar(&buffer, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    LoomLuaHost *host = loom_lua_host(L);
    if (host->log) host->log(host->log_context, text, length, 0);
    return 0;
}

/* Finalisers run without hooks (and so without a budget): scripts may not set them. */
static int loom_lua_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, lua_type(L, 2) == LUA_TNIL || lua_type(L, 2) == LUA_TTABLE, 2, "nil or table");
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int type = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (type != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
    }
    return loom_lua_guard(L);
}

static int loom_lua_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (strcmp(option, "count") != 0) {
        return luaL_error(L, "collectgarbage('%s') is not allowed in the sandbox (only 'count' is)", option);
    }
    return loom_lua_guard(L);
}

/* load always in text mode: bytecode can break the VM's invariants. The environment
 * defaults to the sandbox's globals as usual. */
static int loom_lua_load(lua_State *L) {
    luaL_argexpected(L, lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TFUNCTION, 1, "string or function");
    if (lua_gettop(L) >= 3 && !lua_isnil(L, 3)) {
        const char *mode = luaL_checkstring(L, 3);
        if (strchr(mode, 't') == NULL) {
            luaL_pushfail(L);
            lua_pushliteral(L, "binary chunks are not allowed in the sandbox");
            return 2;
        }
    }
    if (lua_gettop(L) < 2) lua_settop(L, 2);
    lua_pushliteral(L, "t");
    if (lua_gettop(L) > 3) {
        lua_replace(L, 3);
    } else {
        lua_insert(L, 3);
    }
    return loom_lua_guard(L);
}

/* MARK: pairs in a fixed order */

static int loom_lua_key_rank(lua_State *L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

/* Orders keys: numbers ascending, then strings bytewise (not by locale), then false before
 * true. Other keys (tables, functions) have no order that repeats across runs. */
static int loom_lua_key_less(lua_State *L) {
    int a = loom_lua_key_rank(L, 1), b = loom_lua_key_rank(L, 2);
    if (a != b) {
        lua_pushboolean(L, a < b);
    } else if (a == 0) {
        lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    } else if (a == 1) {
        size_t la, lb;
        const char *sa = lua_tolstring(L, 1, &la), *sb = lua_tolstring(L, 2, &lb);
        int order = memcmp(sa, sb, la < lb ? la : lb);
        lua_pushboolean(L, order < 0 || (order == 0 && la < lb));
    } else if (a == 2) {
        lua_pushboolean(L, !lua_toboolean(L, 1) && lua_toboolean(L, 2));
    } else {
        lua_pushboolean(L, 0);
    }
    return 1;
}

/* Upvalues: the table, its sorted keys, the next position. Keys whose value became nil
 * during the traversal are skipped. */
static int loom_lua_pairs_next(lua_State *L) {
    lua_Integer position = lua_tointeger(L, lua_upvalueindex(3));
    for (;;) {
        position++;
        if (lua_rawgeti(L, lua_upvalueindex(2), position) == LUA_TNIL) return 0;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
            lua_pushinteger(L, position);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
}

/* pairs visits keys in a fixed order (Lua's own order depends on a hash seed the system
 * library randomises per state), so scripts that iterate generate the same world every run.
 * __pairs is honoured. Upvalue 1 is table.sort. */
static int loom_lua_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_newtable(L);
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, 2, ++count);
    }
    long long log = 1;
    while (((long long)1 << log) < count) log++;
    loom_lua_charge(L, count * log, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 2);
    lua_pushcfunction(L, loom_lua_key_less);
    lua_call(L, 2, 0);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, loom_lua_pairs_next, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* MARK: string and table */

static int loom_lua_string_rep(lua_State *L) {
    size_t length, separator = 0;
    luaL_checklstring(L, 1, &length);
    lua_Integer count = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &separator);
    if (count > 1) {
        size_t limit = loom_lua_host(L)->max_string_length;
        size_t unit = length + separator;
        if (unit > 0 && ((size_t)count > limit / unit + 1 || unit * (size_t)count - separator > limit)) {
            return luaL_error(L, "string.rep would make a string longer than the sandbox's limit of %I bytes",
                (lua_Integer)limit);
        }
    }
    return loom_lua_guard(L);
}

/* table.move and table.sort loop in C where the count hook cannot see them: charge their
 * work to the instruction budget up front. */
static int loom_lua_table_move(lua_State *L) {
    luaL_checkany(L, 1);
    lua_Integer first = luaL_checkinteger(L, 2), last = luaL_checkinteger(L, 3);
    if (last >= first) {
        lua_Unsigned count = (lua_Unsigned)last - (lua_Unsigned)first;
        loom_lua_charge(L, count > (lua_Unsigned)1 << 60 ? (long long)1 << 60 : (long long)count, 1);
    }
    return loom_lua_guard(L);
}

static int loom_lua_table_sort(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    long long count = (long long)lua_rawlen(L, 1), log = 1;
    while (((long long)1 << log) < count) log++;
    loom_lua_charge(L, count * log, 1);
    return loom_lua_guard(L);
}

/* MARK: os: deterministic time */

/* Days from 1970-01-01 to the given proleptic Gregorian date (any month and day, so
 * out-of-range fields carry over as os.time documents). */
static long long loom_lua_days_from_civil(long long year, long long month, long long day) {
    long long months = month - 1;
    year += months >= 0 ? months / 12 : -((11 - months) / 12);
    month = months - 12 * (months >= 0 ? months / 12 : -((11 - months) / 12)) + 1;
    /* Count years from March, so the leap day is the last day of the year. */
    if (month <= 2) year -= 1;
    long long era = (year >= 0 ? year : year - 399) / 400;
    long long yearOfEra = year - era * 400;
    long long shiftedMonth = month > 2 ? month - 3 : month + 9;
    long long dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    long long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

static long long loom_lua_date_field(lua_State *L, const char *key, long long fallback) {
    int type = lua_getfield(L, 1, key);
    int isInteger = 0;
    lua_Integer value = lua_tointegerx(L, -1, &isInteger);
    lua_pop(L, 1);
    if (isInteger) return value;
    if (type != LUA_TNIL) return luaL_error(L, "field '%s' is not an integer", key);
    if (fallback < 0) return luaL_error(L, "field '%s' missing in date table", key);
    return fallback;
}

/* os.time(): the world's fixed time. os.time(t): t read as UTC (not local time, so the
 * result is the same on every machine). */
static int loom_lua_os_time(lua_State *L) {
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, (lua_Integer)loom_lua_host(L)->fixed_time);
        return 1;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    long long year = loom_lua_date_field(L, "year", -1);
    long long month = loom_lua_date_field(L, "month", -1);
    long long day = loom_lua_date_field(L, "day", -1);
    long long hour = loom_lua_date_field(L, "hour", 12);
    long long minute = loom_lua_date_field(L, "min", 0);
    long long second = loom_lua_date_field(L, "sec", 0);
    if (year < -1000000 || year > 1000000 || month < -1000000 || month > 1000000 || day < -100000000
        || day > 100000000) {
        return luaL_error(L, "time out of range");
    }
    long long days = loom_lua_days_from_civil(year, month, day);
    lua_pushinteger(L, (lua_Integer)(days * 86400 + hour * 3600 + minute * 60 + second));
    return 1;
}

/* os.date always formats UTC ("!" in front), and defaults to the world's fixed time. */
static int loom_lua_os_date(lua_State *L) {
    const char *format = luaL_optstring(L, 1, "%c");
    lua_Integer time = luaL_opt(L, luaL_checkinteger, 2, (lua_Integer)loom_lua_host(L)->fixed_time);
    /* Past about two billion years gmtime fails; say so here, where the message gets a position. */
    if (time > 67000000000000000LL || time < -67000000000000000LL) return luaL_error(L, "time out of range");
    if (format[0] != '!') format = lua_pushfstring(L, "!%s", format);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushstring(L, format);
    lua_pushinteger(L, time);
    lua_call(L, 2, 1);
    return 1;
}

/* os.clock counts work, not time: instructions run so far / 1e8 (a "virtual second" per
 * hundred million instructions, in steps of the hook interval). Deterministic. */
static int loom_lua_os_clock(lua_State *L) {
    lua_pushnumber(L, (lua_Number)loom_lua_host(L)->executed / 1e8);
    return 1;
}

/* MARK: Opening */

static void loom_lua_wrap(lua_State *L, int table, const char *name, lua_CFunction replacement) {
    table = lua_absindex(L, table);
    lua_getfield(L, table, name);
    lua_pushcclosure(L, replacement, 1);
    lua_setfield(L, table, name);
}

static void loom_lua_remove(lua_State *L, int table, const char *name) {
    lua_pushnil(L);
    lua_setfield(L, table, name);
}

void loom_lua_open_sandbox(lua_State *L) {
    static const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
    };
    for (size_t i = 0; i < sizeof(libraries) / sizeof(libraries[0]); i++) {
        luaL_requiref(L, libraries[i].name, libraries[i].func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    loom_lua_remove(L, globals, "dofile");
    loom_lua_remove(L, globals, "loadfile");
    loom_lua_wrap(L, globals, "load", loom_lua_load);
    loom_lua_wrap(L, globals, "pcall", loom_lua_sandbox_pcall);
    loom_lua_wrap(L, globals, "xpcall", loom_lua_xpcall);
    loom_lua_wrap(L, globals, "setmetatable", loom_lua_setmetatable);
    loom_lua_wrap(L, globals, "collectgarbage", loom_lua_collectgarbage);
    lua_pushcfunction(L, loom_lua_print);
    lua_setfield(L, globals, "print");

    lua_getfield(L, globals, LUA_COLIBNAME);
    loom_lua_wrap(L, -1, "resume", loom_lua_coroutine_guard);
    loom_lua_wrap(L, -1, "close", loom_lua_coroutine_guard);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_TABLIBNAME);
    lua_getfield(L, -1, "sort");
    lua_pushcclosure(L, loom_lua_pairs, 1);
    lua_setfield(L, globals, "pairs");
    loom_lua_wrap(L, -1, "move", loom_lua_table_move);
    loom_lua_wrap(L, -1, "sort", loom_lua_table_sort);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_STRLIBNAME);
    int string = lua_gettop(L);
    loom_lua_remove(L, string, "dump");
    loom_lua_wrap(L, string, "rep", loom_lua_string_rep);
    loom_lua_open_patterns(L, string);
    lua_pop(L, 1);
    /* getmetatable('') returns this name instead of the metatable shared by every string. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_createtable(L, 0, 4);
    lua_pushcfunction(L, luaopen_os);
    lua_call(L, 0, 1);
    lua_getfield(L, -1, "date");
    lua_pushcclosure(L, loom_lua_os_date, 1);
    lua_setfield(L, -3, "date");
    lua_getfield(L, -1, "difftime");
    lua_setfield(L, -3, "difftime");
    lua_pop(L, 1);
    lua_pushcfunction(L, loom_lua_os_time);
    lua_setfield(L, -2, "time");
    lua_pushcfunction(L, loom_lua_os_clock);
    lua_setfield(L, -2, "clock");
    lua_setfield(L, globals, "os");
    lua_pop(L, 1);
}
