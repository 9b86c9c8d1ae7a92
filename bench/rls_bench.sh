#!/usr/bin/env bash
# What row-level security costs on the regional dashboard query: a sales rep
# whose policy gives them one region (USING (lo_region = 'EUROPE')) runs the
# dashboard without a region filter, side by side with an analyst (a
# BYPASSRLS role with the same grants, so privilege checks cost the same)
# running the same query with the filter written by hand, and a territory
# rep whose policy reads their regions from a mapping table (USING
# (lo_region IN (SELECT region FROM ssb.territories WHERE rep =
# current_user)), which prunes once its subquery has run). All go through
# `tributary serve` under pgbench (extended protocol, 8 clients),
# alternating A B C A B C for BENCH_RLS_SECONDS each; the report gives the
# tps of each, the ratios, and the server's peak RSS. Writes
# bench/results/rls-<date>.md.
#
#   bash bench/rls_bench.sh BUILD_DIR      (BENCH_RLS_ROWS=N, BENCH_RLS_SECONDS=S)
set -euo pipefail
build="${1:?usage: bench/rls_bench.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/serve_lib.sh"
rows="${BENCH_RLS_ROWS:-5000000}"
seconds="${BENCH_RLS_SECONDS:-10}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
cmake --build "$build" -j 2 --target tributary >/dev/null
work="$(mktemp -d)"
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[rls-bench $(date +%T)] $*" >&2; }

log "generating $rows lineorder rows"
"$build/tributary" generate lineorder --warehouse "$work/wh" --rows "$rows" --days 30 --start 2026-08-01 >/dev/null
"$build/tributary" sql --warehouse "$work/wh" -c "
  CREATE ROLE europe_rep LOGIN PASSWORD 'bench';
  CREATE ROLE analyst LOGIN BYPASSRLS PASSWORD 'bench';
  CREATE ROLE territory_rep LOGIN PASSWORD 'bench';
  CREATE TABLE ssb.territories (rep text, region text);
  INSERT INTO ssb.territories VALUES ('territory_rep', 'EUROPE'), ('someone_else', 'ASIA');
  GRANT USAGE ON SCHEMA ssb TO europe_rep, analyst, territory_rep;
  GRANT SELECT ON ssb.lineorder TO europe_rep, analyst, territory_rep;
  GRANT SELECT ON ssb.territories TO territory_rep;
  ALTER TABLE ssb.lineorder ENABLE ROW LEVEL SECURITY;
  CREATE POLICY europe ON ssb.lineorder FOR SELECT TO europe_rep USING (lo_region = 'EUROPE');
  CREATE POLICY territory ON ssb.lineorder FOR SELECT TO territory_rep
    USING (lo_region IN (SELECT region FROM ssb.territories WHERE rep = current_user))" >/dev/null

log "starting tributary serve"
export TRIBUTARY_ADMIN_PASSWORD=bench PGPASSWORD=bench
start_serve "$build/tributary" "$work/wh" "$work/server.log"
port=$serve_port

week="lo_orderdate BETWEEN DATE '2026-08-08' AND DATE '2026-08-14'"
# The result cache is off so every execution plans, applies the policy and scans.
{ echo "SET use_result_cache = off;"
  echo "SELECT lo_orderdate, sum(lo_revenue) FROM ssb.lineorder WHERE $week GROUP BY lo_orderdate ORDER BY lo_orderdate;"
} > "$work/policy.sql"
{ echo "SET use_result_cache = off;"
  echo "SELECT lo_orderdate, sum(lo_revenue) FROM ssb.lineorder WHERE lo_region = 'EUROPE' AND $week GROUP BY lo_orderdate ORDER BY lo_orderdate;"
} > "$work/by_hand.sql"
psql_as() { "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U "$1" -d tributary -f "$2"; }
# The policy must give exactly the hand-filtered answer before anything is timed.
a="$(psql_as europe_rep "$work/policy.sql")"
b="$(psql_as analyst "$work/by_hand.sql")"
c="$(psql_as territory_rep "$work/policy.sql")"
[ "$a" = "$b" ] || { echo "results differ: policy [$a] by hand [$b]" >&2; exit 1; }
[ "$c" = "$b" ] || { echo "results differ: mapping policy [$c] by hand [$b]" >&2; exit 1; }
[ -n "$a" ] || { echo "the dashboard returned no rows" >&2; exit 1; }

tps() {  # tps of pgbench running $2 as user $1
  "$pgbin/pgbench" -n -M extended -c 8 -j 2 -T "$seconds" -f "$2" -h 127.0.0.1 -p "$port" -U "$1" tributary \
    2>/dev/null | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'; }
log "pgbench: $seconds s per run, A B C A B C"
p1="$(tps europe_rep "$work/policy.sql")"
h1="$(tps analyst "$work/by_hand.sql")"
m1="$(tps territory_rep "$work/policy.sql")"
p2="$(tps europe_rep "$work/policy.sql")"
h2="$(tps analyst "$work/by_hand.sql")"
m2="$(tps territory_rep "$work/policy.sql")"
policy_tps="$(awk -v a="$p1" -v b="$p2" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
hand_tps="$(awk -v a="$h1" -v b="$h2" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
mapping_tps="$(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
overhead="$(awk -v p="$policy_tps" -v h="$hand_tps" 'BEGIN { printf "%.1f", (h / p - 1) * 100 }')"
mapping_overhead="$(awk -v p="$mapping_tps" -v h="$hand_tps" 'BEGIN { printf "%.1f", (h / p - 1) * 100 }')"
# Bytes each read for one execution, from the jobs table (as admin).
bytes_of() {
  "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U admin -d tributary -c \
    "SELECT bytes_scanned, files_scanned FROM tributary.jobs WHERE user_name = '$1' AND statement LIKE 'SELECT lo_orderdate%' ORDER BY job_id DESC LIMIT 1"
}
policy_read="$(bytes_of europe_rep)"
hand_read="$(bytes_of analyst)"
mapping_read="$(bytes_of territory_rep)"
rss="$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$serve_pid/status")"

out="$here/results/rls-$(date +%Y-%m-%d).md"
mkdir -p "$here/results"
{
  echo "# Row-level security overhead $(date +%Y-%m-%d)"
  echo
  echo "The regional dashboard (one region's revenue by day for a week) over $rows lineorder rows (30 days, partitioned by day, clustered by region), through \`tributary serve\` under pgbench (extended protocol, 8 clients, 2 threads), two runs of $seconds s each, alternating, with the result cache off (\`SET use_result_cache = off\` in each transaction) so every execution plans, applies the policy and scans."
  echo
  echo "| who | query | tps (run 1, run 2) | mean tps | bytes, files read per execution |"
  echo "|---|---|---|---|---|"
  echo "| europe_rep (policy \`lo_region = 'EUROPE'\`) | no region filter | $p1, $p2 | $policy_tps | ${policy_read/|/, } |"
  echo "| analyst (BYPASSRLS, same grants) | \`lo_region = 'EUROPE'\` by hand | $h1, $h2 | $hand_tps | ${hand_read/|/, } |"
  echo "| territory_rep (policy through \`ssb.territories\`) | no region filter | $m1, $m2 | $mapping_tps | ${mapping_read/|/, } |"
  echo
  echo "Overhead of the constant policy (hand-filtered tps / policy tps - 1): $overhead%; of the mapping-table policy: $mapping_overhead% (it also reads the mapping table and runs its subquery). Peak RSS of the server: $rss MB."
} > "$out"
cat "$out"
