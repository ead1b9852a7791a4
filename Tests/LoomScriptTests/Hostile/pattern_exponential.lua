-- expect: budget: instruction budget of
-- Short, but 2^40 ways to fail.
return string.rep('a', 40):find(string.rep('a?', 40) .. string.rep('a', 40) .. 'b')
