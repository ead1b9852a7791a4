-- expect: memory: not enough memory
-- Catching the memory error and trying again does not get past the limit.
local keep = {}
for round = 1, 20 do
  pcall(function() local s = string.rep('x', 6 * 1024 * 1024) keep[#keep + 1] = s .. s .. round end)
end
local s = string.rep('y', 4 * 1024 * 1024)
keep[#keep + 1] = s .. s .. s
