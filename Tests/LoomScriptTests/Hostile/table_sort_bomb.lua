-- expect: budget: instruction budget of
-- Sorting a big table without a comparator runs in C: its n log n work is charged.
local t = {}
for i = 1, 200000 do t[i] = -i end
for round = 1, 100 do table.sort(t) end
