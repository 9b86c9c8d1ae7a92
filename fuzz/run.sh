#!/usr/bin/env bash
# Runs every libFuzzer binary of a TRIBUTARY_FUZZ=ON build for SECONDS each,
# starting from (and adding new inputs to a scratch copy of) its checked-in
# corpus. Crashes are written to BUILD_DIR/fuzz-artifacts/<name>/; the run
# fails when any target found one.
#
#   bash fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
build="${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}"
seconds="${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}"
here="$(cd "$(dirname "$0")" && pwd)"
status=0
found=0
for src in "$here"/*_fuzzer.cpp; do
  name="$(basename "$src" .cpp)"
  bin="$build/fuzz/$name"
  if [[ ! -x "$bin" ]]; then
    echo "fuzz: $bin not built (configure with -DTRIBUTARY_FUZZ=ON under clang)" >&2
    exit 1
  fi
  found=$((found + 1))
  work="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$work" "$artifacts"
  echo "fuzz: $name for ${seconds}s (corpus $here/corpus/$name, new inputs in $work)"
  # The checked-in corpus is read only; discoveries go to the scratch corpus.
  log="$build/fuzz-$name.log"
  rc=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$here/corpus/$name" >"$log" 2>&1 || rc=$?
  grep -E 'INITED|DONE|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss|Test unit written' "$log" || true
  if [[ $rc -ne 0 ]] || grep -q 'Test unit written' "$log"; then
    echo "fuzz: $name FOUND A CRASH (exit $rc); reproducers in $artifacts, log $log" >&2
    status=1
  fi
done
if [[ $found -eq 0 ]]; then
  echo "fuzz: no *_fuzzer.cpp targets" >&2
  exit 1
fi
exit $status
