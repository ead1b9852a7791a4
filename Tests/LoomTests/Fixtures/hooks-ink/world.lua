-- The hooks world with its story in ink: every story hook, as the Yarn fixture `hooks` uses them.
local heard = {}
return {
  name = "hooks-ink",
  story = "story/hooks.ink",
  width = 8,
  height = 4,
  seed = 11,
  tiles = { { id = 40, name = "gate", colour = "#884400", glyph = "G" } },
  generate = function(ctx)
    local map = loom.map(ctx.width, ctx.height, "floor")
    map:set(4, 1, "gate")
    map:place { kind = "place", name = "hall", x = 6, y = 0, w = 2, h = 4 }
    return map, { keeper = "Oda", gold = ctx.rng:int(10, 99) }
  end,
  on_enter = function(ctx, x, y, place)
    if place and place.name == "hall" then return "Hall" end
  end,
  on_line = function(ctx, text) heard[#heard + 1] = text end,
  on_node = function(ctx, name) ctx.story:set("$nodes", ctx.story:get("$nodes") + 1) end,
  on_options = function(ctx, options) ctx.story:set("$offered", #options) end,
  on_command = function(ctx, text) ctx.story:say("unhandled: " .. text) end,
  functions = {
    double = { params = { "number" }, returns = "number", body = function(n) return n * 2 end },
    heard_count = { returns = "number", body = function() return #heard end },
  },
  commands = {
    open_gate = function(ctx, how)
      ctx.map:set(4, 1, "floor")
      ctx.story:set("$gate", how)
    end,
  },
}
