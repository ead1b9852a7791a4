-- expect: runtime: attempt to yield from outside a coroutine
-- unlocated: Lua raises this one without a position.
coroutine.yield(1)
