-- expect: runtime: stack overflow
assert(load('return ' .. string.rep('(', 100000) .. '1' .. string.rep(')', 100000)))
