return {
  name = "broken-yarn",
  generate = function(ctx) return loom.map(4, 4, "floor") end,
}
