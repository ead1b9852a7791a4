-- expect: budget: instruction budget of
-- The host's message handler asks __tostring for the message.
error(setmetatable({}, {__tostring = function() while true do end end}))
