-- expect: budget: instruction budget of
-- A budget error reaches message handlers with hooks off: the handler must not run.
xpcall(function() while true do end end, function() while true do end end)
