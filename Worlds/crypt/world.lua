-- The crypt: a dungeon from the BSP generator, rooms given roles and descriptions by Lua,
-- a sealed vault that a story choice opens.
local describe = require("rooms")

local world = {
  name = "crypt",
  width = 48,
  height = 32,
  seed = 3,
  start = "Start",
  saliency = "best",
  tiles = {
    { id = 40, name = "sealed-door", colour = "#A02828", glyph = "X", properties = { sealed = true } },
    { id = 41, name = "altar", colour = "#E8E0FF", glyph = "A", walkable = true },
  },
  -- The model generate(…) and <<generate_options>> write with: SmolLM2-135M-Instruct, prompted
  -- through its chat template (Scripts/fetch-models downloads it into Models/). Without the
  -- file, the n-gram model of corpus.txt writes instead, with one warning.
  text = {
    model = "SmolLM2-135M-Instruct.Q4_1.gguf",
    voice = "You are the narrator of a dark fantasy game. The player explores an old crypt of stone, bones "
      .. "and candles beneath a hill. You write short, plain, eerie sentences in English, in the present tense.",
    temperature = 0.7,
    top_k = 40,
    top_p = 0.9,
    min_p = 0.1,
    candidates = 3,
    max_words = 20,
    prompt = {
      facts = { "The crypt lies beneath the hill.", "{rooms} rooms lie below.", "This room is the {$role}." },
      lines = 3,
      characters = 600,
    },
  },
}

-- The savable state (a save keeps the global `state`: numbers, strings, booleans and tables of
-- them): the room the player stands in, read by the story's room_text() and room_role().
state = { here = { role = "", text = "" } }

-- Rooms get roles by distance from the entrance: the farthest is the vault.
local ROLES = { "Ossuary", "Library", "Chapel", "Well", "Barracks", "Kitchen" }

function world.generate(ctx)
  local rng = ctx.rng:derive("crypt")
  local map = loom.dungeon({ width = ctx.width, height = ctx.height, minimumRoomSize = 4,
    maximumRoomSize = 9 }, ctx.rng:derive("dungeon"))
  local rooms = map:places("room")
  local entrance = map:places("place")[1]
  -- Steps from the entrance to every walkable cell.
  map:distance("steps", { { entrance.x, entrance.y } })
  local order = {}
  for i, room in ipairs(rooms) do
    local cx, cy = room.x + room.w // 2, room.y + room.h // 2
    order[#order + 1] = { index = i, room = room, steps = map:value(cx, cy, "steps") }
  end
  table.sort(order, function(a, b)
    if a.steps ~= b.steps then return a.steps < b.steps end
    return a.index < b.index
  end)
  local roles = rng:shuffle(ROLES)
  local facts = { rooms = #rooms }
  for rank, entry in ipairs(order) do
    local room = entry.room
    local role
    if rank == 1 then
      role = "Entrance"
    elseif rank == #order then
      role = "Vault"
    else
      role = roles[(rank - 2) % #roles + 1]
    end
    map:set_property(room.name, "role", role)
    map:set_property(room.name, "text", describe(role, rng:derive(room.name)))
    if role == "Vault" then
      facts.vault = room.name
      map:set(room.x + room.w // 2, room.y + room.h // 2, "altar")
    end
    if role == "Chapel" then facts.chapel = room.name end
  end
  -- Seal every way into the vault: the walkable cells of the ring around its floor.
  local sealed = 0
  local vault = nil
  for _, room in ipairs(rooms) do
    if room.name == facts.vault then vault = room end
  end
  for y = vault.y - 1, vault.y + vault.h do
    for x = vault.x - 1, vault.x + vault.w do
      local inside = x >= vault.x and x < vault.x + vault.w and y >= vault.y and y < vault.y + vault.h
      if not inside and map:walkable(x, y) then
        map:set(x, y, "sealed-door")
        map:place { kind = "seal", name = "seal " .. (sealed + 1), x = x, y = y }
        sealed = sealed + 1
      end
    end
  end
  facts.sealed_doors = sealed
  return map, facts
end

-- Entering a room for the first time starts its story node.
function world.on_enter(ctx, x, y, place)
  local room = ctx.map:place_at(x, y, "room")
  if room == nil or room.role == nil then return nil end
  state.here.role, state.here.text = room.role, room.text
  ctx.story:set("$role", room.role)
  return "Room"
end

world.functions = {
  room_text = { returns = "string", body = function() return state.here.text end },
  room_role = { returns = "string", body = function() return state.here.role end },
}

world.commands = {
  -- <<open_vault>>: unseal the vault's doors.
  open_vault = function(ctx)
    local opened = 0
    for _, seal in ipairs(ctx.map:places("seal")) do
      if ctx.map:name(seal.x, seal.y) == "sealed-door" then
        ctx.map:set(seal.x, seal.y, "door")
        opened = opened + 1
      end
    end
    ctx.story:set("$vault_open", true)
    ctx.story:say(opened == 1 and "(the seal grinds open)" or "(" .. opened .. " seals grind open)")
  end,
}

return world
