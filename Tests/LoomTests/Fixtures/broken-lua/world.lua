return {
  name = "broken",
  generate = function(ctx) return loom.map(4, 4) en,
}
