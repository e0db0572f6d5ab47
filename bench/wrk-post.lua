-- wrk script for bench/serve.mjs: POSTs one body (read from the file named by WRK_BODY_FILE) on every request
-- and, when the run ends, prints one line `WRK_JSON {…}` with the numbers the benchmark parses. The body is JSON,
-- or, when WRK_JSON_LENGTH is set, OIP binary tensor data: that many bytes of JSON followed by raw tensor bytes.
--   WRK_BODY_FILE=body.json wrk -t1 -c32 -d10s -s bench/wrk-post.lua http://127.0.0.1:8080/v2/models/bc/infer

local path = os.getenv("WRK_BODY_FILE")
if path == nil then
  error("set WRK_BODY_FILE to the JSON body to post")
end
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
local json_length = os.getenv("WRK_JSON_LENGTH")
if json_length == nil then
  wrk.headers["Content-Type"] = "application/json"
else
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.headers["Inference-Header-Content-Length"] = json_length
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
