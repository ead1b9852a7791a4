-- expect: budget: instruction budget of
-- pcall catches the budget error; the guarded pcall raises it again.
while true do pcall(function() while true do end end) end
