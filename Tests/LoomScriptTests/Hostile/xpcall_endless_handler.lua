-- expect: budget: instruction budget of
-- The message handler never returns.
xpcall(function() error('first') end, function() while true do end end)
