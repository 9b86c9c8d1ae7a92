#!/usr/bin/env bash
# `tributary demo` end to end at a small size: it exits 0; every generated
# deal is in sales.deals once (corrections merged, not duplicated); LATAM,
# late on purpose, is flagged at risk before its deadline and recovers, and
# no other region raises an alert; nothing is quarantined or failed; APAC's
# added `channel` column reached sales.deals; the EMEA rep's dashboard query
# reads fewer bytes than finance's, and over the wire sees EMEA only.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; [[ -f "$dir/out" ]] && tail -n 40 "$dir/out" >&2; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$bin" demo --dir "$dir/demo" --deals 20000 --port "$port" > "$dir/out" 2>&1 || fail "tributary demo exited $?"

summary="$dir/demo/summary.txt"
[[ -f "$summary" ]] || fail "no summary.txt"
get() { sed -n "s/^$1=//p" "$summary"; }

[[ "$(get deals_generated)" == 20000 ]] || fail "deals_generated=$(get deals_generated)"
[[ "$(get deals_in_table)" == "$(get deals_generated)" ]] ||
  fail "sales.deals has $(get deals_in_table) rows for $(get deals_generated) deals"
[[ "$(get quarantined_tables)" == 0 ]] || fail "quarantined tables: $(get quarantined_tables)"
[[ "$(get failed_runs)" == 0 ]] || fail "failed runs: $(get failed_runs)"
[[ "$(get on_time_regions)" == 4 ]] || fail "on-time regions: $(get on_time_regions)"

fired="$(get at_risk_fired_at_us)"
deadline="$(get at_risk_deadline_us)"
[[ -n "$fired" && -n "$deadline" ]] || fail "no at_risk alert for $(get late_region)"
(( fired < deadline )) || fail "at_risk fired at $fired, not before the deadline $deadline"
[[ "$(get recovered)" == yes ]] || fail "$(get late_region) did not recover"
[[ "$(get other_alerts)" == 0 ]] || fail "other regions raised $(get other_alerts) alerts"
grep -q "ALERT at_risk: LATAM" "$dir/out" || fail "the at_risk alert was not printed"

(( $(get channel_rows) > 0 )) || fail "no rows with the added channel column"
rep="$(get rep_bytes)"
finance="$(get finance_bytes)"
(( rep > 0 && rep < finance )) || fail "rep read $rep bytes, finance $finance"
(( $(get rep_rows) < $(get finance_rows) )) || fail "rep saw $(get rep_rows) rows, finance $(get finance_rows)"

# The server is stopped when the demo exits without --serve.
if command -v psql > /dev/null; then
  [[ "$(get psql)" == "emea only" ]] || fail "psql as emea_rep: $(get psql)"
  if PGPASSWORD=emea-demo PGCONNECT_TIMEOUT=2 psql -X -h 127.0.0.1 -p "$port" -U emea_rep tributary -c 'SELECT 1' \
    > /dev/null 2>&1; then
    fail "the server still answers after the demo exited"
  fi
fi
"$bin" validate-config "$dir/demo/demo.yaml" > /dev/null || fail "demo.yaml does not validate"
echo "demo: OK ($(get seconds)s)"
