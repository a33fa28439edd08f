-- wrk script of scripts/soak: mixed API and widget traffic, statuses counted.
-- Every request is drawn at random from the weighted kinds below; amounts and
-- dates vary so that the render cache hits only part of the time.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local codes = { "USD", "JPY", "GBP", "CHF", "CZK", "HUF", "SEK", "NOK", "DKK", "ISK",
  "KRW", "AUD", "CAD", "CNY", "INR", "BRL", "ZAR", "TRY", "MXN", "THB", "PLN", "EUR" }

local function code()
  return codes[math.random(#codes)]
end

-- A date in the stub bank's ECB 90-day file (2026-08-05 .. 2026-11-02).
local function ecb_date()
  local t = os.time({ year = 2026, month = 8, day = 5, hour = 12 }) + 86400 * math.random(0, 89)
  return os.date("!%Y-%m-%d", t)
end

local function amount()
  return string.format("%d.%02d", math.random(0, 1000000), math.random(0, 99))
end

local kinds = {
  { 30, function() return "/v1/convert?from=" .. code() .. "&to=" .. code() .. "&amount=" .. amount() .. "&date=" .. ecb_date() end },
  { 10, function() return "/v1/convert?from=" .. code() .. "&to=" .. code() .. "&amount=" .. amount() end },
  { 4, function() return "/v1/convert?from=USD&to=PLN&amount=" .. amount() .. "&date=2020-12-0" .. math.random(7, 8) .. "&source=nbp" end },
  -- Dates the stub bank has no NBP table for: by-date fetches under a flapping upstream.
  { 2, function() return "/v1/convert?from=USD&to=PLN&amount=1&date=2024-0" .. math.random(1, 9) .. "-1" .. math.random(0, 9) .. "&source=nbp" end },
  { 2, function() return "/v1/convert?from=USD&to=RUB&amount=" .. amount() .. "&source=cbr" end },
  { 8, function() return "/v1/rates?base=" .. code() .. "&symbols=" .. code() .. "," .. code() .. "&date=" .. ecb_date() end },
  { 4, function() return "/v1/rates?base=EUR&change=true" end },
  { 4, function() return "/v1/timeseries?from=" .. code() .. "&to=" .. code() .. "&start=2026-09-01&end=2026-10-" .. 10 + math.random(0, 20) end },
  { 8, function() return "/frankfurter/latest?from=" .. code() end },
  { 4, function() return "/frankfurter/" .. ecb_date() .. "?from=" .. code() end },
  { 4, function() return "/frankfurter/2026-0" .. math.random(1, 9) .. "-01..2026-10-30?to=USD,GBP" end },
  { 1, function() return "/frankfurter/2024-01-01.." end },
  { 6, function() return "/widget?base=" .. code() .. "&quote=" .. code() end },
  { 6, function() return "/widget.js" end },
  { 3, function() return "/v1/sources" end },
  { 2, function() return "/v1/currencies" end },
  { 2, function() return "/readyz" end },
}

local total = 0
for _, k in ipairs(kinds) do total = total + k[1] end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
  statuses = {}
  retry_after_503 = 0
end

function request()
  local r = math.random(total)
  for _, k in ipairs(kinds) do
    r = r - k[1]
    if r <= 0 then return wrk.format("GET", k[2]()) end
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 503 and (headers["Retry-After"] or headers["retry-after"]) then
    retry_after_503 = retry_after_503 + 1
  end
end

-- One line per status, then the 503s that carried Retry-After, for
-- scripts/soak to parse: "status 200 12345", "retry_after_503 7".
function done(summary, latency, requests)
  local all, retry = {}, 0
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("statuses")) do all[s] = (all[s] or 0) + n end
    retry = retry + t:get("retry_after_503")
  end
  for s, n in pairs(all) do io.write(string.format("status %d %d\n", s, n)) end
  io.write(string.format("retry_after_503 %d\n", retry))
  io.write(string.format("socket_errors %d %d %d %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
