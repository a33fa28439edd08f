-- wrk script: every request converts a different amount, so no two
-- requests share a rendered response (the render cache misses).
local counter = 0
request = function()
  counter = counter + 1
  local amount = string.format("%d.%02d", counter, counter % 100)
  return wrk.format("GET", "/v1/convert?from=USD&to=RUB&date=2011-11-18&amount=" .. amount)
end
