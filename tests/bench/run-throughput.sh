#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Throughput on loopback, printed, never pass/fail: wrk (keep-alive, 32 connections) posting a
# small valid NDJSON request with a Bearer token to /intake/v2/events, over plain HTTP and HTTPS,
# against the stub, nginx (one worker, same certificate, `return 202`) and a minimal Go net/http
# server, in one run; then gzip NDJSON ingest in MB/s of uncompressed data. The stub runs twice: with its
# default worker threads (one event loop per core) and with --workers 1 (one event loop, as in the GUI).
# wrk, the servers and anything else running share the machine's cores: compare the ratios of one run.
#   tests/bench/run-throughput.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
./packaging/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target apm-gatekeeper bench_ingest >/dev/null
app=$PWD/build/release/apm-gatekeeper
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

export BENCH_TOKEN=bench-token-0123456789abcdef0123456789
# One certificate for all three servers (EC P-256, SAN 127.0.0.1).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# Minimal Go server (Debian's golang).
(cd tests/bench/goserver && GOFLAGS=-mod=mod GO111MODULE=off go build -o "$work/goserver" main.go)
"$work/goserver" -listen 127.0.0.1:18210 -token "$BENCH_TOKEN" & pids+=($!)
"$work/goserver" -listen 127.0.0.1:18211 -token "$BENCH_TOKEN" -cert "$work/cert.pem" -key "$work/key.pem" & pids+=($!)

# nginx, one worker.
mkdir -p "$work/nginx/logs"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:18220; location = /intake/v2/events { return 202; } }
  server { listen 127.0.0.1:18221 ssl; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
           location = /intake/v2/events { return 202; } }
}
NGINX
/usr/sbin/nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)

# The stub, plain and TLS (the TLS run needs the stub's TLS support).
cat > "$work/plain.yml" <<YML
apm-server:
  auth.secret_token: \${BENCH_TOKEN}
YML
cat > "$work/tls.yml" <<YML
apm-server:
  auth.secret_token: \${BENCH_TOKEN}
  ssl:
    certificate: $work/cert.pem
    key: $work/key.pem
YML
"$app" serve --config "$work/plain.yml" --listen 127.0.0.1:18230 --emulate 8.19 > "$work/stub-plain.log" 2>&1 & pids+=($!)
"$app" serve --config "$work/tls.yml" --listen 127.0.0.1:18231 --emulate 8.19 > "$work/stub-tls.log" 2>&1 & pids+=($!)
"$app" serve --workers 1 --config "$work/plain.yml" --listen 127.0.0.1:18232 --emulate 8.19 > "$work/stub1-plain.log" 2>&1 & pids+=($!)
"$app" serve --workers 1 --config "$work/tls.yml" --listen 127.0.0.1:18233 --emulate 8.19 > "$work/stub1-tls.log" 2>&1 & pids+=($!)
sleep 2

rate() { # URL → requests/s (0 when unreachable)
  local out
  out=$(wrk -t2 -c32 -d"${secs}s" --latency -s tests/bench/post.lua "$1" 2>&1 || true)
  if grep -q "Non-2xx" <<<"$out"; then echo "  warning: non-2xx answers from $1" >&2; fi
  awk '/Requests\/sec/ {print int($2)}' <<<"$out" | grep . || echo 0
}
declare -A r
for target in "stub http://127.0.0.1:18230" "stub-tls https://127.0.0.1:18231" \
              "stub-1 http://127.0.0.1:18232" "stub-1-tls https://127.0.0.1:18233" "go http://127.0.0.1:18210" \
              "go-tls https://127.0.0.1:18211" "nginx http://127.0.0.1:18220" "nginx-tls https://127.0.0.1:18221"; do
  set -- $target
  r[$1]=$(rate "$2/intake/v2/events")
  printf '%-10s %10s req/s\n' "$1" "${r[$1]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "stub / go     (HTTP):  $(ratio "${r[stub]}" "${r[go]}")"
echo "stub / go     (HTTPS): $(ratio "${r[stub-tls]}" "${r[go-tls]}")   target >= 1.0"
echo "stub / nginx  (HTTP):  $(ratio "${r[stub]}" "${r[nginx]}")"
echo "stub / nginx  (HTTPS): $(ratio "${r[stub-tls]}" "${r[nginx-tls]}")   target >= 0.5"
echo "one loop (--workers 1) / go (HTTP, HTTPS): $(ratio "${r[stub-1]}" "${r[go]}"), $(ratio "${r[stub-1-tls]}" "${r[go-tls]}")"
grep -q "listening on https" "$work/stub-tls.log" || echo "note: the stub did not start with TLS: $(head -3 "$work/stub-tls.log")"
echo
build/release/tests/bench/bench_ingest
