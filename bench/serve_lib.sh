# Sourced by the wire-server benchmarks: start_serve BIN WAREHOUSE LOG starts
# `tributary serve` on a free loopback port with stderr in LOG and sets
# serve_pid and serve_port; exits the script if no port is reported in 10 s.
start_serve() {
  local bin="$1" warehouse="$2" log="$3"
  : > "$log"  # exists before the server opens it: the loop below reads it at once
  "$bin" serve --warehouse "$warehouse" --port 0 2> "$log" &
  serve_pid=$!
  serve_port=""
  for _ in $(seq 1 100); do
    serve_port="$(sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$log")"
    [ -n "$serve_port" ] && return 0
    sleep 0.1
  done
  cat "$log" >&2
  exit 1
}
