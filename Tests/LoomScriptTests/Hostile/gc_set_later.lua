-- expect: runtime: collectgarbage('collect') is not allowed in the sandbox
-- A __gc added after setmetatable does not mark the object (Lua 5.4 semantics); and the
-- script cannot force a collection.
local mt = {}
local t = setmetatable({}, mt)
mt.__gc = function() while true do end end
t = nil
collectgarbage()
