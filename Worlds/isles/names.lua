-- Town names from LoomText's character model, trained on a list of island-town names written
-- for this world; each call draws from the Random it is given, so names follow the seed.
local LIST = {
  "Ashby", "Belmouth", "Corhaven", "Dunford", "Eldwick", "Falport", "Garholm", "Holness", "Irstead",
  "Kelmere", "Lorfell", "Marby", "Norwick", "Orhaven", "Penmouth", "Quelford", "Rosport", "Salholm",
  "Torness", "Ulstead", "Velmere", "Wynfell", "Saltby", "Gullhaven", "Reedmouth", "Stonewick",
  "Thornholm", "Brackness", "Kestrel Bay", "Mistford", "Tidemere", "Cairnport", "Driftwick", "Heronby",
  "Larkstead", "Shellmouth", "Wrackholm", "Cobbleford", "Seaby", "Fernhaven",
}

local model = loom.names(LIST, { order = 3, min = 4, max = 10, temperature = 0.4 })

return function(rng)
  return model:generate(rng)
end
