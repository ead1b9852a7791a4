-- expect: runtime: __gc metamethods are not allowed in the sandbox
local mt = {}
rawset(mt, '__gc', function() while true do end end)
setmetatable({}, mt)
