#!/usr/bin/env bash
# `tributary ingest` by hand on a CSV drop: progress and summary, a second
# load of the same date finds nothing new, a soft delete removes a key, a
# failing check quarantines the batch (exit 65) where SQL can read it, a
# held region lock is refused (exit 75), an unknown region is a config
# error (exit 78), and `tributary backfill` runs the region's `type: ingest`
# task through the scheduler for a range of dates.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { "$bin" sql --warehouse "$dir/wh" --format csv -c "$1" | tail -n +2; }

mkdir -p "$dir/drops"
cat > "$dir/sales.yaml" <<YAML
state: state.db
warehouse: wh
regions:
  - name: EMEA
    time_zone: Europe/Berlin
    schedule: "0 5 * * *"
    deadline: "08:00"
    source: {kind: csv, directory: $dir/drops, delimiter: ";", ready_marker: .done}
    task: {type: ingest}
    tables:
      - name: "deals_{{ ds }}.csv"
        target: sales.deals
        primary_key: deal_id
        cursor: updated_at
        delete_column: deleted
        columns:
          deal_id: CAST(deal_id AS bigint)
          amount: CAST(amount AS numeric(12,2))
          updated_at: CAST(updated_at AS timestamp)
    checks:
      - {name: amount_positive, type: range, table: sales.deals, columns: amount, min: 0}
YAML
printf 'deal_id;amount;updated_at;deleted\n1;10.00;2026-11-01 10:00:00;false\n2;20.00;2026-11-01 11:00:00;false\n3;30.00;2026-11-01 12:00:00;false\n' \
  > "$dir/drops/deals_2026-11-01.csv"

# Not ready without its marker: nothing to load.
out="$("$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-01 2> "$dir/err")" \
  || fail "ingest without a marker failed: $(cat "$dir/err")"
grep -q "no_new_data" <<< "$out" || fail "expected no_new_data: $out"

touch "$dir/drops/deals_2026-11-01.csv.done"
out="$("$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-01 2> "$dir/err")" \
  || fail "ingest failed: $(cat "$dir/err")"
grep -Eq "deals_\{\{ ds \}\}\.csv +\| sales\.deals +\| published +\| 3 +\| 3 " <<< "$out" || fail "summary: $out"
grep -q "merged 3 rows into sales.deals" "$dir/err" || fail "progress: $(cat "$dir/err")"
[[ "$(sql "SELECT count(*), sum(amount) FROM sales.deals")" == "3,60.00" ]] || fail "rows after the first load"

out="$("$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-01 2>/dev/null)"
grep -q "no_new_data" <<< "$out" || fail "a second load of the same file loaded again: $out"

# A soft delete of deal 2 and a correction of deal 3.
printf 'deal_id;amount;updated_at;deleted\n2;20.00;2026-11-02 09:00:00;true\n3;33.00;2026-11-02 09:00:00;false\n' \
  > "$dir/drops/deals_2026-11-02.csv"
touch "$dir/drops/deals_2026-11-02.csv.done"
"$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-02 > /dev/null 2>&1 || fail "second day"
[[ "$(sql "SELECT deal_id, amount FROM sales.deals ORDER BY deal_id" | tr '\n' ' ')" == "1,10.00 3,33.00 " ]] \
  || fail "after the soft delete: $(sql "SELECT deal_id, amount FROM sales.deals ORDER BY 1")"

# A negative amount fails the range check: quarantined, target unchanged.
printf 'deal_id;amount;updated_at;deleted\n4;-5.00;2026-11-03 09:00:00;false\n5;50.00;2026-11-03 09:00:00;false\n' \
  > "$dir/drops/deals_2026-11-03.csv"
touch "$dir/drops/deals_2026-11-03.csv.done"
set +e
out="$("$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-03 2> "$dir/err")"
code=$?
set -e
[[ $code -eq 65 ]] || fail "a quarantined batch exited $code"
grep -q "quarantined in quarantine.emea__" "$dir/err" || fail "error: $(cat "$dir/err")"
q="$(grep -o 'SELECT \* FROM quarantine\.[a-z0-9_]*' <<< "$out" | awk '{print $4}')"
[[ -n "$q" ]] || fail "no quarantine table named: $out"
[[ "$(sql "SELECT deal_id, _failed_checks FROM $q ORDER BY deal_id" | tr '\n' ' ')" == "4,amount_positive 5, " ]] \
  || fail "quarantine rows: $(sql "SELECT * FROM $q")"
[[ "$(sql "SELECT region, rows, failing_rows FROM quarantine.batches")" == "EMEA,2,1" ]] || fail "quarantine.batches"
[[ "$(sql "SELECT count(*) FROM sales.deals")" == "2" ]] || fail "the target changed"

# The region's lock is held: refused with 75, naming the holder.
exec 9> "$dir/wh/_ingest/emea.lock"
flock 9
set +e
"$bin" ingest --config "$dir/sales.yaml" --region EMEA --date 2026-11-02 > /dev/null 2> "$dir/err"
code=$?
set -e
exec 9>&-
[[ $code -eq 75 ]] || fail "a held lock exited $code: $(cat "$dir/err")"
grep -q "region EMEA is being loaded by another process" "$dir/err" || fail "lock message: $(cat "$dir/err")"

set +e
"$bin" ingest --config "$dir/sales.yaml" --region NOPE > /dev/null 2> "$dir/err"
code=$?
set -e
[[ $code -eq 78 ]] || fail "an unknown region exited $code"
grep -q "no region NOPE" "$dir/err" || fail "unknown region message: $(cat "$dir/err")"

# The scheduler runs `type: ingest` tasks: a backfill of two dates loads both.
for d in 04 05; do
  printf 'deal_id;amount;updated_at;deleted\n1%s;1.00;2026-11-%s 09:00:00;false\n' "$d" "$d" > "$dir/drops/deals_2026-11-$d.csv"
  touch "$dir/drops/deals_2026-11-$d.csv.done"
done
"$bin" backfill --config "$dir/sales.yaml" --task EMEA --from 2026-11-04 --to 2026-11-05 > "$dir/out" 2>&1 \
  || fail "backfill failed: $(cat "$dir/out")"
[[ "$(sql "SELECT deal_id FROM sales.deals WHERE deal_id > 100 ORDER BY 1" | tr '\n' ' ')" == "104 105 " ]] \
  || fail "backfilled rows: $(sql "SELECT * FROM sales.deals")"
[[ "$(sql "SELECT count(DISTINCT _run_id) FROM sales.deals WHERE deal_id > 100")" == "2" ]] || fail "run ids"

echo "1 passed, 0 failed"
