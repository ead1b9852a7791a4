-- expect: budget: instruction budget of
return string.rep('a', 3000):match('.-.-.-.-b')
