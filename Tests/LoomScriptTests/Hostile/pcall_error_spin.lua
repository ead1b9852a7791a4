-- expect: budget: instruction budget of
local n = 0
while true do pcall(error, 'x') n = n + 1 end
