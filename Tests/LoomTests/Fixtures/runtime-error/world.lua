return {
  name = "runtime-error",
  generate = function(ctx)
    local map = loom.map(4, 4)
    map:set(0, 0, "lava")
    return map
  end,
}
