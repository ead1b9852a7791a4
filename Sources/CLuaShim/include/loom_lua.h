#ifndef LOOM_LUA_H
#define LOOM_LUA_H
/*
 * C code that must be C for the Lua host: wrappers for Lua's function-like macros
 * (prefixed loom_lua_ so a call site shows a shim is involved), the limited allocator,
 * the instruction-count hook, the error trampolines and the sandbox's replacement functions.
 *
 * THE ONE RULE: Lua raises errors with longjmp, and a longjmp must never skip a Swift frame
 * (Swift has no idea its frame vanished: retains leak, defers never run, exclusivity records
 * stay open). So:
 *
 * 1. Swift never calls a Lua API function that can raise (anything that allocates, or runs
 *    metamethods) outside a protected call. Each such operation has a loom_lua_protected_*
 *    function below: it pushes a small C function and runs it under lua_pcall, so an error
 *    unwinds only C frames and comes back to Swift as a status code.
 * 2. Swift functions are never called by Lua directly. Lua calls a C trampoline
 *    (loom_lua_swift_trampoline, a lua_CFunction) which calls the host's Swift dispatcher.
 *    The Swift side returns a count of results, or a negative status with the error value
 *    left on the stack; only after the Swift frame has returned does the trampoline call
 *    lua_error. The same holds for userdata finalisers, __index/__newindex/__tostring
 *    handlers and the print/warn log.
 * 3. Errors raised by the instruction-count hook are raised from C (the hook is C).
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
    /** Bytes handed out since the state was created (new blocks and grown blocks, whole):
     *  the instruction budget charges for them, so a loop that builds big strings or tables
     *  cannot run for minutes on a few instructions. */
    unsigned long long allocated;
} LoomLuaAllocator;

/** Bytes of allocation the instruction budget counts as one instruction (about what the
 *  VM copies or clears in the time it takes to run one instruction). */
#define LOOM_LUA_BYTES_PER_INSTRUCTION 32

/** Creates a Lua state whose memory is counted by `allocator`; NULL if it cannot. */
lua_State *loom_lua_newstate(LoomLuaAllocator *allocator);

/* MARK: The host */

/** Calls a registered Swift function: returns the number of results it pushed, or one of
 *  the LOOM_LUA_RAISE_* codes with the error value on top of the stack. Never raises. */
typedef int (*LoomLuaDispatch)(lua_State *L, void *function);
/** Releases one retain of a Swift object held by a userdata (its __gc). Never raises. */
typedef void (*LoomLuaRelease)(void *object);
/** Receives printed text (kind 0) and warnings (kind 1). Never raises. */
typedef void (*LoomLuaLog)(void *context, const char *text, size_t length, int kind);

/** Raise the error value on top of the stack unchanged. */
#define LOOM_LUA_RAISE (-1)
/** Raise the string on top of the stack with the caller's `file:line: ` in front of it. */
#define LOOM_LUA_RAISE_WHERE (-2)
/** Raise "bad argument #n to 'f' (message)" (luaL_argerror) with host->argument as n and the
 *  string on top of the stack as the message. */
#define LOOM_LUA_RAISE_ARGUMENT (-3)
/** Raise "bad argument #n to 'f' (T expected, got U)" (luaL_typeerror) with host->argument
 *  as n and the expected type name T on top of the stack. */
#define LOOM_LUA_RAISE_TYPE (-4)
/** Raise "not enough memory" (the Swift side could not even push its message). */
#define LOOM_LUA_RAISE_MEMORY (-5)
/** Raise the budget error: the Swift function charged more work than the budget had left. */
#define LOOM_LUA_RAISE_BUDGET (-6)

/** Everything the C side of one VM shares with Swift. Lives at a fixed address for the life
 *  of the lua_State (the Swift VM allocates it) and is reachable from every thread of the
 *  state through lua_getextraspace. */
typedef struct LoomLuaHost {
    LoomLuaAllocator allocator;
    /** Instructions between two ticks of the count hook (the budget's granularity). */
    int hook_interval;
    /** Non-zero while a budget applies: `remaining` counts down at each tick. */
    int budget_active;
    /** Set when the budget ran out; every later tick and guarded call raises again
     *  until the host starts a new call. */
    int exhausted;
    long long remaining;
    long long budget;
    /** Instructions counted since the state was created (in steps of hook_interval), with
     *  one for every LOOM_LUA_BYTES_PER_INSTRUCTION bytes allocated. */
    long long executed;
    /** allocator.allocated when allocation was last charged to the budget. */
    unsigned long long allocation_charged;
    /** Instructions every call from Lua into Swift costs before the function's own work. */
    long long host_call_cost;
    /** Set when a memory error was raised (the limit was reached): every guarded call and
     *  every call into Swift raises it again until the host starts a new call, so a script
     *  cannot catch it and carry on. */
    int memory_exhausted;
    /** The largest string string.rep may build, in bytes. */
    size_t max_string_length;
    /** What os.time() returns and os.date() formats when given no time (seconds, UTC). */
    long long fixed_time;
    /** The argument a LOOM_LUA_RAISE_ARGUMENT or LOOM_LUA_RAISE_TYPE refers to. */
    int argument;
    LoomLuaDispatch dispatch;
    LoomLuaRelease release;
    LoomLuaLog log;
    void *log_context;
    /** Pending warning pieces (lua_WarnFunction may deliver one message in parts). */
    char warning[512];
    size_t warning_length;
} LoomLuaHost;

