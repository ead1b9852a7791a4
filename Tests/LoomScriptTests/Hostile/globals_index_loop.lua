-- expect: budget: instruction budget of
setmetatable(_G, {__index = function(t, k) while true do end end})
return undefined_global
