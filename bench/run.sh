#!/usr/bin/env bash
# Runs the benchmarks and saves their reports (what `make bench` runs).
#
#   bash bench/run.sh BUILD_DIR     (BENCH_SSB_SCALE=SF, default 1;
#                                    BENCH_REPS=R, default 5; BENCH_SSB_THREADS=T,
#                                    default 2; BENCH_SSB_MEMORY_GB=G, default 4;
#                                    BENCH_ALL=1 for every benchmark)
#
# By default only the Star Schema Benchmark comparison runs: Tributary,
# DuckDB, PostgreSQL and ClickHouse on the same generated data, written to
# bench/results/ssb-sf<SF>.{md,json,png} (the SF1 and SF10 reports are
# committed), then the regional dashboard on sales.deals partitioned and
# clustered vs flat (bench/results/dashboard-<date>.md; BENCH_DASHBOARD_ROWS).
# With BENCH_ALL=1 the other benchmarks follow: Parquet write and
# scan against DuckDB (BENCH_ROWS=N; bench/results/parquet-<date>.md), the
# wire server against PostgreSQL under pgbench (pg-server-<date>.md),
# row-level security's overhead (rls-<date>.md) and ingestion from
# PostgreSQL (ingest-<date>.md). Scratch files go to BUILD_DIR/bench-data and
# are removed afterwards, unless BENCH_KEEP=1 (the next run with BENCH_KEEP=1
# at the same scale then reuses the generated and loaded data).
set -euo pipefail
build="${1:?usage: bench/run.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
targets=(ssb_bench tributary)
[[ "${BENCH_ALL:-0}" = 1 ]] && targets+=(parquet_bench)
cmake --build "$build" -j 2 --target "${targets[@]}" >/dev/null
if [[ ! -d "$root/node_modules/@duckdb/node-api" ]]; then
  echo "bench: @duckdb/node-api is not installed in $root/node_modules (run npm ci)" >&2
  exit 1
fi
scale="${BENCH_SSB_SCALE:-1}"
work="$build/bench-data/ssb-sf$scale"
reuse=()
if [[ "${BENCH_KEEP:-0}" = 1 ]]; then
  reuse=(--reuse)
else
  rm -rf "$work"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
node "$here/ssb_bench.mjs" run --tributary "$build/tributary" --driver "$build/bench/ssb_bench" \
  --work "$work" --scale "$scale" --reps "${BENCH_REPS:-5}" \
  --threads "${BENCH_SSB_THREADS:-2}" --memory-gb "${BENCH_SSB_MEMORY_GB:-4}" \
  --out "$here/results/ssb-sf$scale.md" "${reuse[@]}"
# The sales scenario's regional dashboard, laid out vs flat (about 30 s).
bash "$here/dashboard_bench.sh" "$build"

[[ "${BENCH_ALL:-0}" = 1 ]] || exit 0
pwork="$build/bench-data/parquet"
rm -rf "$pwork"
mkdir -p "$pwork"
node "$here/parquet_bench.mjs" run --bench "$build/bench/parquet_bench" --work "$pwork" \
  --rows "${BENCH_ROWS:-10000000}" --reps "${BENCH_REPS:-3}" --out "$here/results/parquet-$(date +%Y-%m-%d).md"
rm -rf "$pwork"
bash "$here/pg_server_bench.sh" "$build"
bash "$here/rls_bench.sh" "$build"
bash "$here/ingest_bench.sh" "$build"
