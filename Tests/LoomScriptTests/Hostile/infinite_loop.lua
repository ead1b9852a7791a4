-- expect: budget: instruction budget of
while true do end
