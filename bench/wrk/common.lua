-- Shared by pages.lua and posts.lua (loaded with dofile; wrk runs from the repository root).
-- Each thread counts the HTTP statuses it got; done() prints one JSON line that bench/load.py
-- reads: requests, duration, socket errors, statuses, latency percentiles (microseconds).

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  assert(#lines > 0, "no lines in " .. path)
  return lines
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    parts[#parts + 1] = string.format('"%s": %d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"statuses": {%s}, "latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, '
      .. '"p99": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ", "),
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99)))
end
