-- Room descriptions from the world's text model: grammar.json (a Tracery grammar with one
-- symbol per role), expanded with a Random seeded per room.
return function(role, rng)
  if grammar:defines(role) then return grammar:expand(role, rng) end
  return grammar:expand("Entrance", rng)
end
