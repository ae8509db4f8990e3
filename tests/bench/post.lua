-- SPDX-License-Identifier: Apache-2.0
-- A small valid NDJSON intake request with a Bearer token (the token comes from BENCH_TOKEN).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-ndjson"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = '{"metadata":{"service":{"name":"bench","agent":{"name":"nodejs","version":"4.18.0"}}}}\n' ..
           '{"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","duration":1.5,"type":"request","span_count":{"started":0}}}\n'
