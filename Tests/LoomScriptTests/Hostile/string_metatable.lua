-- expect: runtime: attempt to index a nil value (field '__index')
-- The metatable shared by all strings is out of reach.
assert(getmetatable('') == 'string')
getmetatable('').__index.rep = function() end
