-- POST a submission (the API) or a bare insert (the floor view), each as the next member of the
-- list (their API token), with an Idempotency-Key made unique per request: a run nonce, the
-- thread and a counter, written as a UUID.
--   wrk ... -s bench/wrk/posts.lua URL -- <submit|insert> <tokens file> <campaign id> <nonce>
dofile("bench/wrk/common.lua")

local mode
local tokens
local counter = 0
local body
local nonce
local paths = {submit = "/api/v1/dossiers/", insert = "/bench/insert/"}

function init(args)
  mode = args[1]
  assert(paths[mode], "unknown post " .. tostring(mode))
  tokens = read_lines(args[2])
  body = string.format('{"campaign": %d}', tonumber(args[3]))
  nonce = tonumber(args[4])
  counter = thread_id * math.floor(#tokens / 2 + 1)
end

function request()
  counter = counter + 1
  local key = string.format("%08x-%04x-4000-8000-%012x", nonce, thread_id, counter)
  return wrk.format("POST", paths[mode], {
    ["Authorization"] = "Token " .. tokens[counter % #tokens + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end
