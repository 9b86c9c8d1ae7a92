#!/usr/bin/env bash
# Runs the benchmarks against DuckDB and saves the report.
#
#   bash bench/run.sh BUILD_DIR        (BENCH_ROWS=N, BENCH_REPS=R,
#                                       BENCH_SSB_SCALE=SF, BENCH_SSB_THREADS=T
#                                       to override)
#
# Writes bench/results/parquet-<date>.md, then runs the SSB benchmark (scale
# factor BENCH_SSB_SCALE, default 10) and writes bench/results/ssb-<date>.md,
# then the wire server against PostgreSQL under pgbench
# (bench/results/pg-server-<date>.md), row-level security's overhead on the
# dashboard (bench/results/rls-<date>.md) and ingestion from PostgreSQL
# against COPY TO and DuckDB (bench/results/ingest-<date>.md); scratch files
# go to BUILD_DIR/bench-data and are removed afterwards.
set -euo pipefail
build="${1:?usage: bench/run.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cmake --build "$build" -j 2 --target parquet_bench ssb_bench tributary >/dev/null
bin="$build/bench/parquet_bench"
if [[ ! -d "$root/node_modules/@duckdb/node-api" ]]; then
  echo "bench: @duckdb/node-api is not installed in $root/node_modules (run npm ci)" >&2
  exit 1
fi
work="$build/bench-data"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
out="$here/results/parquet-$(date +%Y-%m-%d).md"
node "$here/parquet_bench.mjs" run --bench "$bin" --work "$work" \
  --rows "${BENCH_ROWS:-10000000}" --reps "${BENCH_REPS:-3}" --out "$out"

rm -rf "$work"
mkdir -p "$work"
node "$here/ssb_bench.mjs" run --tributary "$build/tributary" --driver "$build/bench/ssb_bench" \
  --work "$work" --scale "${BENCH_SSB_SCALE:-10}" --reps "${BENCH_REPS:-3}" \
  --threads "${BENCH_SSB_THREADS:-2}" --out "$here/results/ssb-$(date +%Y-%m-%d).md"

bash "$here/pg_server_bench.sh" "$build"
bash "$here/rls_bench.sh" "$build"
bash "$here/ingest_bench.sh" "$build"
