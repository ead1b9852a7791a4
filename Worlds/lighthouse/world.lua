-- The lighthouse: a small world whose story is written in ink (story/main.ink). A headland
-- with a cottage, a cove and a lighthouse whose lamp has gone out; the story lights it.
local world = {
  name = "lighthouse",
  width = 32,
  height = 18,
  seed = 5,
  -- The world plays this ink story instead of story/*.yarn. Without `start`, it starts at
  -- the top of the story; on_enter below returns the knot a place starts.
  story = "story/main.ink",
  tiles = {
    { id = 40, name = "cottage", colour = "#C08040", glyph = "C", walkable = true },
    { id = 41, name = "lamp-dark", colour = "#606060", glyph = "L", walkable = true },
    { id = 42, name = "lamp-lit", colour = "#FFE060", glyph = "*", walkable = true },
  },
}

-- The savable state: how many places the player entered (a save keeps it).
state = { entered = 0 }

local KEEPERS = { "Morwen", "Ansel", "Tamsin", "Eli", "Kerra" }
local WEATHER = {
  "Fog by morning, wind by night.",
  "The glass is falling. A storm, before the week is out.",
  "Clear and cold. You will see the mainland lights.",
}

function world.generate(ctx)
  local rng = ctx.rng:derive("headland")
  local map = loom.map(ctx.width, ctx.height, "grassland")
  -- The sea to the east, behind a ragged beach.
  for y = 0, ctx.height - 1 do
    local shore = ctx.width - 7 + rng:int(0, 2)
    map:set(shore - 1, y, "beach")
    for x = shore, ctx.width - 1 do map:set(x, y, x < shore + 2 and "shallow-water" or "deep-water") end
  end
  local cottage = { x = rng:int(2, 7), y = rng:int(3, ctx.height - 4) }
  local light = { x = ctx.width - 10, y = rng:int(1, 4) }
  local cove = { x = ctx.width - 10, y = rng:int(ctx.height - 4, ctx.height - 2) }
  map:set(cottage.x, cottage.y, "cottage")
  map:set(light.x, light.y, "lamp-dark")
  map:set(cove.x, cove.y, "beach")
  map:place { kind = "place", name = "cottage", x = cottage.x, y = cottage.y }
  map:place { kind = "place", name = "lighthouse", x = light.x, y = light.y }
  map:place { kind = "place", name = "cove", x = cove.x, y = cove.y }
  -- Facts become the story's globals of the same names (VAR keeper, VAR wrecks).
  return map, { keeper = rng:pick(KEEPERS), wrecks = rng:int(2, 6) }
end

-- Entering a place starts the knot of its name; the cottage is shut after two visits.
function world.on_enter(ctx, x, y, place)
  if place == nil then return nil end
  state.entered = state.entered + 1
  if place.name == "cottage" and ctx.story:visited("cottage") >= 2 then
    ctx.story:say("(the cottage is dark; " .. ctx.story:get("keeper") .. " is asleep)")
    return nil
  end
  return place.name
end

world.functions = {
  -- weather(): the keeper's forecast, a new one at each place entered.
  weather = { returns = "string", body = function() return WEATHER[state.entered % #WEATHER + 1] end },
}

world.commands = {
  -- >>> light_lamp: the lamp tile lights up, and the story's lamp_lit becomes true.
  light_lamp = function(ctx)
    for _, place in ipairs(ctx.map:places("place")) do
      if place.name == "lighthouse" then ctx.map:set(place.x, place.y, "lamp-lit") end
    end
    ctx.story:set("lamp_lit", true)
    ctx.story:say("(the lamp turns over the sea)")
  end,
}

return world
