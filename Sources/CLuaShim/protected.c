/*
 * Protected versions of the Lua API calls Swift needs that can raise (they allocate, or run
 * metamethods). Each pushes a small C body and runs it under lua_pcall, so an error unwinds
 * C frames only and reaches Swift as a status code.
 */
#include "loom_lua_private.h"

int loom_lua_protect(lua_State *L, lua_CFunction body, LoomLuaOp *op, int operands, int results) {
    if (!lua_checkstack(L, 3 + results)) {
        lua_pop(L, operands);
        return LUA_ERRMEM;
    }
    lua_pushcfunction(L, body);
    lua_pushlightuserdata(L, op);
    /* [operands..., body, op] -> [body, op, operands...] */
    lua_rotate(L, -(operands + 2), 2);
    int status = lua_pcall(L, operands + 1, results, 0);
    if (status != LUA_OK) lua_pop(L, 1);
    return status;
}

LoomLuaOp *loom_lua_op(lua_State *L) {
    LoomLuaOp *op = (LoomLuaOp *)lua_touserdata(L, 1);
    lua_remove(L, 1);
    return op;
}

static int loom_lua_body_pushstring(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    lua_pushlstring(L, op->text, op->length);
    return 1;
}

int loom_lua_protected_pushstring(lua_State *L, const char *text, size_t length) {
    LoomLuaOp op = {.text = text, .length = length};
    return loom_lua_protect(L, loom_lua_body_pushstring, &op, 0, 1);
}

static int loom_lua_body_createtable(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    lua_createtable(L, op->a, op->b);
    return 1;
}

int loom_lua_protected_createtable(lua_State *L, int narr, int nrec) {
    LoomLuaOp op = {.a = narr, .b = nrec};
    return loom_lua_protect(L, loom_lua_body_createtable, &op, 0, 1);
}

static int loom_lua_body_rawset(lua_State *L) {
    (void)loom_lua_op(L);
    lua_rawset(L, 1);
    return 0;
}

int loom_lua_protected_rawset(lua_State *L, int t) {
    t = lua_absindex(L, t);
    lua_pushvalue(L, t);
    lua_insert(L, -3);
    LoomLuaOp op = {0};
    return loom_lua_protect(L, loom_lua_body_rawset, &op, 3, 0);
}

static int loom_lua_body_ref(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    op->result = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int loom_lua_protected_ref(lua_State *L, int *ref) {
    LoomLuaOp op = {0};
    int status = loom_lua_protect(L, loom_lua_body_ref, &op, 1, 0);
    *ref = status == LUA_OK ? op.result : LUA_NOREF;
    return status;
}

static int loom_lua_body_newthread(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    op->thread = lua_newthread(L);
    return 1;
}

int loom_lua_protected_newthread(lua_State *L, lua_State **thread) {
    LoomLuaOp op = {0};
    int status = loom_lua_protect(L, loom_lua_body_newthread, &op, 0, 1);
    *thread = status == LUA_OK ? op.thread : NULL;
    return status;
}

static int loom_lua_body_traceback(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    luaL_traceback(L, op->thread, op->text, op->a);
    return 1;
}

int loom_lua_protected_traceback(lua_State *L, lua_State *co, const char *message, int level) {
    LoomLuaOp op = {.thread = co, .text = message, .a = level};
    return loom_lua_protect(L, loom_lua_body_traceback, &op, 0, 1);
}

static int loom_lua_body_tostring(lua_State *L) {
    (void)loom_lua_op(L);
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int loom_lua_protected_tostring(lua_State *L, int index) {
    lua_pushvalue(L, index);
    LoomLuaOp op = {0};
    return loom_lua_protect(L, loom_lua_body_tostring, &op, 1, 1);
}

static int loom_lua_body_unref(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    luaL_unref(L, LUA_REGISTRYINDEX, op->a);
    return 0;
}

int loom_lua_protected_unref(lua_State *L, int ref) {
    LoomLuaOp op = {.a = ref};
    return loom_lua_protect(L, loom_lua_body_unref, &op, 0, 0);
}

static int loom_lua_body_loadtext(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    if (luaL_loadbufferx(L, op->text, op->length, (const char *)op->pointer, "t") != LUA_OK) {
        op->result = 1;
    }
    return 1;
}

int loom_lua_protected_loadtext(lua_State *L, const char *text, size_t length, const char *name, int *failed) {
    LoomLuaOp op = {.text = text, .length = length, .pointer = (void *)name};
    int status = loom_lua_protect(L, loom_lua_body_loadtext, &op, 0, 1);
    *failed = op.result;
    return status;
}

static int loom_lua_body_gc(lua_State *L) {
    (void)loom_lua_op(L);
    lua_gc(L, LUA_GCCOLLECT);
    return 0;
}

int loom_lua_protected_gc(lua_State *L) {
    LoomLuaOp op = {0};
    return loom_lua_protect(L, loom_lua_body_gc, &op, 0, 0);
}