/** Creates a state whose memory is counted by host->allocator, with the host reachable from
 *  every thread, the count hook installed, warnings routed to host->log and only the
 *  sandbox's libraries opened (base, table, string, math, utf8, coroutine), with the unsafe
 *  functions removed and the guarded replacements in place. NULL if it cannot. */
lua_State *loom_lua_host_open(LoomLuaHost *host);
/** The host of a state (any of its threads). */
LoomLuaHost *loom_lua_host(lua_State *L);
/** Starts a fresh instruction budget (`budget` <= 0: none) and clears exhaustion (of the
 *  budget and of memory). */
void loom_lua_host_reset_budget(LoomLuaHost *host, long long budget);
/** Charges `work` instructions done by a Swift function against the budget. Never raises:
 *  returns non-zero when the budget is now exhausted (the caller then returns
 *  LOOM_LUA_RAISE_BUDGET). */
int loom_lua_host_charge(LoomLuaHost *host, long long work);
/** Whether `bytes` more fit under the memory limit, after a full collection if need be.
 *  Returns 1, or 0 (memory marked exhausted) when they do not. Never raises. */
int loom_lua_reserve(lua_State *L, size_t bytes);
/** Sets the bytes the Swift object of the userdata at `index` (made by
 *  loom_lua_protected_pushobject) counts against the memory limit. Runs a full collection
 *  first when the growth would pass the limit. Returns 0, or -1 (nothing changed, memory
 *  marked exhausted) when it would still pass the limit. Never raises. */
int loom_lua_object_setcost(lua_State *L, int index, size_t cost);

/** Calls the function below `nargs` arguments under lua_pcall with a message handler that
 *  turns the error into "message\nstack traceback:\n...". Returns the lua_pcall status;
 *  on failure the one value left is that string (or the raw error for memory errors). */
int loom_lua_host_call(lua_State *L, int nargs, int nresults);
/** Resumes `co` (the function or yielded coroutine with `nargs` arguments on its stack).
 *  Returns LUA_OK, LUA_YIELD or an error status; results or the error stay on co's stack. */
int loom_lua_host_resume(lua_State *L, lua_State *co, int nargs, int *nresults);

/** Pushes a Swift function as a Lua function: a C closure over `function` (an opaque
 *  retained box) that calls host->dispatch. Protected: returns a lua_pcall status. */
int loom_lua_protected_pushswiftfunction(lua_State *L, void *function);
/** lua_pushlstring, protected. On failure nothing is pushed. */
int loom_lua_protected_pushstring(lua_State *L, const char *text, size_t length);
/** lua_createtable, protected. On failure nothing is pushed. */
int loom_lua_protected_createtable(lua_State *L, int narr, int nrec);
/** lua_rawset(t) with key and value on top, protected. Pops key and value either way. */
int loom_lua_protected_rawset(lua_State *L, int t);
/** luaL_ref(registry) of the value on top, protected. Pops it either way. */
int loom_lua_protected_ref(lua_State *L, int *ref);
/** luaL_unref(registry, ref), protected. */
int loom_lua_protected_unref(lua_State *L, int ref);
/** luaL_loadbufferx in text mode. Pushes the chunk, or the error message with *failed set;
 *  a non-OK status means even that failed (memory) and nothing was pushed. */
int loom_lua_protected_loadtext(lua_State *L, const char *text, size_t length, const char *name, int *failed);
/** A full garbage collection (finalisers of Swift objects included), protected. */
int loom_lua_protected_gc(lua_State *L);
/** lua_newthread, protected: pushes the thread and stores it in *thread. */
int loom_lua_protected_newthread(lua_State *L, lua_State **thread);
/** luaL_traceback(L, co, message, level), protected: pushes the traceback string. */
int loom_lua_protected_traceback(lua_State *L, lua_State *co, const char *message, int level);
/** luaL_tolstring of the value at `index` (may run __tostring), protected: pushes a string. */
int loom_lua_protected_tostring(lua_State *L, int index);
/** Pushes a full userdata holding `object` (one retain, released by its __gc) with the
 *  metatable stored at registry[metatable_ref]; the object counts `cost` bytes against the
 *  memory limit until its __gc (a full collection runs first when it would pass the limit).
 *  On failure pushes nothing and the caller still owns the retain. */
int loom_lua_protected_pushobject(lua_State *L, void *object, int metatable_ref, size_t cost);
/** Makes the metatable for a Swift type on top of the stack complete: __gc, __eq, __name,
 *  __metatable (so scripts cannot reach it) and __index/__newindex. `methods` is the stack
 *  index of a table of methods; `getter`/`setter` are optional Swift functions (boxes) asked
 *  for keys the methods table lacks, and for assignments. Protected. */
int loom_lua_protected_finishmetatable(
    lua_State *L, const char *name, int methods, void *getter, void *setter, void *tostring);
/** The Swift object of the userdata at `index` if its metatable is `metatable` (compared by
 *  identity), else NULL. Never raises, never allocates. */
void *loom_lua_toobject(lua_State *L, int index, const void *metatable);

#endif
