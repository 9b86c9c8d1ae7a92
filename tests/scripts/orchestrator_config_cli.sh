#!/usr/bin/env bash
# `tributary validate-config` accepts the example and lists every problem of
# a broken file as file:line:col; `tributary schedule` shows a day's runs in
# local time and UTC, across Berlin's spring-forward night.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
src="${TRIBUTARY_SOURCE_DIR:?}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

example="$src/examples/sales.yaml"
out="$("$bin" validate-config "$example")" || fail "validate-config rejected the example"
[[ "$out" == "$example: OK (4 regions, 1 refresh)" ]] || fail "unexpected output: $out"

cat > "$dir/broken.yaml" <<'YAML'
workers: 2
wokers: 3
regions:
  - name: EMEA
    time_zone: Europe/Berln
    schedule: "0 25 * * *"
    deadline: "08:00"
    timeout: 5x
    task: {type: sql}
refresh:
  - name: daily
    depends_on: [EMEA, AMER]
    deadline: "09:00"
    task: {type: sql, sql: SELECT 1}
YAML
if "$bin" validate-config "$dir/broken.yaml" > "$dir/out" 2> "$dir/err"; then fail "a broken config validated"; fi
[[ ! -s "$dir/out" ]] || fail "errors went to stdout: $(cat "$dir/out")"
f="$dir/broken.yaml"
expected="$f:2:1: unknown key \"wokers\" (did you mean \"workers\"?)
$f:5:16: region \"EMEA\": time_zone: unknown time zone \"Europe/Berln\"
$f:6:15: region \"EMEA\": schedule: cron \"0 25 * * *\": hour 25 is out of range 0-23
$f:8:14: region \"EMEA\": timeout: bad duration \"5x\": unknown unit \"x\" (expected d, h, m, s or ms)
$f:9:11: region \"EMEA\": task: a sql task needs \"sql\"
$f:12:24: refresh \"daily\": depends_on[1]: unknown region or refresh \"AMER\""
[[ "$(cat "$dir/err")" == "$expected" ]] || fail "unexpected errors:
$(cat "$dir/err")
expected:
$expected"

if "$bin" validate-config "$dir/missing.yaml" 2> "$dir/err"; then fail "a missing file validated"; fi
grep -qF "$dir/missing.yaml: file does not exist" "$dir/err" || fail "unclear error: $(cat "$dir/err")"

# 2026-03-29: Berlin is on CEST from 01:00Z, so EMEA's 05:00 is 03:00Z (04:00Z
# the day before); Los Angeles is on PDT, AMER's 05:00 is 12:00Z.
out="$("$bin" schedule "$example" --date 2026-03-29)" || fail "schedule failed"
line() { grep -E "^$1 " <<<"$out" || fail "no $1 row in: $out"; }
line EMEA | grep -qE "2026-03-29 05:00 CEST +2026-03-29 03:00Z +2026-03-29 08:00 CEST +2026-03-29 06:00Z" ||
  fail "EMEA times wrong: $(line EMEA)"
line AMER | grep -qE "2026-03-29 05:00 PDT +2026-03-29 12:00Z +2026-03-29 08:00 PDT +2026-03-29 15:00Z" ||
  fail "AMER times wrong: $(line AMER)"
line APAC | grep -qE "2026-03-29 05:00 [+]08 +2026-03-28 21:00Z" || fail "APAC times wrong: $(line APAC)"
line LATAM | grep -qE "2026-03-29 05:00 -03 +2026-03-29 08:00Z" || fail "LATAM times wrong: $(line LATAM)"
line global_daily | grep -qE "2026-03-28 +2026-03-29 12:40 UTC +2026-03-29 12:40Z +2026-03-29 16:00 UTC +2026-03-29 16:00Z" ||
  fail "global_daily times wrong: $(line global_daily)"
out="$("$bin" schedule "$example" --date 2026-03-28)"
line EMEA | grep -qE "2026-03-28 05:00 CET +2026-03-28 04:00Z" || fail "EMEA before the switch wrong: $(line EMEA)"
# 2026-11-01: Los Angeles falls back to PST at 09:00Z; AMER's 05:00 is 13:00Z.
out="$("$bin" schedule "$example" --date 2026-11-01)"
line AMER | grep -qE "2026-11-01 05:00 PST +2026-11-01 13:00Z +2026-11-01 08:00 PST +2026-11-01 16:00Z" ||
  fail "AMER after the fall-back wrong: $(line AMER)"

if "$bin" schedule "$example" --date 2026-02-30 2> "$dir/err"; then fail "a bad date was accepted"; fi
grep -qF 'error: --date: expected a date as YYYY-MM-DD, got "2026-02-30"' "$dir/err" || fail "unclear error: $(cat "$dir/err")"
if "$bin" schedule "$dir/broken.yaml" --date 2026-03-29 2> "$dir/err"; then fail "schedule of a broken config ran"; fi
grep -qF "$dir/broken.yaml:2:1: unknown key" "$dir/err" || fail "schedule did not list errors: $(cat "$dir/err")"
echo "orchestrator_config_cli: ok"
