#!/usr/bin/env bash
# The 13 Star Schema Benchmark queries at SF 0.1 on Tributary and on DuckDB,
# same generated data, every cell compared (tests/differential).
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node "${TRIBUTARY_SOURCE_DIR:?}/tests/differential/ssb_differential.mjs" \
  --tributary "${TRIBUTARY_BIN:?}" --work "$work/run" --scale 0.1 --queries all
