-- Town names from syllables, seeded: a Random in, a name out.
local STARTS = { "Ash", "Bel", "Cor", "Dun", "Eld", "Fal", "Gar", "Hol", "Ir", "Kel", "Lor", "Mar", "Nor",
  "Or", "Pen", "Quel", "Ros", "Sal", "Tor", "Ul", "Vel", "Wyn" }
local MIDDLES = { "a", "e", "i", "o", "an", "en", "ar", "or", "il" }
local ENDS = { "by", "mouth", "haven", "ford", "wick", "port", "holm", "ness", "stead", "mere", "fell" }

return function(rng)
  local name = rng:pick(STARTS)
  if rng:chance(0.5) then name = name .. rng:pick(MIDDLES) end
  return name .. rng:pick(ENDS)
end
