-- expect: budget: instruction budget of
return string.gsub('aaa', 'a', function() while true do end end)
