-- expect: runtime: string.rep would make a string longer than
return ('x'):rep(2^40, string.rep('y', 100))
