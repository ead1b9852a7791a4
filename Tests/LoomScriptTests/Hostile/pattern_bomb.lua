-- expect: runtime: pattern too complex
-- 100000 nested optional items: the matcher refuses past 200 levels, as Lua's does.
return string.rep('a', 1e5):find(string.rep('a?', 1e5) .. string.rep('a', 1e5))
