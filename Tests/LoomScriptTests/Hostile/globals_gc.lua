-- expect: runtime: __gc metamethods are not allowed in the sandbox
setmetatable(_G, {__gc = print})
