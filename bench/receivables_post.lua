-- wrk script for bench/receivables_bench.py: POST /v1/receivables with valid bodies, every one
-- with an invoice number of its own (run id, thread, counter), round-robin over active users.
-- Environment: BENCH_TOKEN, BENCH_USERS (comma-separated ids), BENCH_RUN (unique per run).

local users = {}
for u in string.gmatch(os.getenv("BENCH_USERS") or "", "[^,]+") do users[#users + 1] = u end
local run = os.getenv("BENCH_RUN") or "run"
local threads = {}
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")

local template = '{"user_id":"%s","invoice":{"numbers":["B-%s-%d-%d"],' ..
  '"issue_date":"2025-11-01","due_date":"2025-12-01",' ..
  '"service_description":"Plumbing works, 3 rue Lepic","amount":1200.00,' ..
  '"amount_before_tax":1000.00,"tax_amount":200.00,"currency":"EUR",' ..
  '"payment_terms":"30 days"},"debtor":{"company_name":"Boulangerie Dupont SARL",' ..
  '"company_type":"company","siret":"73282932000074","address":{"line1":"3 rue Lepic",' ..
  '"city":"Paris","postal_code":"75018","country":"FR"},"contacts":[{"first_name":"Jean",' ..
  '"last_name":"Dupont","email":"jean@dupont.example","level":0},{"first_name":"Marie",' ..
  '"last_name":"Dupont","email":"marie@dupont.example","level":1}]},' ..
  '"metadata":{"invoice_ref":"%d"}}'

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  counter = counter + 1
  local user = users[(counter % #users) + 1]
  local body = string.format(template, user, run, tid, counter, counter)
  return wrk.format(nil, "/v1/receivables", nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 and not first_error then
    first_error = body
  end
end

function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do agg[k] = (agg[k] or 0) + v end
    local e = t:get("first_error")
    if e then io.write("FIRST_ERROR " .. string.sub(e, 1, 400) .. "\n") end
  end
  for k, v in pairs(agg) do io.write(string.format("STATUS %d %d\n", k, v)) end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "connect=%d read=%d write=%d timeout=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
