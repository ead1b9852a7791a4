-- expect: budget: instruction budget of
-- table.move loops in C, out of the count hook's sight: its work is charged up front.
table.move({}, 1, 1e15, 2)
