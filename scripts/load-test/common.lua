-- Shared by reads.lua and writes.lua: ids of the seeded rows (1..N), passed after `--` on the wrk command line,
-- and a done() that prints one machine-readable line for scripts/load-test.sh.
clients, campaigns, contents, tag = 500, 50000, 100000, "run"

function init(args)
  clients = tonumber(args[1]) or clients
  campaigns = tonumber(args[2]) or campaigns
  contents = tonumber(args[3]) or contents
  tag = args[4] or tag
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d mean_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
