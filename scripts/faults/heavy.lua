-- wrk script for scripts/faults/heavy: every request asks for the whole
-- ECB history with a query string no other request uses, and the status
-- codes are counted across threads.
--   KURS_VARY=x       ?x=N: the same question each time (kurs may share
--                     one render); the attack of issue 9
--   KURS_VARY=amount  ?amount=N.NN: a different answer each time (nothing
--                     can be shared; every request is a full render)
local threads = {}
local vary = os.getenv("KURS_VARY") or "x"

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local q
  if vary == "amount" then
    q = string.format("amount=%d.%02d", id * 1000000 + counter, counter % 100)
  else
    q = string.format("x=%d-%d", id, counter)
  end
  return wrk.format("GET", "/frankfurter/1999-01-04..?" .. q)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local line = "statuses:"
  for status, n in pairs(total) do
    line = line .. string.format(" %d=%d", status, n)
  end
  print(line)
  print(string.format("timeouts: %d, connect/read/write errors: %d/%d/%d",
    summary.errors.timeout, summary.errors.connect, summary.errors.read, summary.errors.write))
end
