-- wrk script for scripts/bench-pages.sh: one page (or the mix) with a random signed-in session per request.
--
--   TZ=Europe/London wrk -t2 -c16 -d15s --latency -s scripts/bench/pages.lua http://127.0.0.1:5099 -- MODE DIR RUNSTART THREADS
--
-- MODE     child | caseload | search | flags | matches | dashboard | mywork | teamwork | note | missing | referral | mix
-- DIR      holds sessions.tsv (role, organisation, cookie header, antiforgery request token; tab-separated)
--          and for each organisation read-ORG.txt and write-ORG.txt (child ids, one a line)
-- RUNSTART the run's start in Unix seconds: new missing episodes are placed from one second before it, one
--          millisecond each, so they never overlap each other or any episode of an earlier run
-- THREADS  wrk's -t (default 2)
--
-- A response counts as an error unless it is a 200 to a page (GET) or the 302 a save answers with, to the
-- child's page. done() prints one line, "BENCH key=value ...", that bench-pages.sh reads; times in ms.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count)
   table.insert(threads, thread)
end

local function lines(path)
   local list = {}
   local file = io.open(path, "r")
   if file == nil then
      return list
   end
   for line in file:lines() do
      if line ~= "" then
         table.insert(list, line)
      end
   end
   file:close()
   return list
end

