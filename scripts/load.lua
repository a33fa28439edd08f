-- wrk script for scripts/load: requests the path in KURS_LOAD_PATH, with
-- every "{n}" replaced by a different amount and every "{d}" by a
-- different date (2006-01-02 onwards, cycling over 16 years, all of them
-- within the span the ECB quoted every currency kurs's rows ask for) on each
-- request. A path without placeholders is requested as it is. The same
-- script drives each endpoint and its /healthz baseline, so both pay the
-- same client-side cost and send query strings of the same length.
local template = os.getenv("KURS_LOAD_PATH") or "/healthz"
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  -- Each wrk thread counts in its own range: no two requests of a run
  -- share an amount, so no varied request is ever a render-cache hit.
  counter = (id or 0) * 100000000
end

local first_day = os.time({ year = 2006, month = 1, day = 2, hour = 12 })

request = function()
  counter = counter + 1
  local path = template
  if path:find("{n}", 1, true) then
    path = path:gsub("{n}", string.format("%d.%02d", counter, counter % 100))
  end
  if path:find("{d}", 1, true) then
    path = path:gsub("{d}", os.date("!%Y-%m-%d", first_day + (counter % 5844) * 86400))
  end
  return wrk.format("GET", path)
end
