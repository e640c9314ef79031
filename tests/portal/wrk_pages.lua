-- For wrk (tests/portal/test_cluster.py): asks for the paths given after `--` in turn and
-- counts the answers by status, since wrk itself only counts those that are not 2xx or 3xx.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  sent = 0
  statuses = {}
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[sent % #paths + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local counts = {}
  for status, count in pairs(total) do
    table.insert(counts, status .. "=" .. count)
  end
  table.sort(counts)
  io.write("statuses " .. table.concat(counts, " ") .. "\n")
end
