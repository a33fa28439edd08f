-- wrk script: the traffic of the embedded widget on news pages.
--
-- Per request, at random: a quarter fetch /widget.js, half the key rates
-- (/v1/rates?change=true&invert=true) for one of a few popular bases, a
-- quarter a conversion. Conversions are for popular pairs, on a recent
-- past date (immutable answers) or the latest, with the amounts readers
-- type: mostly round figures, a long tail of arbitrary ones. Every request
-- says it accepts gzip, as browsers do.

local bases = { "EUR", "EUR", "EUR", "USD", "USD", "GBP", "CHF", "PLN" }
local pairs_ = {
  { "EUR", "USD" }, { "USD", "EUR" }, { "GBP", "EUR" }, { "EUR", "GBP" },
  { "USD", "JPY" }, { "EUR", "CHF" }, { "USD", "PLN" }, { "EUR", "CZK" },
}
local round = { "1", "10", "20", "50", "100", "100", "100", "200", "250", "500", "1000", "1000", "5000" }
-- Set by scripts/scale-demo from the data kurs holds (the newest dates).
local dates = {}
for d in string.gmatch(os.getenv("SCALE_DATES") or "", "[^,]+") do
  dates[#dates + 1] = d
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
  wrk.headers["Accept-Encoding"] = "gzip"
end

local function pick(list)
  return list[math.random(#list)]
end

local function amount()
  if math.random() < 0.7 then
    return pick(round)
  end
  -- The long tail: 1 to 9,999 with cents sometimes.
  if math.random() < 0.5 then
    return tostring(math.random(1, 9999))
  end
  return string.format("%d.%02d", math.random(1, 9999), math.random(0, 99))
end

local function convert()
  local p = pick(pairs_)
  local path = "/v1/convert?from=" .. p[1] .. "&to=" .. p[2] .. "&amount=" .. amount()
  if #dates > 0 and math.random() < 0.6 then
    path = path .. "&date=" .. pick(dates)
  end
  return path
end

request = function()
  local r = math.random()
  local path
  if r < 0.25 then
    path = "/widget.js"
  elseif r < 0.75 then
    path = "/v1/rates?change=true&invert=true&base=" .. pick(bases)
  else
    path = convert()
  end
  return wrk.format("GET", path)
end
