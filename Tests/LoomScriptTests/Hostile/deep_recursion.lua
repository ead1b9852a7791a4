-- expect: memory: not enough memory
-- Under a 16 MiB limit the Lua stack runs out of memory first (see LuaVMTests for 'stack overflow').
local function f(n) return 1 + f(n + 1) end
return f(1)
