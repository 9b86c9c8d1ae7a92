#!/usr/bin/env bash
# The layout a table is declared with comes back in the same syntax: from
# `tributary sql`'s \d meta-command and from `tributary inspect`; EXPLAIN
# shows how far pruning narrows a scan before it runs.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
wh="$(mktemp -d)/wh"
trap 'rm -rf "$(dirname "$wh")"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

layout="PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region, product_family')"
"$bin" sql --warehouse "$wh" -c "CREATE SCHEMA sales;
  CREATE TABLE sales.deals (deal_id bigint NOT NULL PRIMARY KEY, sale_date date, region text,
    product_family text, amount numeric(12,2)) $layout;
  INSERT INTO sales.deals VALUES (1, DATE '2026-01-05', 'EMEA', 'Cloud', 10.50),
    (2, DATE '2026-01-06', 'APAC', 'Cloud', 20.00), (3, DATE '2026-01-20', 'EMEA', 'Support', 5.25);" > /dev/null

out="$("$bin" sql --warehouse "$wh" -c '\d sales.deals')"
grep -qF "Table \"sales.deals\"" <<<"$out" || fail "no table header in: $out"
grep -qE "^ *deal_id +\| bigint +\| not null" <<<"$out" || fail "deal_id not shown as bigint not null: $out"
grep -qF "Primary key: (deal_id)" <<<"$out" || fail "primary key missing: $out"
grep -qF "Layout: $layout" <<<"$out" || fail "layout not shown in declared syntax: $out"

"$bin" sql --warehouse "$wh" -c '\d' | grep -qF "$layout" || fail "\\d does not list the layout"
lz4="PARTITION BY LIST (region) WITH (partition_granularity = 'identity', compression = 'lz4')"
"$bin" sql --warehouse "$wh" -c "CREATE TABLE sales.fast (region text) $lz4" > /dev/null
"$bin" sql --warehouse "$wh" -c '\d sales.fast' | grep -qF "Layout: $lz4" || fail "compression not shown in the layout"
"$bin" sql --warehouse "$wh" -c '\dn' | grep -qw sales || fail "\\dn does not list schema sales"
if "$bin" sql --warehouse "$wh" -c '\d sales.nope' 2> "$wh.err"; then fail "\\d of a missing table succeeded"; fi
grep -qF 'Did not find any relation named "sales.nope"' "$wh.err" || fail "unclear error: $(cat "$wh.err")"
if "$bin" sql --warehouse "$wh" -c '\x' 2> "$wh.err"; then fail "unknown meta-command succeeded"; fi
grep -qF 'invalid command \x' "$wh.err" || fail "unclear error: $(cat "$wh.err")"

"$bin" inspect --warehouse "$wh" sales.deals | grep -qF "layout (SQL): $layout" || fail "inspect does not show the layout"
"$bin" inspect --warehouse "$wh" sales.deals --format json | grep -qF "\"layout_sql\"" || fail "inspect json lacks layout_sql"

plan="$("$bin" sql --warehouse "$wh" --format csv -c "EXPLAIN SELECT sum(amount) FROM sales.deals
  WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA'")"
grep -qF "Partitions: 3 total, 1 after pruning" <<<"$plan" || fail "partition counts wrong: $plan"
grep -qF "Files: 3 total, 1 after pruning (region from EMEA to EMEA)" <<<"$plan" || fail "file counts wrong: $plan"
echo "sql_describe: ok"
