-- expect: budget: instruction budget of
while true do
  local co = coroutine.create(function() while true do coroutine.yield() end end)
  coroutine.resume(co)
  coroutine.close(co)
end
