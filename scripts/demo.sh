#!/usr/bin/env bash
# The demo: a 10M-row SSB-like lineorder table written partitioned by day and
# clustered by region, then inspected. Shows that every regional slice lives
# in its own files, which is what lets a regional dashboard read a slice.
set -euo pipefail
trap 'echo "demo: FAILED at line $LINENO" >&2' ERR
build="${1:-build}"
bin="$build/tributary"
wh="${DEMO_WAREHOUSE:-demo-warehouse}"
rows="${DEMO_ROWS:-10000000}"

rm -rf "$wh"
echo "== Generating $rows lineorder rows into $wh (partitioned by day, clustered by region)"
"$bin" generate lineorder --warehouse "$wh" --rows "$rows" --days 90 --start 2026-08-01

echo
echo "== Loading the same data again: the commit's idempotency key makes it a no-op"
"$bin" generate lineorder --warehouse "$wh" --rows "$rows" --days 90 --start 2026-08-01

echo
echo "== Warehouse"
"$bin" inspect --warehouse "$wh"

report="$wh/inspect.txt"
"$bin" inspect --warehouse "$wh" ssb.lineorder > "$report"
echo
echo "== Table layout (first partitions and files; full report in $report)"
sed -n '1,8p' "$report"
awk '/^Partitions/{n=12} n>0{print; n--}' "$report"
echo " ..."
awk '/^Files/{n=8} n>0{print; n--}' "$report"
echo " ..."
tail -n 1 "$report"

echo
echo "== One file's footer (parquet-dump)"
"$bin" inspect --warehouse "$wh" ssb.lineorder --format json > "$wh/inspect.json"
first_file=$(grep -o '"path":"[^"]*\.parquet"' "$wh/inspect.json" | sed -n '1s/^"path":"\(.*\)"$/\1/p')
"$bin" parquet-dump "$first_file" > "$wh/parquet-dump.txt"
head -n 30 "$wh/parquet-dump.txt"

mixed=$(tail -n 1 "$report" | grep -o 'more than one lo_region: [0-9]*' | grep -o '[0-9]*$')
if [[ "$mixed" != "0" ]]; then
  echo "demo: FAILED: $mixed files hold more than one region" >&2
  exit 1
fi
echo
echo "demo: OK: no file holds two regions; a regional query reads only its own files"
