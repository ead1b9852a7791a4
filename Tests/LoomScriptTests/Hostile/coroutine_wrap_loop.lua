-- expect: budget: instruction budget of
coroutine.wrap(function() while true do end end)()
