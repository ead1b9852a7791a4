-- The isles: an archipelago from noise, biomes by height and moisture, rivers from flow
-- accumulation, towns placed by rules with generated names, and a story that reacts to where
-- the player walks.
local make_name = require("names")

local world = {
  name = "isles",
  width = 128,
  height = 96,
  seed = 7,
  start = "Start",
  saliency = "best",
  -- Sliders in `loom preview` (',' and '.' pick one, '[' and ']' change it).
  parameters = {
    { name = "land", default = 0.25, min = 0.0, max = 0.5, step = 0.05 },
    { name = "rivers", default = 10, min = 2, max = 40, step = 2 },
  },
  tiles = {
    { id = 40, name = "town", colour = "#D04040", glyph = "@", walkable = true },
    { id = 41, name = "shrine", colour = "#F0E060", glyph = "!", walkable = true },
  },
  -- The model generate(…) and <<generate_options>> write with: SmolLM2-135M-Instruct, prompted
  -- through its chat template (Scripts/fetch-models downloads it into Models/). Without the
  -- file, the n-gram model of corpus.txt writes instead, with one warning.
  text = {
    model = "SmolLM2-135M-Instruct.Q4_1.gguf",
    voice = "You are the narrator of a sea adventure game set on a warm archipelago of green islands, "
      .. "fishing towns and coral reefs. You write short, plain, vivid sentences in English, in the present tense.",
    temperature = 0.7,
    top_k = 40,
    top_p = 0.9,
    min_p = 0.1,
    candidates = 3,
    max_words = 20,
    prompt = {
      facts = { "{islands} islands rise from the warm sea.", "The greatest town of the isles is {capital}." },
      lines = 3,
      characters = 600,
    },
  },
}

local SEA, SHALLOW, BEACH = 0.0, 0.06, 0.1

-- Biomes, first match wins: height then moisture ranges (see TileMap:classify).
local BIOMES = {
  { tile = "deep-water", height = { max = SEA } },
  { tile = "shallow-water", height = { max = SHALLOW } },
  { tile = "beach", height = { max = BEACH } },
  { tile = "snow", height = { min = 0.62 } },
  { tile = "bare-rock", height = { min = 0.5 } },
  { tile = "taiga", height = { min = 0.38 }, moisture = { min = 0.5 } },
  { tile = "tundra", height = { min = 0.38 } },
  { tile = "tropical-rainforest", moisture = { min = 0.72 } },
  { tile = "temperate-forest", moisture = { min = 0.52 } },
  { tile = "grassland", moisture = { min = 0.3 } },
  { tile = "savanna", moisture = { min = 0.2 } },
  { tile = "desert" },
}

local function terrain(map, ctx)
  local scale = 128 / ctx.width
  map:fill_noise("height", loom.noise { seed = ctx.rng:derive("height"):seed(), frequency = 0.035 * scale,
    fractalType = "fbm", octaves = 5 })
  map:fill_noise("moisture", loom.noise { seed = ctx.rng:derive("moisture"):seed(), frequency = 0.02 * scale,
    fractalType = "fbm", octaves = 3 }, { scale = 0.5, offset = 0.5 })
  -- Islands: noise minus a falloff toward the edges, so the border is always sea.
  map:radial("falloff")
  map:combine("height", "height", "falloff", "sub", 0.85)
  map:transform("height", 1, ctx.params.land)
  map:classify("ground", BIOMES)
  -- Rivers: land cells that more than 10 cells (at 128 wide) drain through.
  map:hydrology("height", SEA, "flow")
  map:fill_where("ground", "river", { flow = { min = ctx.params.rivers / (scale * scale) }, height = { min = SHALLOW } })
end

-- A good town site is on the coast or a river, with room around it: some water and at
-- least 14 land cells within two steps (counted for every cell at once, in Swift).
local function good_site(map, x, y)
  local land = map:value(x, y, "land")
  return land < 25 and land >= 14
