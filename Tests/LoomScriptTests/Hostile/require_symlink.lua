-- expect: runtime: resolves outside the world folder
-- escape.lua in the world folder is a symbolic link to a file outside it.
require('escape')
