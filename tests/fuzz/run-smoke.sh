#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Fuzz smoke: configures a clang build with -DGATEKEEPER_FUZZ=ON (only the fuzz targets are built), then runs
# every libFuzzer target for SECONDS on a scratch copy of its seed corpus. Exits non-zero on any crash, sanitizer
# report, leak or timeout; the reproducer is kept in $FUZZ_ARTIFACTS (default build/fuzz/artifacts).
#   tests/fuzz/run-smoke.sh [SECONDS]   (default 60)
# FUZZ_BUILD_DIR overrides build/fuzz (next to the presets' build/<preset>).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-build/fuzz}
artifacts=${FUZZ_ARTIFACTS:-$build/artifacts}
targets=(fuzz_bodydecoder fuzz_request)
declare -A seeds=([fuzz_bodydecoder]=tests/fuzz/corpus [fuzz_request]=tests/fuzz/corpus-request)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEKEEPER_FUZZ=ON \
    "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "${FUZZ_BUILD_JOBS:-2}" --target "${targets[@]}"

mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
    work=$(mktemp -d)
    cp -r "${seeds[$t]}/." "$work/"
    echo "== $t: ${seconds}s"
    # -timeout: one input taking > 10 s counts as a hang; -rss_limit_mb: memory must stay bounded.
    if ! "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$t-" "$work" 2>"$build/$t.log"; then
        echo "!! $t failed; reproducer in $artifacts, log in $build/$t.log" >&2
        tail -n 60 "$build/$t.log" >&2
        status=1
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$t.log" || true
    rm -rf "$work"
done
exit $status
