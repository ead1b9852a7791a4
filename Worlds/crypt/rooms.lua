-- Room descriptions: a small grammar over each role, seeded per room.
local PARTS = {
  Entrance = { "Worn steps lead down into {dark}.", "The air smells of {smell}." },
  Ossuary = { "Bones are stacked to the ceiling in {pattern}.", "Skulls watch from {niches}." },
  Library = { "Shelves of {books} line the walls.", "A reading desk holds {object}." },
  Chapel = { "A cracked altar stands beneath {ceiling}.", "Candles of {wax} have burned to stubs." },
  Well = { "A well drops into {dark}.", "Water drips with {sound}." },
  Barracks = { "Rotten bunks hold {object}.", "Rusted spears lean against {wall}." },
  Kitchen = { "A cold hearth is full of {ash}.", "Pots hang above {object}." },
  Vault = { "Gold glints behind {object}.", "The walls are carved with {pattern}." },
}

local WORDS = {
  dark = { "a cold darkness", "black water", "silence" },
  smell = { "wet stone", "old incense", "earth" },
  pattern = { "careful spirals", "neat rows", "a crown of thorns" },
  niches = { "narrow niches", "every alcove", "the doorway" },
  books = { "mouldering books", "sealed scrolls", "ledgers of the dead" },
  object = { "a single candle", "a broken lantern", "a bronze key", "an iron-bound chest" },
  ceiling = { "a painted sky", "a dome of bones", "a fallen beam" },
  wax = { "black wax", "tallow", "beeswax" },
  sound = { "a slow rhythm", "an echo like voices", "no end" },
  wall = { "the far wall", "a collapsed arch", "the doorframe" },
  ash = { "grey ash", "small bones", "cold embers" },
}

return function(role, rng)
  local lines = {}
  for _, template in ipairs(PARTS[role] or PARTS.Entrance) do
    lines[#lines + 1] = template:gsub("{(%w+)}", function(key) return rng:pick(WORDS[key]) end)
  end
  return table.concat(lines, " ")
end
