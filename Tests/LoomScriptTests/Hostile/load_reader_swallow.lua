-- expect: budget: instruction budget of
-- load catches errors raised by its reader function.
while true do load(function() while true do end end) end
