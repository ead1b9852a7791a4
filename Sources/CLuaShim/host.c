/*
 * The host side of a Loom Lua state: the count hook that enforces the instruction budget,
 * the message handler that adds tracebacks, and the trampolines through which Lua calls
 * Swift. See the rule at the top of loom_lua.h: no longjmp ever crosses a Swift frame.
 */
#include "loom_lua.h"
#include "loom_lua_private.h"
#include <string.h>

LoomLuaHost *loom_lua_host(lua_State *L) {
    /* Every thread copies the main thread's extra space when it is created. */
    return *(LoomLuaHost **)lua_getextraspace(L);
}

void loom_lua_host_reset_budget(LoomLuaHost *host, long long budget) {
    host->exhausted = 0;
    host->memory_exhausted = 0;
    host->budget = budget;
    host->remaining = budget;
    host->budget_active = budget > 0;
    host->allocation_charged = host->allocator.allocated;
}

/* MARK: The instruction budget */

int loom_lua_raise_budget(lua_State *L, int level) {
    LoomLuaHost *host = loom_lua_host(L);
    host->exhausted = 1;
    luaL_where(L, level);
    lua_pushfstring(L, "instruction budget of %I instructions exhausted", (lua_Integer)host->budget);
    lua_concat(L, 2);
    return lua_error(L);
}

/* The instructions the bytes allocated since the last charge stand for. */
static long long loom_lua_allocation_work(LoomLuaHost *host) {
    unsigned long long bytes = host->allocator.allocated - host->allocation_charged;
    unsigned long long work = bytes / LOOM_LUA_BYTES_PER_INSTRUCTION;
    host->allocation_charged += work * LOOM_LUA_BYTES_PER_INSTRUCTION;
    return (long long)work;
}

void loom_lua_charge(lua_State *L, long long instructions, int level) {
    LoomLuaHost *host = loom_lua_host(L);
    instructions += loom_lua_allocation_work(host);
    host->executed += instructions;
    if (host->exhausted) loom_lua_raise_budget(L, level);
    if (!host->budget_active) return;
    host->remaining -= instructions;
    if (host->remaining < 0) loom_lua_raise_budget(L, level);
}

int loom_lua_host_charge(LoomLuaHost *host, long long work) {
    if (work < 0) work = 0;
    host->executed += work;
    if (host->budget_active) {
        host->remaining -= work;
        if (host->remaining < 0) host->exhausted = 1;
    }
    return host->exhausted;
}

int loom_lua_raise_memory(lua_State *L, int level) {
    LoomLuaHost *host = loom_lua_host(L);
    host->memory_exhausted = 1;
    luaL_where(L, level);
    if (host->allocator.limit == 0) {
        lua_pushliteral(L, "not enough memory");
    } else {
        lua_pushfstring(L, "memory limit of %I bytes reached: not enough memory", (lua_Integer)host->allocator.limit);
    }
    lua_concat(L, 2);
    return lua_error(L);
}

/* Runs every hook_interval instructions of Lua code, in every thread. Once the budget is
 * gone it raises at every tick, so a script that catches the error only buys itself another
 * tick; the guarded pcall/xpcall/resume re-raise it straight away. */
static void loom_lua_count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    loom_lua_charge(L, loom_lua_host(L)->hook_interval, 0);
}

/* MARK: Warnings */

static void loom_lua_flush_warning(LoomLuaHost *host) {
    if (host->log) host->log(host->log_context, host->warning, host->warning_length, 1);
    host->warning_length = 0;
}

/* lua_WarnFunction: pieces of one warning arrive with tocont set until the last. Control
 * messages ("@on", "@off") are ignored: warnings always reach the log. */
static void loom_lua_warn(void *ud, const char *message, int tocont) {
    LoomLuaHost *host = (LoomLuaHost *)ud;
    size_t length = strlen(message);
    if (host->warning_length == 0 && !tocont && message[0] == '@') return;
    size_t room = sizeof(host->warning) - host->warning_length;
    if (length > room) length = room;
    memcpy(host->warning + host->warning_length, message, length);
    host->warning_length += length;
    if (!tocont) loom_lua_flush_warning(host);
}

/* MARK: Opening a state */

static int loom_lua_open_protected(lua_State *L) {
    loom_lua_open_sandbox(L);
    return 0;
}

lua_State *loom_lua_host_open(LoomLuaHost *host) {
    lua_State *L = loom_lua_newstate(&host->allocator);
    if (L == NULL) return NULL;
    *(LoomLuaHost **)lua_getextraspace(L) = host;
    lua_setwarnf(L, loom_lua_warn, host);
    /* Threads created later (coroutine.create, lua_newthread) inherit this hook. Without it
     * (interval 0, trusted scripts only) Lua code runs unmetered. */
    if (host->hook_interval > 0) lua_sethook(L, loom_lua_count_hook, LUA_MASKCOUNT, host->hook_interval);
    lua_pushcfunction(L, loom_lua_open_protected);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        return NULL;
    }
    return L;
}

