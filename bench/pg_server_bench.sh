#!/usr/bin/env bash
# The wire server under pgbench, side by side with PostgreSQL 15 on the same
# data: 8 clients run the regional dashboard query (one region's revenue by
# day for a week) for BENCH_PG_SECONDS (default 15) against `tributary serve`
# and against a throwaway PostgreSQL server (the same rows, an index on
# (lo_region, lo_orderdate)), then a trivial `SELECT 1` to show the protocol's
# own cost. Writes bench/results/pg-server-<date>.md.
#
#   bash bench/pg_server_bench.sh BUILD_DIR      (BENCH_PG_ROWS=N, BENCH_PG_SECONDS=S)
set -euo pipefail
build="${1:?usage: bench/pg_server_bench.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/serve_lib.sh"
rows="${BENCH_PG_ROWS:-2000000}"
seconds="${BENCH_PG_SECONDS:-15}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
cmake --build "$build" -j 2 --target tributary >/dev/null
work="$(mktemp -d)"
chmod 755 "$work"
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
# PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$(printf '%q ' "$@")"; else "$@"; fi
}
trap cleanup EXIT
log() { echo "[pg-server-bench $(date +%T)] $*" >&2; }

log "generating $rows lineorder rows"
"$build/tributary" generate lineorder --warehouse "$work/wh" --rows "$rows" --days 30 --start 2026-08-01 >/dev/null
cols="lo_orderkey, lo_orderdate, lo_region, lo_revenue"
"$build/tributary" sql --warehouse "$work/wh" -c "COPY (SELECT $cols FROM ssb.lineorder) TO '$work/rows.csv' WITH (FORMAT csv)" >/dev/null
chmod 644 "$work/rows.csv"

log "starting PostgreSQL"
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --locale=C -E UTF8 >/dev/null
pg_port=$((20000 + RANDOM % 20000))
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=256MB" start >/dev/null
psql_pg() { "$pgbin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_pg -c "CREATE TABLE lineorder (lo_orderkey bigint, lo_orderdate date, lo_region text, lo_revenue numeric(18,2))"
psql_pg -c "\\copy lineorder FROM '$work/rows.csv' WITH (FORMAT csv)"
psql_pg -c "CREATE INDEX ON lineorder (lo_region, lo_orderdate)" -c "VACUUM ANALYZE lineorder"

log "starting tributary serve"
export TRIBUTARY_ADMIN_PASSWORD=bench
start_serve "$build/tributary" "$work/wh" "$work/tributary.log"
tr_port=$serve_port

dashboard="SELECT lo_orderdate, sum(lo_revenue) FROM %s WHERE lo_region = 'EUROPE' AND lo_orderdate BETWEEN DATE '2026-08-08' AND DATE '2026-08-14' GROUP BY lo_orderdate ORDER BY lo_orderdate;"
printf "$dashboard\n" "ssb.lineorder" > "$work/tr_dashboard.sql"
printf "$dashboard\n" "lineorder" > "$work/pg_dashboard.sql"
# The same query with the result cache off: every execution scans.
{ echo "SET use_result_cache = off;"; cat "$work/tr_dashboard.sql"; } > "$work/tr_dashboard_nocache.sql"
echo "SELECT 1;" > "$work/select1.sql"
# Both engines must give the same answer before they are timed.
a="$(PGPASSWORD=bench "$pgbin/psql" -X -At -h 127.0.0.1 -p "$tr_port" -U admin -d tributary -f "$work/tr_dashboard.sql")"
b="$(psql_pg -At -f "$work/pg_dashboard.sql")"
[ "$a" = "$b" ] || { echo "results differ: tributary [$a] postgresql [$b]" >&2; exit 1; }

tps() {  # tps of pgbench over $1 (script) against the rest of the arguments
  local script="$1"
  shift
  "$pgbin/pgbench" -n -M extended -c 8 -j 2 -T "$seconds" -f "$script" "$@" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
log "pgbench: dashboard query, $seconds s each"
tr_dash="$(PGPASSWORD=bench tps "$work/tr_dashboard.sql" -h 127.0.0.1 -p "$tr_port" -U admin tributary)"
tr_dash_scan="$(PGPASSWORD=bench tps "$work/tr_dashboard_nocache.sql" -h 127.0.0.1 -p "$tr_port" -U admin tributary)"
tr_rss="$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$serve_pid/status")"
pg_dash="$(tps "$work/pg_dashboard.sql" -h 127.0.0.1 -p "$pg_port" -U postgres postgres)"
log "pgbench: SELECT 1"
tr_one="$(PGPASSWORD=bench tps "$work/select1.sql" -h 127.0.0.1 -p "$tr_port" -U admin tributary)"
pg_one="$(tps "$work/select1.sql" -h 127.0.0.1 -p "$pg_port" -U postgres postgres)"

out="$here/results/pg-server-$(date +%Y-%m-%d).md"
mkdir -p "$here/results"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "# Wire server benchmark $(date +%Y-%m-%d)"
  echo
  echo "pgbench (extended protocol, 8 clients, 2 threads, $seconds s each) against \`tributary serve\` and PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on the same machine and the same $rows rows (lineorder: order key, date, region, revenue; 30 days). PostgreSQL has an index on (lo_region, lo_orderdate); Tributary's table is partitioned by day and clustered by region. Both gave the same rows before timing."
  echo
  echo "| query | Tributary tps | PostgreSQL tps | ratio Tributary/PostgreSQL |"
  echo "|---|---|---|---|"
  echo "| regional dashboard: one region's revenue by day for a week (repeats answered by the result cache) | $tr_dash | $pg_dash | $(ratio "$tr_dash" "$pg_dash") |"
  echo "| the same with use_result_cache off (every execution scans) | $tr_dash_scan | $pg_dash | $(ratio "$tr_dash_scan" "$pg_dash") |"
  echo "| SELECT 1 | $tr_one | $pg_one | $(ratio "$tr_one" "$pg_one") |"
  echo
  echo "Ratios above 1 mean Tributary served more queries per second. Peak RSS of the Tributary server: $tr_rss MB."
} > "$out"
cat "$out"
