#!/usr/bin/env bash
# Parquet interop with DuckDB (the reference engine), both directions; see
# tests/interop/README.md. Fails on any value, type or coverage mismatch.
set -euo pipefail
src="${TRIBUTARY_SOURCE_DIR:?TRIBUTARY_SOURCE_DIR not set}"
bin="${TRIBUTARY_BINARY_DIR:?TRIBUTARY_BINARY_DIR not set}"
tool="$bin/tests/interop/parquet_interop_tool"
if [[ ! -x "$tool" ]]; then
  echo "duckdb_interop: $tool is not built" >&2
  exit 1
fi
if [[ ! -d "$src/node_modules/@duckdb/node-api" ]]; then
  echo "duckdb_interop: @duckdb/node-api is not installed in $src/node_modules (run npm ci)" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/tributary-interop.XXXXXX")"
trap 'rm -rf "$work"' EXIT
node "$src/tests/interop/duckdb_interop.mjs" --tool "$tool" --work "$work"
