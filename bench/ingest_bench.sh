#!/usr/bin/env bash
# Regional ingestion from PostgreSQL: `tributary ingest` loads a sales.deals
# table of BENCH_INGEST_ROWS rows (default 10M) from a throwaway PostgreSQL
# 15 server into a fresh warehouse (partitioned by day, clustered by region,
# merged on the primary key), then again after 1% of the rows changed (an
# incremental load from the updated_at watermark). In the same run, on the
# same table:
#   - PostgreSQL's own export: `\copy sales.deals TO FILE` in psql over
#     loopback TCP, the path the connector's COPY ... TO STDOUT takes (the
#     baseline the ratios use), and server-side `COPY sales.deals TO FILE`
#     (no socket, no client: PostgreSQL's floor);
#   - DuckDB loading that CSV into a native table with the same primary key
#     in a database file, with as many threads as Tributary uses (2);
#   - `tributary ingest` of that same CSV as a file-drop source, so the
#     connector's share of the time shows.
# Each command is timed by the wall clock around the whole process, and
# its peak RSS taken from /usr/bin/time -v (for the COPYs also the server
# backend's, from /proc). MB/s are of the CSV export's bytes for every row,
# so they compare. Rows and sum(amount) are checked equal in every engine.
# Writes bench/results/ingest-<date>.md.
#
#   bash bench/ingest_bench.sh BUILD_DIR      (BENCH_INGEST_ROWS=N)
set -euo pipefail
build="$(cd "${1:?usage: bench/ingest_bench.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
rows="${BENCH_INGEST_ROWS:-10000000}"
threads=2  # DatabaseOptions::threads, what `tributary ingest` runs with
pgbin="$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
cmake --build "$build" -j 2 --target tributary >/dev/null
tributary="$build/tributary"
if [[ ! -d "$here/../node_modules/@duckdb/node-api" ]]; then
  echo "bench: @duckdb/node-api is not installed in $(dirname "$here")/node_modules (run npm ci)" >&2
  exit 1
fi
work="$(mktemp -d)"
chmod 755 "$work"
cleanup() {
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
# PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$(printf '%q ' "$@")"; else "$@"; fi
}
trap cleanup EXIT
log() { echo "[ingest-bench $(date +%T)] $*" >&2; }

log "starting PostgreSQL"
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --locale=C -E UTF8 >/dev/null
pg_port=$((20000 + RANDOM % 20000))
# The source is scratch: durability off to make filling it quick; none of it
# touches what is measured (reads, and the one UPDATE before the incremental).
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $pg_port -k $work \
  -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off \
  -c full_page_writes=off -c max_wal_size=8GB" start >/dev/null
# Superuser over the socket for setup and server-side COPY; the ingest role
# (SELECT only) over TCP with a password for everything measured through the wire.
psql_admin() { "$pgbin/psql" -X -q -h "$work" -p "$pg_port" -U postgres -d bench -v ON_ERROR_STOP=1 "$@"; }
export BENCH_PG_PASSWORD=bench
psql_etl() { PGPASSWORD="$BENCH_PG_PASSWORD" "$pgbin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U etl -d bench -v ON_ERROR_STOP=1 "$@"; }
"$pgbin/psql" -X -q -h "$work" -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE bench"

log "filling sales.deals with $rows rows"
# Deterministic pseudo-random columns: three multiplicative hashes of the
# deal id (their high bits), so every run and every machine gets the same
# table. 365 days of sales, updated_at within three days of the sale.
psql_admin <<SQL
ALTER ROLE postgres PASSWORD '$BENCH_PG_PASSWORD';
CREATE ROLE etl LOGIN PASSWORD '$BENCH_PG_PASSWORD';
CREATE SCHEMA sales;
GRANT USAGE ON SCHEMA sales TO etl;
CREATE TABLE sales.deals (deal_id bigint, region text, account text, product_family text, stage text,
                          sale_date date, amount numeric(12,2), currency text, updated_at timestamp);
GRANT SELECT ON sales.deals TO etl;
INSERT INTO sales.deals
SELECT i,
       (ARRAY['EMEA', 'AMER', 'APAC', 'LATAM'])[1 + a / 65536 % 4],
       'ACC-' || lpad((c / 65536 % 50000)::text, 5, '0'),
       (ARRAY['analytics', 'storage', 'compute', 'networking', 'security', 'services'])[1 + a / 262144 % 6],
       (ARRAY['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'])[1 + b / 16 % 6],
       DATE '2025-01-01' + (b / 65536 % 365)::int,
       (c % 5000000 / 100.0 + 50)::numeric(12,2),
       (ARRAY['EUR', 'USD', 'SGD', 'BRL'])[1 + a / 65536 % 4],
       DATE '2025-01-01' + (b / 65536 % 365)::int + (a % 259200) * interval '1 second'
FROM (SELECT i, (i * 2654435761) % 4294967296 AS a, (i * 2246822519 + 374761393) % 4294967296 AS b,
             (i * 3266489917 + 668265263) % 4294967296 AS c
      FROM generate_series(1, $rows) AS i) AS h;
ALTER TABLE sales.deals ADD PRIMARY KEY (deal_id);
VACUUM (FREEZE, ANALYZE) sales.deals;
SQL
pg_table_mb="$(psql_admin -At -c "SELECT round(pg_table_size('sales.deals') / 1e6)")"
pg_sum() { psql_admin -At -c "SELECT count(*) || ' ' || sum(amount) FROM sales.deals"; }
pg_expected="$(pg_sum)"

# timed NAME CMD...: runs CMD with stdout in $work/NAME.out; sets
# seconds[NAME] (wall clock) and rss_mb[NAME] (/usr/bin/time -v).
declare -A seconds rss_mb
timed() {
  local name="$1" t0 t1
  shift
  t0="$(date +%s.%N)"
  if ! /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"; then
    echo "bench: $name failed:" >&2
    cat "$work/$name.out" "$work/$name.err" >&2
    exit 1
  fi
  t1="$(date +%s.%N)"
  seconds[$name]="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  rss_mb[$name]="$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$work/$name.time")"
}
# The server backend's own peak, read by the session that did the work.
backend_hwm="SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\\s+(\\d+)'))[1]::int / 1024"

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log "PostgreSQL: \\copy sales.deals TO a CSV file (psql over loopback TCP)"
mkdir -p "$work/csv"
csv="$work/csv/deals.csv"
# Reading the backend's /proc takes a superuser, so \copy runs as postgres, over TCP as the connector does.
timed copy_client env PGPASSWORD="$BENCH_PG_PASSWORD" "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d bench -v ON_ERROR_STOP=1 \
  -c "\\copy sales.deals TO '$csv' WITH (FORMAT csv, HEADER)" -c "$backend_hwm"
backend_client_mb="$(tail -n 1 "$work/copy_client.out")"
csv_bytes="$(stat -c %s "$csv")"

log "PostgreSQL: server-side COPY sales.deals TO a file"
timed copy_server "$pgbin/psql" -X -q -At -h "$work" -p "$pg_port" -U postgres -d bench -v ON_ERROR_STOP=1 \
  -c "COPY sales.deals TO '$work/deals_server.csv' WITH (FORMAT csv, HEADER)" -c "$backend_hwm"
backend_server_mb="$(tail -n 1 "$work/copy_server.out")"
server_bytes="$(stat -c %s "$work/deals_server.csv")"
[ "$server_bytes" = "$csv_bytes" ] || { echo "bench: COPY wrote $server_bytes bytes, \\copy $csv_bytes" >&2; exit 1; }
rm -f "$work/deals_server.csv"

log "DuckDB: loading the CSV into a native table"
timed duckdb node "$here/ingest_duckdb.mjs" "$work/duck.db" "$csv" "$threads"
duck_json="$(tail -n 1 "$work/duckdb.out")"
duck_got="$(node -e 'const r = JSON.parse(process.argv[1]); console.log(`${r.rows} ${r.sum_amount}`)' "$duck_json")"
duck_inner="$(node -e 'console.log(JSON.parse(process.argv[1]).seconds.toFixed(3))' "$duck_json")"
[ "$duck_got" = "$pg_expected" ] || { echo "bench: DuckDB loaded [$duck_got], PostgreSQL has [$pg_expected]" >&2; exit 1; }
rm -f "$work/duck.db" "$work/duck.db.wal"

# One config, two regions: the PostgreSQL source, and the CSV export as a
# file drop (cast to the same types by a column mapping) into its own table.
config="$work/bench.yaml"
cat > "$config" <<YAML
state: $work/orchestrator.db
warehouse: $work/wh
regions:
  - name: BENCH
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    source:
      kind: postgres
      host: 127.0.0.1
      port: "$pg_port"
      database: bench
      user: etl
      password_env: BENCH_PG_PASSWORD
    task:
      type: ingest
    tables:
      - name: sales.deals
        target: sales.deals
        primary_key: deal_id
        cursor: updated_at
        partition_by: sale_date
        partition_granularity: day
        cluster_by: [region]
  - name: BENCH_CSV
    time_zone: UTC
    schedule: "0 5 * * *"
    deadline: "08:00"
    source:
      kind: csv
      directory: $work/csv
      stable_seconds: "0"
    task:
      type: ingest
    tables:
      - name: deals.csv
        target: sales.deals_csv
        primary_key: deal_id
        partition_by: sale_date
        partition_granularity: day
        cluster_by: [region]
        columns:
          deal_id: CAST(deal_id AS bigint)
          region: region
          account: account
          product_family: product_family
          stage: stage
          sale_date: CAST(sale_date AS date)
          amount: CAST(amount AS numeric(12,2))
          currency: currency
          updated_at: CAST(updated_at AS timestamp)
YAML
"$tributary" validate-config "$config" >/dev/null

# summary NAME: "status rows_read MB_read MB_written" of the one table in
# the summary table `tributary ingest` printed to $work/NAME.out.
summary() {
  awk -F'|' 'seen { gsub(/ MB/, ""); for (i = 1; i <= NF; i++) gsub(/^ +| +$/, "", $i); print $3, $4, $8, $9; exit }
             /^-+(-\+-+)+-$/ { seen = 1 }' "$work/$1.out"
}
wh_sum() {  # count and sum(amount) of a warehouse table, as PostgreSQL prints them
  "$tributary" sql --warehouse "$work/wh" -c "SELECT count(*) || ' ' || sum(amount) FROM $1" |
    awk 'NR == 3 { gsub(/^ +| +$/, ""); print }'
}

log "Tributary: CSV file drop -> warehouse"
timed ingest_csv "$tributary" ingest --config "$config" --region BENCH_CSV
read -r csv_status csv_read csv_rmb csv_wmb <<< "$(summary ingest_csv)"
got="$(wh_sum sales.deals_csv)"
[ "$got" = "$pg_expected" ] || { echo "bench: CSV ingest loaded [$got], PostgreSQL has [$pg_expected]" >&2; exit 1; }

log "Tributary: PostgreSQL -> warehouse, initial load"
timed ingest_full "$tributary" ingest --config "$config" --region BENCH
read -r full_status full_read full_rmb full_wmb <<< "$(summary ingest_full)"
got="$(wh_sum sales.deals)"
[ "$got" = "$pg_expected" ] || { echo "bench: ingest loaded [$got], PostgreSQL has [$pg_expected]" >&2; exit 1; }
table_mb="$(du -sb "$work/wh/sales/deals" | awk '{ printf "%.1f", $1 / 1e6 }')"

log "updating 1% of the rows at the source"
# Every 100th deal, so the changes fall on every day and region: the MERGE
# touches every partition, the hard case for copy-on-write.
psql_admin -c "UPDATE sales.deals SET stage = 'closed_won', amount = amount + 1,
  updated_at = TIMESTAMP '2026-02-01 00:00:00' + deal_id % 86400 * interval '1 second' WHERE deal_id % 100 = 0" \
  -c "VACUUM ANALYZE sales.deals"
pg_expected2="$(pg_sum)"
changed=$((rows / 100))

log "Tributary: PostgreSQL -> warehouse, incremental load"
timed ingest_incr "$tributary" ingest --config "$config" --region BENCH
read -r incr_status incr_read incr_rmb incr_wmb <<< "$(summary ingest_incr)"
got="$(wh_sum sales.deals)"
[ "$got" = "$pg_expected2" ] || { echo "bench: incremental load left [$got], PostgreSQL has [$pg_expected2]" >&2; exit 1; }
[ "$full_read" = "$rows" ] || { echo "bench: the initial load read $full_read rows, expected $rows" >&2; exit 1; }

# Report.
csv_mb="$(awk -v b="$csv_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
mbs() {  # mbs ROWS SECONDS: MB/s of those rows' share of the CSV export
  awk -v n="$1" -v s="$2" -v b="$csv_bytes" -v all="$rows" 'BEGIN { printf "%.1f", b * n / all / 1e6 / s }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
fmt_rows() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
row() {  # row LABEL NAME ROWS PEAK_RSS_TEXT: one line of the main table
  local label="$1" name="$2" n="$3" rss="$4"
  local s="${seconds[$name]}"
  echo "| $label | $(fmt_rows "$n") | $s | $(fmt_rows "$(rate "$n" "$s")") | $(mbs "$n" "$s") | $(ratio "${seconds[ingest_full]}" "$s") | $rss |"
}
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
mem_gb="$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
out="$here/results/ingest-$(date +%Y-%m-%d).md"
mkdir -p "$here/results"
{
  echo "# Ingestion benchmark $(date +%Y-%m-%d)"
  echo
  echo "$(fmt_rows "$rows") rows of \`sales.deals\` (9 columns; $pg_table_mb MB in PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'), $csv_mb MB as CSV) on $(nproc) cores ($cpu), $mem_gb GB of memory; load average $load_start before the first measurement and $(cut -d' ' -f1-3 /proc/loadavg) at the end. Wall clock around each whole command; MB/s are of the CSV export's bytes ($csv_mb MB for the whole table) on every line, so they compare. Tributary writes Parquet partitioned by day (365 days) and clustered by region, merged on deal_id; it runs with $threads threads, and so does DuckDB. PostgreSQL runs on the same machine, so its backend shares the cores with each client."
  echo
  echo "| load | rows | seconds | rows/s | MB/s | Tributary ingest's time ÷ this | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|"
  row "**Tributary ingest, PostgreSQL → warehouse, initial load**" ingest_full "$rows" "${rss_mb[ingest_full]}"
  row "PostgreSQL \`\\copy sales.deals TO\` CSV file (psql, loopback TCP) — the baseline" copy_client "$rows" "psql ${rss_mb[copy_client]}, backend $backend_client_mb"
  row "PostgreSQL server-side \`COPY sales.deals TO\` CSV file" copy_server "$rows" "backend $backend_server_mb (psql ${rss_mb[copy_server]})"
  row "DuckDB: CSV → native table with primary key, CHECKPOINT (${duck_inner} s inside node)" duckdb "$rows" "${rss_mb[duckdb]}"
  row "Tributary ingest, the same CSV as a file drop → warehouse" ingest_csv "$rows" "${rss_mb[ingest_csv]}"
  row "Tributary ingest, incremental after 1% of rows changed" ingest_incr "$incr_read" "${rss_mb[ingest_incr]}"
  echo
  echo "Above 1 in the ratio column, that command took that many times less time than Tributary's initial load. The incremental's rows are those it read, its MB/s their share of the CSV. A PostgreSQL backend's peak RSS counts the pages of shared_buffers (256 MB) it touched."
  echo
  echo "Tributary ingest's own summary:"
  echo
  echo "| run | status | rows read | MB read from the source | MB written |"
  echo "|---|---|---|---|---|"
  echo "| PostgreSQL, initial load | $full_status | $full_read | $full_rmb | $full_wmb |"
  echo "| PostgreSQL, incremental ($changed rows updated: every 100th deal, on every day and region) | $incr_status | $incr_read | $incr_rmb | $incr_wmb |"
  echo "| CSV file drop | $csv_status | $csv_read | $csv_rmb | $csv_wmb |"
  echo
  echo "The target table took $table_mb MB on disk after the initial load (Parquet data and Iceberg metadata). Every engine's count(*) and sum(amount) were checked equal to PostgreSQL's, after the incremental load too."
} > "$out"
cat "$out"
