#!/usr/bin/env bash
# kill -9 of a running orchestrator in the middle of a try: the try's process
# dies with it, a second orchestrator cannot take the state while the first
# lives, and after a restart the interrupted try is retried per its policy
# so the run completes exactly once (one line of output, one run, one
# successful try). Also pause/resume/trigger through the CLI and the HTTP API.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
dir="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [[ -f "$dir/orch.log" ]] && cat "$dir/orch.log" >&2; exit 1; }
q() { sqlite3 "$dir/state.db" "$1"; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for ((i = 0; i < limit * 10; i++)); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}

cat > "$dir/orch.yaml" <<YAML
state: state.db
http: 127.0.0.1:0
regions:
  - name: EMEA
    time_zone: Europe/Berlin
    schedule: "0 5 * * *"
    deadline: "08:00"
    retries: {attempts: 3, backoff: 1s, jitter: 0}
    task:
      type: command
      command: "sleep 3; echo \$TRIBUTARY_LOGICAL_DATE try \$TRIBUTARY_TRY >> $dir/out.txt"
YAML

"$bin" trigger --config "$dir/orch.yaml" EMEA --date 2026-03-01 > /dev/null
"$bin" orchestrate --config "$dir/orch.yaml" > "$dir/orch.log" 2>&1 &
first=$!
pids+=("$first")
wait_for 20 "the first try to start" \
  bash -c "[[ \$(sqlite3 '$dir/state.db' \"SELECT count(*) FROM tries WHERE state = 'running' AND pid > 0\" 2>/dev/null) == 1 ]]"
child=$(q "SELECT pid FROM tries WHERE state = 'running'")

# No task runs twice at once: the state belongs to the first process.
if "$bin" orchestrate --config "$dir/orch.yaml" > "$dir/second.log" 2>&1; then fail "a second orchestrator started"; fi
grep -q "is in use by another process (pid $first)" "$dir/second.log" || fail "second: $(cat "$dir/second.log")"

kill -9 "$first"
wait "$first" 2>/dev/null || true
# The try's process group went with it (PR_SET_PDEATHSIG), before writing.
wait_for 5 "the try's shell to die with the orchestrator" bash -c "! kill -0 $child 2>/dev/null"
[[ ! -e "$dir/out.txt" ]] || fail "the killed try wrote: $(cat "$dir/out.txt")"
[[ $(q "SELECT state FROM runs") == running ]] || fail "state after kill: $(q 'SELECT state FROM runs')"

"$bin" orchestrate --config "$dir/orch.yaml" >> "$dir/orch.log" 2>&1 &
second=$!
pids+=("$second")
wait_for 30 "the run to complete after the restart" bash -c "[[ \$(sqlite3 '$dir/state.db' 'SELECT state FROM runs') == success ]]"
[[ $(cat "$dir/out.txt") == "2026-03-01 try 2" ]] || fail "output: $(cat "$dir/out.txt")"
[[ $(q "SELECT count(*) FROM runs") == 1 ]] || fail "runs: $(q 'SELECT count(*) FROM runs')"
[[ $(q "SELECT group_concat(try_no || ':' || state, ' ') FROM (SELECT * FROM tries ORDER BY try_no)") == "1:interrupted 2:success" ]] \
  || fail "tries: $(q "SELECT try_no, state, error FROM tries")"
grep -q "try 1 was interrupted by a restart; retrying" "$dir/orch.log" || fail "no restart notice"

# The HTTP API of the running orchestrator: runs, regions, metrics, control.
port=$(sed -n 's/.*HTTP on port \([0-9]*\).*/\1/p' "$dir/orch.log" | tail -1)
[[ -n "$port" ]] || fail "no HTTP port in the log"
api=http://127.0.0.1:$port
curl -sf "$api/api/runs?task=EMEA" | grep -q '"logical_date":"2026-03-01","kind":"manual","state":"success"' || fail "runs: $(curl -s "$api/api/runs")"
curl -sf "$api/api/regions" | grep -q '"region":"EMEA","time_zone":"Europe/Berlin","paused":false' || fail "regions: $(curl -s "$api/api/regions")"
curl -sf "$api/metrics" | grep -q 'tributary_task_tries_total{task="EMEA",state="interrupted"} 1' || fail "metrics: $(curl -s "$api/metrics")"
curl -sf -d "" "$api/api/tasks/EMEA/pause" > /dev/null
curl -sf "$api/api/regions" | grep -q '"paused":true' || fail "pause over HTTP did not take"
[[ $(curl -s -o /dev/null -w '%{http_code}' -d "" "$api/api/tasks/NOPE/pause") == 404 ]] || fail "unknown task not 404"
"$bin" resume --config "$dir/orch.yaml" EMEA > /dev/null
wait_for 5 "resume through the state" bash -c "curl -sf '$api/api/regions' | grep -q '\"paused\":false'"

kill -TERM "$second"
wait "$second" || fail "orchestrator did not stop cleanly on SIGTERM"

# Inside `tributary serve`: a SQL task runs on the served warehouse.
cat > "$dir/serve.yaml" <<YAML
state: serve-state.db
regions:
  - name: APAC
    time_zone: Asia/Singapore
    schedule: "0 5 * * *"
    deadline: "08:00"
    task:
      type: sql
      sql: "CREATE TABLE IF NOT EXISTS loads (logical_date date, region text); INSERT INTO loads VALUES (DATE '{{ ds }}', '{{ region }}')"
YAML
"$bin" trigger --config "$dir/serve.yaml" APAC --date 2026-03-02 > /dev/null
TRIBUTARY_ADMIN_PASSWORD=pw "$bin" serve --warehouse "$dir/wh" --port 0 --orchestrator "$dir/serve.yaml" > "$dir/serve.log" 2>&1 &
server=$!
pids+=("$server")
wait_for 30 "the SQL task to land" bash -c "[[ \$(sqlite3 '$dir/serve-state.db' 'SELECT state || \" \" || rows FROM runs' 2>/dev/null) == 'success 1' ]]"
kill -TERM "$server"
wait "$server" || fail "serve did not stop cleanly: $(cat "$dir/serve.log")"
[[ $("$bin" sql --warehouse "$dir/wh" -c "SELECT logical_date, region FROM loads") == *"2026-03-02"*"APAC"* ]] \
  || fail "loads: $("$bin" sql --warehouse "$dir/wh" -c "SELECT * FROM loads")"
echo "orchestrator kill -9: ok"