/* MARK: Calls from the host */

/* The message handler of every host call: "message\nstack traceback:\n...". */
static int loom_lua_message_handler(lua_State *L) {
    const char *message;
    int type = lua_type(L, 1);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        message = lua_tostring(L, 1);
    } else if (!loom_lua_host(L)->exhausted && luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
        message = lua_tostring(L, -1);
    } else {
        message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, message, 1);
    return 1;
}

int loom_lua_host_call(lua_State *L, int nargs, int nresults) {
    int handler = lua_gettop(L) - nargs;
    lua_pushcfunction(L, loom_lua_message_handler);
    lua_insert(L, handler);
    int status = lua_pcall(L, nargs, nresults, handler);
    lua_remove(L, handler);
    return status;
}

int loom_lua_host_resume(lua_State *L, lua_State *co, int nargs, int *nresults) {
    return lua_resume(co, L, nargs, nresults);
}

/* MARK: Calls into Swift */

int loom_lua_call_swift(lua_State *L, void *function) {
    LoomLuaHost *host = loom_lua_host(L);
    /* A tight loop of host calls runs little Lua code between them: each call is charged. */
    loom_lua_charge(L, host->host_call_cost, 1);
    if (host->memory_exhausted) return loom_lua_raise_memory(L, 1);
    int results = host->dispatch(L, function);
    if (results >= 0) return results;
    /* The Swift frame has returned: raising is safe now. */
    if (results == LOOM_LUA_RAISE_BUDGET) return loom_lua_raise_budget(L, 1);
    if (results == LOOM_LUA_RAISE_MEMORY) return luaL_error(L, "not enough memory");
    if (results == LOOM_LUA_RAISE_ARGUMENT) return luaL_argerror(L, host->argument, lua_tostring(L, -1));
    if (results == LOOM_LUA_RAISE_TYPE) return luaL_typeerror(L, host->argument, lua_tostring(L, -1));
    if (results == LOOM_LUA_RAISE_WHERE && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/* The lua_CFunction behind every registered Swift function; upvalue 1 is its box. */
static int loom_lua_swift_trampoline(lua_State *L) {
    return loom_lua_call_swift(L, lua_touserdata(L, lua_upvalueindex(1)));
}

/* MARK: Swift objects as userdata */

void *loom_lua_toobject(lua_State *L, int index, const void *metatable) {
    void **slot = (void **)lua_touserdata(L, index);
    if (slot == NULL || lua_type(L, index) != LUA_TUSERDATA || lua_rawlen(L, index) != sizeof(LoomLuaObjectSlot)
        || !lua_getmetatable(L, index))
        return NULL;
    int same = lua_topointer(L, -1) == metatable;
    lua_pop(L, 1);
    return same ? *slot : NULL;
}

/* Whether `growth` more bytes fit under the limit, after a full collection if need be. */
static int loom_lua_room_for(lua_State *L, size_t growth) {
    LoomLuaAllocator *allocator = &loom_lua_host(L)->allocator;
    if (allocator->limit == 0 || growth == 0) return 1;
    if (allocator->used <= allocator->limit && growth <= allocator->limit - allocator->used) return 1;
    loom_lua_protected_gc(L);
    return allocator->used <= allocator->limit && growth <= allocator->limit - allocator->used;
}

int loom_lua_reserve(lua_State *L, size_t bytes) {
    if (loom_lua_room_for(L, bytes)) return 1;
    loom_lua_host(L)->memory_exhausted = 1;
    return 0;
}

int loom_lua_object_setcost(lua_State *L, int index, size_t cost) {
    LoomLuaObjectSlot *slot = (LoomLuaObjectSlot *)lua_touserdata(L, index);
    if (slot == NULL || lua_rawlen(L, index) != sizeof(LoomLuaObjectSlot) || slot->object == NULL) return 0;
    LoomLuaHost *host = loom_lua_host(L);
    if (cost > slot->cost) {
        lua_pushvalue(L, index); /* keeps the userdata alive through the collection */
        int room = loom_lua_room_for(L, cost - slot->cost);
        lua_pop(L, 1);
        if (!room) {
            host->memory_exhausted = 1;
            return -1;
        }
    }
    host->allocator.used = host->allocator.used - slot->cost + cost;
    if (host->allocator.used > host->allocator.peak) host->allocator.peak = host->allocator.used;
    slot->cost = cost;
    return 0;
}

static int loom_lua_object_gc(lua_State *L) {
    LoomLuaObjectSlot *slot = (LoomLuaObjectSlot *)lua_touserdata(L, 1);
    if (slot != NULL && slot->object != NULL) {
        void *object = slot->object;
        LoomLuaHost *host = loom_lua_host(L);
        slot->object = NULL;
        host->allocator.used -= slot->cost;
        slot->cost = 0;
        host->release(object);
    }
    return 0;
}

static int loom_lua_object_eq(lua_State *L) {
    void **a = (void **)lua_touserdata(L, 1);
    void **b = (void **)lua_touserdata(L, 2);
    lua_pushboolean(L, a != NULL && b != NULL && *a == *b);
    return 1;
}

/* __index with a Swift getter: methods first (upvalue 1), then the getter (upvalue 2). */
static int loom_lua_object_index(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    return loom_lua_call_swift(L, lua_touserdata(L, lua_upvalueindex(2)));
}

static int loom_lua_object_readonly(lua_State *L) {
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
    return luaL_error(L, "cannot assign to field '%s' of a %s", key, lua_tostring(L, lua_upvalueindex(1)));
}

static int loom_lua_body_pushswiftfunction(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    lua_pushlightuserdata(L, op->pointer);
    lua_pushcclosure(L, loom_lua_swift_trampoline, 1);
    return 1;
}

int loom_lua_protected_pushswiftfunction(lua_State *L, void *function) {
    LoomLuaOp op = {.pointer = function};
    return loom_lua_protect(L, loom_lua_body_pushswiftfunction, &op, 0, 1);
}

static int loom_lua_body_pushobject(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    if (!loom_lua_room_for(L, op->length)) return loom_lua_raise_memory(L, 1);
    LoomLuaObjectSlot *slot = (LoomLuaObjectSlot *)lua_newuserdatauv(L, sizeof(LoomLuaObjectSlot), 0);
    /* From here on the userdata owns the retain and the cost: its __gc gives both back. */
    slot->object = op->pointer;
    slot->cost = op->length;
    LoomLuaAllocator *allocator = &loom_lua_host(L)->allocator;
    allocator->used += op->length;
    if (allocator->used > allocator->peak) allocator->peak = allocator->used;
    lua_rawgeti(L, LUA_REGISTRYINDEX, op->a);
    lua_setmetatable(L, -2);
    return 1;
}

int loom_lua_protected_pushobject(lua_State *L, void *object, int metatable_ref, size_t cost) {
    LoomLuaOp op = {.pointer = object, .a = metatable_ref, .length = cost};
    /* Only the allocation can fail, and then the retain was never stored: the caller keeps it. */
    return loom_lua_protect(L, loom_lua_body_pushobject, &op, 0, 1);
}

/* Stack: metatable, methods. */
static int loom_lua_body_finishmetatable(lua_State *L) {
    LoomLuaOp *op = loom_lua_op(L);
    lua_pushstring(L, op->text);
    lua_setfield(L, 1, "__name");
    lua_pushstring(L, op->text);
    lua_setfield(L, 1, "__metatable");
    lua_pushcfunction(L, loom_lua_object_gc);
    lua_setfield(L, 1, "__gc");
    lua_pushcfunction(L, loom_lua_object_eq);
    lua_setfield(L, 1, "__eq");
    if (op->pointer != NULL) {
        lua_pushvalue(L, 2);
        lua_pushlightuserdata(L, op->pointer);
        lua_pushcclosure(L, loom_lua_object_index, 2);
    } else {
        lua_pushvalue(L, 2);
    }
    lua_setfield(L, 1, "__index");
    if (op->pointer2 != NULL) {
        lua_pushlightuserdata(L, op->pointer2);
        lua_pushcclosure(L, loom_lua_swift_trampoline, 1);
    } else {
        lua_pushstring(L, op->text);
        lua_pushcclosure(L, loom_lua_object_readonly, 1);
    }
    lua_setfield(L, 1, "__newindex");
    if (op->pointer3 != NULL) {
        lua_pushlightuserdata(L, op->pointer3);
        lua_pushcclosure(L, loom_lua_swift_trampoline, 1);
        lua_setfield(L, 1, "__tostring");
    }
    return 0;
}

int loom_lua_protected_finishmetatable(
    lua_State *L, const char *name, int methods, void *getter, void *setter, void *tostring) {
    methods = lua_absindex(L, methods);
    lua_pushvalue(L, -1);
    lua_pushvalue(L, methods);
    LoomLuaOp op = {.text = name, .pointer = getter, .pointer2 = setter, .pointer3 = tostring};
    return loom_lua_protect(L, loom_lua_body_finishmetatable, &op, 2, 0);
}
