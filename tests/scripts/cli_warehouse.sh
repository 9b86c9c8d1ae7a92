#!/usr/bin/env bash
# End to end through the binary: generate a partitioned, clustered table;
# check its layout from `inspect --format json`; reload (no-op), compact,
# expire; and bad input gets a clear error and a non-zero exit.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
wh="$(mktemp -d)/wh"
trap 'rm -rf "$(dirname "$wh")"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" generate lineorder --warehouse "$wh" --rows 120000 --days 4 --start 2026-03-01 > "$wh.out"
grep -q "120000 rows in 20 files over 4 days" "$wh.out" || fail "unexpected generate output: $(cat "$wh.out")"

"$bin" inspect --warehouse "$wh" ssb.lineorder --format json > "$wh.json"
python3 - "$wh.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
assert t["cluster_keys"] == ["lo_region", "lo_custkey"], t["cluster_keys"]
assert len(t["partitions"]) == 4, t["partitions"]
seen = set()
for f in t["files"]:
    cols = {c["name"]: c for c in f["columns"]}
    region = cols["lo_region"]
    assert region["lower_bound"] == region["upper_bound"], ("file mixes regions", f["path"])
    day = f["partition"]["lo_orderdate_day"]
    assert cols["lo_orderdate"]["lower_bound"] == day == cols["lo_orderdate"]["upper_bound"], f["path"]
    assert f"lo_orderdate_day={day}/" in f["path"], f["path"]
    seen.add((day, region["lower_bound"]))
assert len(seen) == 20 == len(t["files"]), len(seen)
assert sum(p["rows"] for p in t["partitions"]) == 120000
assert all(p["files_mixing_leading_cluster_key"] == 0 for p in t["partitions"])
PY

# Loading the same data again is a no-op that says so.
"$bin" generate lineorder --warehouse "$wh" --rows 120000 --days 4 --start 2026-03-01 | grep -q "already committed" \
  || fail "reload was not detected as already committed"
# A second, different load adds a second set of small files; compaction merges them.
"$bin" generate lineorder --warehouse "$wh" --rows 60000 --days 4 --start 2026-03-01 --seed 9 > /dev/null
"$bin" compact --warehouse "$wh" ssb.lineorder | grep -q "40 files -> 20 files" || fail "compaction did not merge 40 files into 20"
"$bin" compact --warehouse "$wh" ssb.lineorder | grep -q "nothing to compact" || fail "second compaction was not a no-op"
"$bin" expire --warehouse "$wh" ssb.lineorder --retain-last 1 | grep -q "expired 2 snapshots; deleted 40 data files" \
  || fail "expire did not delete the 40 pre-compaction files"
"$bin" inspect --warehouse "$wh" ssb.lineorder | tail -n 1 | grep -q "20 files in 4 partitions, 180000 rows" \
  || fail "table totals wrong after maintenance"

# kill -9 in the middle of a commit (after the new metadata file is durable,
# before the catalog swap): the table stays at the old snapshot, and the same
# load then lands in full.
before=$("$bin" inspect --warehouse "$wh" ssb.lineorder --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["current_snapshot_id"])')
set +e
TRIBUTARY_CRASH_AT=commit.before-cas "$bin" generate lineorder --warehouse "$wh" --rows 8000 --days 4 --start 2026-03-01 --seed 11 > /dev/null 2>&1
rc=$?
set -e
[[ $rc -eq 137 ]] || fail "expected the crash point to SIGKILL generate (exit 137), got $rc"
after=$("$bin" inspect --warehouse "$wh" ssb.lineorder --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["current_snapshot_id"])')
[[ "$before" == "$after" ]] || fail "a crashed commit moved the table from $before to $after"
"$bin" generate lineorder --warehouse "$wh" --rows 8000 --days 4 --start 2026-03-01 --seed 11 | grep -q "8000 rows" \
  || fail "the load did not land after the crash"
"$bin" inspect --warehouse "$wh" ssb.lineorder | tail -n 1 | grep -q "188000 rows" || fail "rows lost or doubled after crash + retry"

# Bad input: clear error on stderr, non-zero exit, nothing created.
expect_error() {
  local pattern="$1"; shift
  if "$@" > /dev/null 2> "$wh.err"; then fail "expected failure: $*"; fi
  grep -q "$pattern" "$wh.err" || fail "error for '$*' does not mention '$pattern': $(cat "$wh.err")"
}
expect_error "not a Tributary warehouse" "$bin" inspect --warehouse "$wh/nowhere"
[[ ! -e "$wh/nowhere" ]] || fail "inspect created a warehouse"
expect_error "ssb.missing" "$bin" inspect --warehouse "$wh" ssb.missing
expect_error "unknown compression codec 'brotli'" "$bin" generate lineorder --warehouse "$wh" --codec brotli
printf 'not parquet at all' > "$wh/bad.parquet"
expect_error "bad.parquet" "$bin" parquet-dump "$wh/bad.parquet"
echo "cli_warehouse: OK"
