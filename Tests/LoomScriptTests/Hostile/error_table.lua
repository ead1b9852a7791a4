-- expect: runtime: (error object is a table value)
-- unlocated: an error object that is not a string has no position.
error({code = 1})
