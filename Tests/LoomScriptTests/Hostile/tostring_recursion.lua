-- expect: runtime: stack overflow
-- unlocated: Lua raises C stack overflows from C, without a position.
local t
t = setmetatable({}, {__tostring = function(self) return tostring(self) end})
return tostring(t)
