-- GET a portal or floor page, each request as the next member of the list (their session
-- cookie), so that every member's dashboard, list and dossiers are read in turn.
--   wrk ... -s bench/wrk/pages.lua URL -- <dashboard|list|dossier|floor|hello> <sessions file>
-- The sessions file has one line per member: "<session key> <dossier id>,<dossier id>,...".
dofile("bench/wrk/common.lua")

local mode
local members = {}
local counter = 0
local paths = {dashboard = "/", list = "/dossiers/", floor = "/bench/floor/", hello = "/bench/hello/"}

function init(args)
  mode = args[1]
  assert(mode == "dossier" or paths[mode], "unknown page " .. tostring(mode))
  for _, line in ipairs(read_lines(args[2])) do
    local key, ids = line:match("^(%S+)%s*(.*)$")
    local dossiers = {}
    for id in ids:gmatch("%d+") do
      dossiers[#dossiers + 1] = id
    end
    members[#members + 1] = {key = key, dossiers = dossiers}
  end
  -- Threads start far apart in the list.
  counter = thread_id * math.floor(#members / 2 + 1)
end

function request()
  counter = counter + 1
  if mode == "hello" then
    return wrk.format("GET", paths.hello)  -- no cookie: the session is never touched
  end
  local member = members[counter % #members + 1]
  local path = paths[mode]
  if mode == "dossier" then
    path = "/dossiers/" .. member.dossiers[math.floor(counter / #members) % #member.dossiers + 1] .. "/"
  end
  return wrk.format("GET", path, {["Cookie"] = "sessionid=" .. member.key})
end