local function urlencode(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function pick(list)
   return list[math.random(#list)]
end

-- The mix: what share of requests each page gets (caseworkers read children, look at their caseload and
-- search, and save records; managers work the flag queue and the possible matches).
local mix = {
   { "child", 60 }, { "caseload", 8 }, { "search", 7 },
   { "note", 4 }, { "missing", 3 }, { "referral", 3 },
   { "flags", 10 }, { "matches", 5 },
}
local managers_pages = { flags = true, matches = true, dashboard = true, teamwork = true }
local posts = { note = true, missing = true, referral = true }

function init(args)
   mode = args[1]
   local dir = args[2]
   run_start = tonumber(args[3])
   thread_total = tonumber(args[4] or "2")
   math.randomseed(os.time() * 100 + id)
   caseworkers, managers = {}, {}
   read_children, write_children = {}, {}
   for _, line in ipairs(lines(dir .. "/sessions.tsv")) do
      local role, org, cookie, token = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      local session = { org = org, cookie = cookie, token = token }
      if role == "Manager" then table.insert(managers, session) else table.insert(caseworkers, session) end
      if read_children[org] == nil then
         read_children[org] = lines(dir .. "/read-" .. org .. ".txt")
         write_children[org] = lines(dir .. "/write-" .. org .. ".txt")
      end
   end
   counter = 0
   db_times, app_times, commands = {}, {}, 0
   bad, bad_statuses = 0, {}
   today = os.date("%Y-%m-%d")
end

-- The k-th episode of the run (k unique across its threads) goes missing at RUNSTART - 1 s + k ms and returns
-- 1 ms later: in the past as long as the run records fewer than 1,000 a second.
local function missing_window()
   local k = counter * thread_total + id - 1
   counter = counter + 1
   local from_ms = (run_start - 1) * 1000 + k
   local function at(ms)
      return os.date("%Y-%m-%dT%H:%M:%S", math.floor(ms / 1000)) .. string.format(".%03d", ms % 1000)
   end
   return at(from_ms), at(from_ms + 1)
end

local function build(kind)
   local session = pick(managers_pages[kind] and managers or caseworkers)
   local headers = { ["Cookie"] = session.cookie, ["X-Forwarded-Proto"] = "https" }
   if kind == "live" then
      -- The framework's floor: no session, no database, no view.
      return wrk.format("GET", "/health/live", { ["X-Forwarded-Proto"] = "https" })
   elseif kind == "form" then
      -- The smallest signed-in page: the session, one child's name, the header's count and the layout.
      return wrk.format("GET", "/children/" .. pick(write_children[session.org]) .. "/notes/new", headers)
   elseif kind == "child" then
      return wrk.format("GET", "/children/" .. pick(read_children[session.org]), headers)
   elseif kind == "caseload" then
      -- Everyone's children ("Anyone"), as issue 10 measured it: a caseworker's bare /children opens on their own.
      return wrk.format("GET", "/children?caseworker=", headers)
   elseif kind == "mywork" or kind == "teamwork" then
      return wrk.format("GET", "/", headers)
   elseif kind == "search" then
      return wrk.format("GET", "/children?q=Samuel", headers)
   elseif kind == "flags" then
      return wrk.format("GET", "/flags", headers)
   elseif kind == "matches" then
      return wrk.format("GET", "/matches", headers)
   elseif kind == "dashboard" then
      return wrk.format("GET", "/dashboard", headers)
   end
   local child = pick(write_children[session.org])
   local fields
   local path
   if kind == "note" then
      path = "/children/" .. child .. "/notes/new"
      fields = { { "Form.Text", "Benchmark note: spoke with the child's social worker about the placement." } }
   elseif kind == "missing" then
      path = "/children/" .. child .. "/missing-episodes/new"
      local went, back = missing_window()
      fields = { { "Form.WentMissingAt", went }, { "Form.ReturnedAt", back }, { "Form.WhereaboutsKnown", "true" } }
   else
      path = "/children/" .. child .. "/referrals/new"
      fields = {
         { "Form.ReferralDate", today }, { "Form.FirstResponderOrganisation", "Bench Council" },
         { "Form.FirstResponderType", "LocalAuthority" }, { "Form.ExploitationTypes", "Criminal" },
         { "Form.ExploitationLocation", "Uk" }, { "Form.CompetentAuthority", "Sca" },
         { "Form.RgOutcome", "Pending" }, { "Form.CgOutcome", "Pending" }, { "Form.Version", "0" },
      }
   end
   table.insert(fields, { "__RequestVerificationToken", session.token })
   local body = {}
   for _, f in ipairs(fields) do
      table.insert(body, urlencode(f[1]) .. "=" .. urlencode(f[2]))
   end
   headers["Content-Type"] = "application/x-www-form-urlencoded"
   return wrk.format("POST", path, headers, table.concat(body, "&"))
end

function request()
   if mode ~= "mix" then
      return build(mode)
   end
   local roll = math.random(100)
   for _, entry in ipairs(mix) do
      roll = roll - entry[2]
      if roll <= 0 then
         return build(entry[1])
      end
   end
   return build("child")
end

function response(status, headers, body)
   local ok
   if status == 302 then
      ok = (mode == "mix" or posts[mode]) and (headers["Location"] or ""):match("^/children/[%x%-]+$") ~= nil
   else
      ok = status == 200 and not posts[mode]
   end
   if not ok then
      bad = bad + 1
      bad_statuses[tostring(status)] = (bad_statuses[tostring(status)] or 0) + 1
   end
   local timing = headers["Server-Timing"]
   if timing ~= nil then
      local db = tonumber(timing:match("db;dur=([%d%.]+)"))
      local app = tonumber(timing:match("app;dur=([%d%.]+)"))
      local n = tonumber(timing:match('desc="(%d+) commands"'))
      if db ~= nil then table.insert(db_times, db) end
      if app ~= nil then table.insert(app_times, app) end
      if n ~= nil then commands = commands + n end
   end
end

local function percentile(sorted, p)
   if #sorted == 0 then
      return "-"
   end
   local rank = math.max(1, math.ceil(p / 100 * #sorted))
   return string.format("%.1f", sorted[rank])
end

function done(summary, latency, requests)
   local db, app, total_bad, total_commands = {}, {}, 0, 0
   local statuses = {}
   for _, thread in ipairs(threads) do
      for _, v in ipairs(thread:get("db_times")) do table.insert(db, v) end
      for _, v in ipairs(thread:get("app_times")) do table.insert(app, v) end
      total_bad = total_bad + thread:get("bad")
      total_commands = total_commands + thread:get("commands")
      for status, n in pairs(thread:get("bad_statuses")) do
         statuses[status] = (statuses[status] or 0) + n
      end
   end
   table.sort(db)
   table.sort(app)
   local status_list = {}
   for status, n in pairs(statuses) do
      table.insert(status_list, status .. ":" .. n)
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "BENCH requests=%d rps=%.1f p50=%.1f p95=%.1f p99=%.1f bad=%d socket=%d timeout=%d statuses=%s db50=%s db95=%s app50=%s app95=%s commands=%s\n",
      summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      total_bad, e.connect + e.read + e.write, e.timeout,
      #status_list > 0 and table.concat(status_list, ",") or "-",
      percentile(db, 50), percentile(db, 95), percentile(app, 50), percentile(app, 95),
      #db > 0 and string.format("%.1f", total_commands / #db) or "-"))
end
