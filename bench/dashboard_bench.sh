#!/usr/bin/env bash
# The regional dashboard on sales.deals laid out for it — partitioned by day
# of sale_date, clustered by region and product family — against the same
# rows in one flat table (no partitions, no cluster order: rows as an export
# produces them). One EMEA rep's question, revenue by product family over
# the last 7 days, runs BENCH_DASHBOARD_REPS times on each (after a warm-up,
# result cache off); the report gives the median time, the bytes scanned and
# the files read of each, and their ratios. The two answers must be equal.
# Writes bench/results/dashboard-<date>.md.
#
#   bash bench/dashboard_bench.sh BUILD_DIR   (BENCH_DASHBOARD_ROWS=N, BENCH_DASHBOARD_REPS=R)
set -euo pipefail
build="$(cd "${1:?usage: bench/dashboard_bench.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
rows="${BENCH_DASHBOARD_ROWS:-10000000}"
reps="${BENCH_DASHBOARD_REPS:-5}"
cmake --build "$build" -j 2 --target tributary >/dev/null
tributary="$build/tributary"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { echo "[dashboard-bench $(date +%T)] $*" >&2; }

# 90 days, 4 regions, 8 product families, spread evenly and independently.
columns="deal_id bigint, region text, product_family text, sale_date date, amount numeric(12,2)"
rows_sql="SELECT i, CASE i % 4 WHEN 0 THEN 'AMER' WHEN 1 THEN 'EMEA' WHEN 2 THEN 'APAC' ELSE 'LATAM' END,
  'family_' || ((i / 4) % 8)::text, DATE '2026-08-01' + ((i / 32) % 90)::int, ((i * 7919) % 100000) / 100.0
  FROM generate_series(1::bigint, ${rows}::bigint) AS g(i)"
log "loading $rows rows twice: laid out, and flat"
"$tributary" sql --warehouse "$work/wh" -c "
  CREATE SCHEMA sales;
  CREATE TABLE sales.deals ($columns) PARTITION BY RANGE (sale_date)
    WITH (partition_granularity = 'day', cluster_by = 'region, product_family');
  INSERT INTO sales.deals $rows_sql;
  CREATE TABLE sales.deals_flat ($columns);
  INSERT INTO sales.deals_flat $rows_sql;" >/dev/null

dashboard() {
  echo "SELECT product_family, count(*) AS deals, sum(amount) AS revenue FROM $1
WHERE region = 'EMEA' AND sale_date BETWEEN DATE '2026-10-23' AND DATE '2026-10-29'
GROUP BY product_family ORDER BY product_family"
}
# One process per run, like a dashboard's request; --timing prints
# "Time: X ms, bytes scanned: N (files a/b, row groups c/d)" to stderr.
run() {  # table -> "ms bytes files_read files_total" on stdout, rows into $work/$1.out
  "$tributary" sql --warehouse "$work/wh" --timing --format csv \
    -c "SET use_result_cache = off; $(dashboard "$1")" > "$work/$1.out" 2> "$work/$1.timing"
  sed -n 's/^Time: \([0-9.]*\) ms, bytes scanned: \([0-9]*\) (files \([0-9]*\)\/\([0-9]*\).*/\1 \2 \3 \4/p' \
    "$work/$1.timing" | tail -n 1
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A ms bytes files
for table in sales.deals sales.deals_flat; do
  run "$table" > /dev/null  # warm-up
  : > "$work/times"
  for ((r = 0; r < reps; r++)); do
    read -r t b fr ft < <(run "$table")
    echo "$t" >> "$work/times"
  done
  ms[$table]="$(median < "$work/times")"
  bytes[$table]="$b"
  files[$table]="$fr of $ft"
done
cmp -s "$work/sales.deals.out" "$work/sales.deals_flat.out" ||
  { echo "the two tables answer differently" >&2; diff "$work/sales.deals.out" "$work/sales.deals_flat.out" >&2; exit 1; }
[ "$(wc -l < "$work/sales.deals.out")" -gt 1 ] || { echo "the dashboard returned no rows" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
out="$here/results/dashboard-$(date +%Y-%m-%d).md"
mkdir -p "$here/results"
{
  echo "# Regional dashboard: laid out vs flat, $(date +%Y-%m-%d)"
  echo
  echo "$rows rows of \`sales.deals\` (90 days, 4 regions, 8 product families) on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)). The EMEA rep's dashboard (revenue by product family, 7 days) as one \`tributary sql\` process per run, median of $reps after a warm-up, result cache off. Both tables give the same $(($(wc -l < "$work/sales.deals.out") - 1)) rows."
  echo
  echo "| table | layout | median ms | bytes scanned | files read |"
  echo "|---|---|---|---|---|"
  echo "| sales.deals | partitioned by day, clustered by region, product family | ${ms[sales.deals]} | ${bytes[sales.deals]} | ${files[sales.deals]} |"
  echo "| sales.deals_flat | none | ${ms[sales.deals_flat]} | ${bytes[sales.deals_flat]} | ${files[sales.deals_flat]} |"
  echo
  echo "The flat table scans $(ratio "${bytes[sales.deals_flat]}" "${bytes[sales.deals]}")× the bytes and takes $(ratio "${ms[sales.deals_flat]}" "${ms[sales.deals]}")× the time."
} > "$out"
cat "$out"
