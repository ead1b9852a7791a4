#ifndef LOOM_LUA_PRIVATE_H
#define LOOM_LUA_PRIVATE_H
/* Shared between the shim's C files; not seen by Swift. */
#include "loom_lua.h"

/** The operands of one protected operation, passed to it as a light userdata. */
typedef struct LoomLuaOp {
    const char *text;
    size_t length;
    int a, b, c;
    void *pointer, *pointer2, *pointer3;
    lua_State *thread;
    int result;
} LoomLuaOp;

/** A host object's userdata: the retained Swift object (first, so a void ** reads it) and
 *  the bytes it counts against the memory limit. */
typedef struct LoomLuaObjectSlot {
    void *object;
    size_t cost;
} LoomLuaObjectSlot;

/** Runs `body` under lua_pcall with `op` as its first argument followed by the `operands`
 *  values from the top of the stack (which it consumes); `results` values are left. */
int loom_lua_protect(lua_State *L, lua_CFunction body, LoomLuaOp *op, int operands, int results);
/** The operation record of a protected body. */
LoomLuaOp *loom_lua_op(lua_State *L);

/** Opens the sandboxed libraries into the globals (runs inside a protected call). */
void loom_lua_open_sandbox(lua_State *L);
/** Replaces string.find/match/gmatch/gsub (table at `string`) with budgeted versions. */
void loom_lua_open_patterns(lua_State *L, int string);
/** Marks the budget exhausted and raises the budget error, located at stack `level`
 *  (0 in the hook: the running Lua function; 1 in a C function: its caller). */
int loom_lua_raise_budget(lua_State *L, int level);
/** Marks memory exhausted and raises "memory limit of N bytes reached: not enough memory",
 *  located at stack `level` (1 in a C function: its caller). */
int loom_lua_raise_memory(lua_State *L, int level);
/** Counts `instructions` of work done against the budget; raises when it runs out. */
void loom_lua_charge(lua_State *L, long long instructions, int level);
/** Calls a Swift function box with the current stack, raising its error after it returned. */
int loom_lua_call_swift(lua_State *L, void *function);

#endif
