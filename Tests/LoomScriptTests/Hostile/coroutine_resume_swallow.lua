-- expect: budget: instruction budget of
-- resume returns false instead of raising; the guard raises again.
while true do coroutine.resume(coroutine.create(function() while true do end end)) end
