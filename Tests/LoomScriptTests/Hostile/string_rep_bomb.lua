-- expect: runtime: string.rep would make a string longer than
return string.rep('x', 1e9)
