-- expect: runtime: binary chunks are not allowed in the sandbox
assert(load('return 1', 'chunk', 'b'))
