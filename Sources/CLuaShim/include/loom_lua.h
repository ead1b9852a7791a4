#ifndef LOOM_LUA_H
#define LOOM_LUA_H
/*
 * C code that must be C for the Lua host: wrappers for Lua's function-like macros
 * (prefixed loom_lua_ so a call site shows a shim is involved) and the limited allocator.
 */
#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/* MARK: Macros as functions */
static inline void loom_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void loom_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *loom_lua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline lua_Number loom_lua_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer loom_lua_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline int loom_lua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int loom_lua_istable(lua_State *L, int i) { return lua_istable(L, i); }
static inline int loom_lua_isfunction(lua_State *L, int i) { return lua_isfunction(L, i); }
static inline int loom_lua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline int loom_lua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int loom_lua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void loom_lua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline int loom_lua_loadbuffer_text(lua_State *L, const char *buffer, size_t size, const char *name) {
    /* "t": text chunks only; precompiled bytecode is refused. */
    return luaL_loadbufferx(L, buffer, size, name, "t");
}

/* MARK: The limited allocator */

/** Counts the bytes a Lua state holds and refuses allocations past `limit` (0: no limit). */
typedef struct LoomLuaAllocator {
    size_t used;
    size_t limit;
    size_t peak;
} LoomLuaAllocator;

/** Creates a Lua state whose memory is counted by `allocator`; NULL if it cannot. */
lua_State *loom_lua_newstate(LoomLuaAllocator *allocator);

#endif
