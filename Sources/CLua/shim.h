#ifndef LOOM_CLUA_SHIM_H
#define LOOM_CLUA_SHIM_H
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#endif
