-- wrk script of bench/race-load.sh: counts every answer outside 200-299 (wrk itself counts only 4xx and 5xx, so a lost
-- cookie's redirect to the sign-in page would pass as a fast success) and prints the percentiles wrk's summary lacks
-- (p95) on one line that the bench reads: "BENCH p50_us=… p95_us=… p99_us=… requests=… non2xx=… connect=… …".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  io.write(string.format("BENCH p50_us=%d p95_us=%d p99_us=%d requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests, bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
