#!/usr/bin/env bash
# Installs every Debian and npm package that Tributary's build, tests and
# benchmarks need. Idempotent: a second run with everything present does no
# package-manager work and exits 0 quickly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

debian_packages=(
  # toolchain
  g++ cmake ninja-build make pkg-config git clang libclang-rt-14-dev
  # storage engine: compression, Iceberg manifests (Avro), catalog, JSON, hashing
  libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev libavro-dev libjansson-dev
  libsqlite3-dev sqlite3 libsimdjson-dev libxxhash-dev
  # SCRAM-SHA-256 authentication (OpenSSL's libcrypto)
  libssl-dev
  # SQL parser
  libpg-query-dev libprotobuf-c-dev
  # CLI, logging, time zones, line editing
  libcli11-dev libfmt-dev libhowardhinnant-date-dev libreadline-dev tzdata
  # orchestrator: YAML config, HTTP API and webhooks
  libyaml-cpp-dev libcpp-httplib-dev
  # regional sources: PostgreSQL (libpq) and MariaDB/MySQL clients; a real
  # MariaDB server for the ingestion tests (PostgreSQL's is below)
  libpq-dev libmariadb-dev mariadb-server mariadb-client
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev time valgrind
  # peer engines of the SSB benchmark (PostgreSQL is below) and its chart
  clickhouse-server clickhouse-client gnuplot-nox
  # an Avro reader independent of libavro, to check our manifests
  python3-avro
  # real PostgreSQL clients for the wire server's tests (pgbench ships with the server)
  postgresql-client postgresql python3-psycopg2 openssl libpostgresql-jdbc-java default-jdk-headless
)
# Node.js runs DuckDB, the reference engine. The machine image may already ship
# a Node.js that bundles npm; only fall back to Debian's when npm is absent.
command -v npm >/dev/null 2>&1 || debian_packages+=(nodejs npm)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages (DuckDB, the reference engine for interop and benchmarks;
# node-postgres, a client of the wire server's tests).
if [[ ! -d "$here/node_modules/@duckdb/node-api" || ! -d "$here/node_modules/pg" ]]; then
  echo "install-deps: installing npm packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

touch "$here/.deps-installed"
