#include "loom_lua.h"
#include <stdlib.h>

/* lua_Alloc: frees when nsize is 0, otherwise (re)allocates; a NULL result for a growing
 * request makes Lua raise a memory error, which the host sees as a budget failure. */
static void *loom_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    LoomLuaAllocator *allocator = (LoomLuaAllocator *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        allocator->used -= old;
        return NULL;
    }
    if (allocator->limit != 0 && nsize > old && allocator->used - old + nsize > allocator->limit) {
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) return NULL;
    allocator->used = allocator->used - old + nsize;
    if (nsize > old) allocator->allocated += nsize;
    if (allocator->used > allocator->peak) allocator->peak = allocator->used;
    return block;
}

lua_State *loom_lua_newstate(LoomLuaAllocator *allocator) {
    return lua_newstate(loom_lua_alloc, allocator);
}