end

local TOWN_LAND = { grassland = true, ["temperate-forest"] = true, savanna = true, beach = true,
  ["tropical-rainforest"] = true }

local function towns(map, ctx, facts)
  local rng = ctx.rng:derive("towns")
  local names = ctx.rng:derive("names")
  map:neighbourhood("land", 2, { walkable = true })
  local candidates = {}
  for y = 4, map.height - 5, 3 do
    for x = 4, map.width - 5, 3 do
      if TOWN_LAND[map:name(x, y)] and good_site(map, x, y) then
        candidates[#candidates + 1] = { x = x, y = y }
      end
    end
  end
  candidates = rng:shuffle(candidates)
  local placed, spacing = {}, math.max(10, ctx.width // 8)
  for _, c in ipairs(candidates) do
    local ok = true
    for _, t in ipairs(placed) do
      if math.abs(t.x - c.x) + math.abs(t.y - c.y) < spacing then ok = false break end
    end
    if ok then
      local biome = map:name(c.x, c.y)
      local name = make_name(names)
      map:set(c.x, c.y, "town")
      map:place { kind = "town", name = name, x = c.x, y = c.y, biome = biome,
        role = #placed == 0 and "capital" or "town" }
      placed[#placed + 1] = c
      if #placed == 1 then facts.capital = name end
      if #placed >= 6 then break end
    end
  end
  facts.towns = #placed
  map:remove_layer("land")
  -- A shrine on the highest walkable cell that is not a town.
  local bx, by = map:argmax("height", { walkable = true, tiles = { "snow", "bare-rock", "tundra", "taiga",
    "grassland", "temperate-forest", "tropical-rainforest", "savanna", "desert", "beach" } })
  if bx then
    local biome = map:name(bx, by)
    map:set(bx, by, "shrine")
    map:place { kind = "shrine", name = "High Shrine", x = bx, y = by, biome = biome, role = "shrine" }
  end
end

function world.generate(ctx)
  local map = loom.map(ctx.width, ctx.height, "deep-water", "ground")
  terrain(map, ctx)
  local facts = {}
  towns(map, ctx, facts)
  local islands = map:regions("ground", { tiles = { "beach", "desert", "grassland", "savanna", "temperate-forest",
    "tropical-rainforest", "taiga", "tundra", "snow", "bare-rock", "town", "shrine" } })
  facts.islands = islands.count
  return map, facts
end

-- The savable state (a save keeps the global `state`: numbers, strings, booleans and tables of
-- them): where the player is, for <<found_town>>, and the biome under them.
state = { player = { x = 0, y = 0, biome = "" } }

function world.on_enter(ctx, x, y, place)
  local player = state.player
  player.x, player.y = x, y
  local biome = ctx.map:name(x, y)
  if place ~= nil and (place.kind == "town" or place.kind == "shrine") then
    ctx.story:set("$place", place.name)
    ctx.story:set("$kind", place.kind)
    ctx.story:set("$biome", place.biome or biome)
    return "Arrive"
  end
  -- A storylet about the land fires when the biome changes under the player.
  if biome ~= player.biome then
    player.biome = biome
    ctx.story:set("$biome", biome)
    ctx.story:set("$kind", "wild")
    return "Wander"
  end
  return nil
end

world.commands = {
  -- <<found_town>>: a new town where the player stands, with a fresh name.
  found_town = function(ctx)
    local player = state.player
    local rng = loom.seed(ctx.seed, "founded"):derive(player.x, player.y)
    local name = make_name(rng)
    ctx.map:set(player.x, player.y, "town")
    ctx.map:place { kind = "town", name = name, x = player.x, y = player.y, biome = player.biome, role = "founded" }
    ctx.story:set("$place", name)
    ctx.story:say("(" .. name .. " is founded at " .. player.x .. ", " .. player.y .. ")")
  end,
}

return world
