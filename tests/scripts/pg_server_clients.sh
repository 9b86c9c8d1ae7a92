#!/usr/bin/env bash
# `tributary serve` speaks the PostgreSQL wire protocol to real clients:
# psql (scripted) and psycopg2 connect with SCRAM-SHA-256, run statements,
# get rows with PostgreSQL's types, errors with SQLSTATEs, and a cancel.
set -euo pipefail
bin="${TRIBUTARY_BIN:?}"
dir="$(mktemp -d)"
wh="$dir/wh"
server_pid=""
tls_pid=""
started_pids=""
cleanup() {
  # Every server this script started (recorded the moment it started, so a
  # failure while it comes up cannot leave it behind).
  for pid in $started_pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$dir/server.log" ] && sed 's/^/server: /' "$dir/server.log" >&2; exit 1; }

psql_bin="$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -n 1)"
[ -x "$psql_bin" ] || fail "psql not installed (Debian postgresql-client)"

# Starts `tributary serve` on a free port with the given flags, logging to
# $1; sets started_pid and started_port. The server's output never goes to
# ctest's pipe, and a loaded machine gets 30 s to bring it up.
start_server() {
  local log="$1"
  shift
  # The log exists before the server does: the child opens it only once it
  # runs, and reading it first would end the script (set -e).
  : > "$log"
  "$bin" serve --port 0 "$@" > /dev/null 2> "$log" &
  started_pid=$!
  started_pids="$started_pids $started_pid"
  started_port=""
  for _ in $(seq 1 300); do
    started_port="$(sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$log")"
    [ -n "$started_port" ] && return 0
    sleep 0.1
  done
  fail "server did not report its port: $(cat "$log")"
}

export TRIBUTARY_ADMIN_PASSWORD="s3cret-admin"
start_server "$dir/server.log" --warehouse "$wh"
server_pid=$started_pid
port=$started_port

export PGHOST=127.0.0.1 PGPORT="$port" PGDATABASE=tributary PGUSER=admin PGPASSWORD="$TRIBUTARY_ADMIN_PASSWORD"
export PGCONNECT_TIMEOUT=10
q() { "$psql_bin" -X -v ON_ERROR_STOP=1 -At "$@"; }

# psql: DDL, a load, a query; aligned and unaligned output.
q -c "CREATE SCHEMA sales" > /dev/null
q -c "CREATE TABLE sales.deals (deal_id bigint, region text, amount numeric(12,2), closed date)" > /dev/null
q -c "INSERT INTO sales.deals VALUES (1, 'EMEA', 10.50, DATE '2026-01-05'), (2, 'APAC', 20.00, DATE '2026-01-06'),
      (3, 'EMEA', 5.25, NULL)" | grep -qx "INSERT 0 3" || fail "INSERT tag"
out="$(q -c "SELECT region, sum(amount), count(*) FROM sales.deals GROUP BY region ORDER BY region")"
[ "$out" = $'APAC|20.00|1\nEMEA|15.75|2' ] || fail "aggregate through psql: $out"
out="$(q -c "SELECT deal_id, closed FROM sales.deals WHERE closed IS NULL")"
[ "$out" = "3|" ] || fail "NULL through psql: $out"
# A script of several statements in one simple Query, and an empty one.
out="$(q -c "SELECT 1; SELECT 'two'")"
[ "$out" = $'1\ntwo' ] || fail "multi-statement query: $out"
"$psql_bin" -X -c ";" > /dev/null || fail "empty query"
# Errors keep psql's format: severity, SQLSTATE (with VERBOSITY verbose), position.
if "$psql_bin" -X -v VERBOSITY=verbose -c "SELECT * FROM sales.dealz" 2> "$dir/err"; then fail "bad table accepted"; fi
grep -qF 'ERROR:  42P01: relation "sales.dealz" does not exist' "$dir/err" || fail "error: $(cat "$dir/err")"
grep -qF 'LINE 1: SELECT * FROM sales.dealz' "$dir/err" || fail "no error position: $(cat "$dir/err")"
# Transactions: reads in a block, a write refused in it, the block then aborted.
out="$(q -c "BEGIN" -c "SELECT count(*) FROM sales.deals" -c "COMMIT")"
[ "$out" = $'BEGIN\n3\nCOMMIT' ] || fail "transaction block: $out"
if "$psql_bin" -X -v ON_ERROR_STOP=1 -c "BEGIN" -c "DELETE FROM sales.deals" 2> "$dir/err" > /dev/null; then
  fail "write inside a block accepted"
fi
grep -qF 'DELETE cannot run inside a transaction block' "$dir/err" || fail "block write error: $(cat "$dir/err")"
[ "$(q -c "SELECT count(*) FROM sales.deals")" = 3 ] || fail "refused DELETE changed rows"

# COPY over the wire: psql's \copy in and out, a bad row named by its line.
printf '10,EMEA,1.25,2026-03-01\n11,APAC,2.50,\n' > "$dir/in.csv"
q -c "CREATE TABLE sales.staged (deal_id bigint, region text, amount numeric(12,2), closed date)" > /dev/null
q -c "\\copy sales.staged FROM '$dir/in.csv' WITH (FORMAT csv)" | grep -qx "COPY 2" || fail "\\copy in"
q -c "\\copy (SELECT * FROM sales.staged ORDER BY deal_id) TO '$dir/out.csv' WITH (FORMAT csv)" > /dev/null
cmp -s "$dir/in.csv" "$dir/out.csv" || fail "\\copy round trip: $(cat "$dir/out.csv")"
printf '12,EMEA,1.00,2026-03-02\n13,EMEA,not-a-number,\n' > "$dir/bad.csv"
if "$psql_bin" -X -c "\\copy sales.staged FROM '$dir/bad.csv' WITH (FORMAT csv)" 2> "$dir/err"; then fail "bad CSV accepted"; fi
grep -qF 'line 2, column amount' "$dir/err" || fail "bad CSV error: $(cat "$dir/err")"
[ "$(q -c "SELECT count(*) FROM sales.staged")" = 2 ] || fail "a failed COPY committed rows"

# Authentication: a wrong password and an unknown user fail alike.
if PGPASSWORD=wrong "$psql_bin" -X -c "SELECT 1" 2> "$dir/err"; then fail "wrong password accepted"; fi
grep -qF 'password authentication failed for user "admin"' "$dir/err" || fail "wrong password: $(cat "$dir/err")"
if PGUSER=nobody "$psql_bin" -X -c "SELECT 1" 2> "$dir/err"; then fail "unknown user accepted"; fi
grep -qF 'password authentication failed for user "nobody"' "$dir/err" || fail "unknown user: $(cat "$dir/err")"
if PGDATABASE=other "$psql_bin" -X -c "SELECT 1" 2> "$dir/err"; then fail "unknown database accepted"; fi
grep -qF 'database "other" does not exist' "$dir/err" || fail "unknown database: $(cat "$dir/err")"
# Roles from the catalog: a LOGIN role with a password logs in as itself;
# a NOLOGIN role and an expired one fail like a wrong password.
q -c "CREATE ROLE emea_rep LOGIN PASSWORD 'rep-pass'" > /dev/null
q -c "CREATE ROLE report_reader NOLOGIN PASSWORD 'rr-pass'" > /dev/null
q -c "CREATE ROLE old_rep LOGIN PASSWORD 'old-pass' VALID UNTIL '2001-01-01'" > /dev/null
[ "$(PGUSER=emea_rep PGPASSWORD=rep-pass q -c "SELECT current_user")" = emea_rep ] || fail "emea_rep login"
for who in "report_reader:rr-pass" "old_rep:old-pass" "emea_rep:wrong"; do
  if PGUSER="${who%%:*}" PGPASSWORD="${who#*:}" "$psql_bin" -X -c "SELECT 1" 2> "$dir/err"; then fail "${who%%:*} logged in"; fi
  grep -qF "password authentication failed for user \"${who%%:*}\"" "$dir/err" || fail "${who%%:*}: $(cat "$dir/err")"
done

# Logins and failed logins are in the audit log, which only superusers read.
audit="$(q -c "SELECT user_name, event FROM tributary.audit_log WHERE event LIKE 'login%' AND user_name IN ('emea_rep', 'old_rep') ORDER BY event_time")"
grep -qx "emea_rep|login" <<<"$audit" || fail "no login in the audit log: $audit"
grep -qx "emea_rep|login failed" <<<"$audit" || fail "no failed login in the audit log: $audit"
grep -qx "old_rep|login failed" <<<"$audit" || fail "expired login not audited: $audit"
if PGUSER=emea_rep PGPASSWORD=rep-pass "$psql_bin" -X -c "SELECT * FROM tributary.audit_log" 2> "$dir/err"; then
  fail "a non-superuser read the audit log"
fi
grep -qF "permission denied" "$dir/err" || fail "audit log refusal: $(cat "$dir/err")"

# sslmode=prefer: the SSLRequest is refused and psql goes on in plaintext.
[ "$(PGSSLMODE=prefer q -c "SELECT 42")" = 42 ] || fail "sslmode=prefer"
if PGSSLMODE=require "$psql_bin" -X -c "SELECT 1" 2> "$dir/err"; then fail "sslmode=require without TLS succeeded"; fi

# TLS: a second server with a certificate; psql and psycopg2 connect with
# sslmode=verify-ca, and the session is encrypted.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 \
  -subj "/CN=127.0.0.1" 2> /dev/null || fail "openssl could not make a test certificate"
start_server "$dir/tls.log" --warehouse "$dir/tls-wh" --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem"
tls_pid=$started_pid
tls_port=$started_port
info="$(PGPORT="$tls_port" PGSSLMODE=verify-ca PGSSLROOTCERT="$dir/cert.pem" "$psql_bin" -X -c '\conninfo' -c 'SELECT 7 * 6')"
grep -qF "SSL connection (protocol: TLSv1." <<<"$info" || fail "psql is not on TLS: $info"
grep -qx " *42" <<<"$info" || fail "query over TLS: $info"
PGPORT="$tls_port" /usr/bin/python3 -c "
import os, psycopg2
c = psycopg2.connect(host='127.0.0.1', port=int(os.environ['PGPORT']), dbname='tributary', user='admin',
                     password=os.environ['PGPASSWORD'], sslmode='verify-ca', sslrootcert='$dir/cert.pem')
cur = c.cursor(); cur.execute('SELECT 1'); assert cur.fetchone() == (1,)
assert c.info.ssl_in_use if hasattr(c, 'info') else True
" || fail "psycopg2 over TLS"
kill "$tls_pid"; wait "$tls_pid" 2>/dev/null || true; tls_pid=""

# psycopg2: types, errors, transactions and cancel.
/usr/bin/python3 - <<'PY' || fail "psycopg2 checks"
import datetime, decimal, os, threading, time
import psycopg2, psycopg2.errors

dsn = dict(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]), dbname="tributary", user="admin",
           password=os.environ["PGPASSWORD"])
conn = psycopg2.connect(**dsn)
cur = conn.cursor()  # not autocommit: psycopg2 sends BEGIN first
cur.execute("SELECT deal_id, region, amount, closed FROM sales.deals WHERE deal_id <= %s ORDER BY deal_id", (2,))
rows = cur.fetchall()
assert rows == [(1, "EMEA", decimal.Decimal("10.50"), datetime.date(2026, 1, 5)),
                (2, "APAC", decimal.Decimal("20.00"), datetime.date(2026, 1, 6))], rows
assert [d.name for d in cur.description] == ["deal_id", "region", "amount", "closed"], cur.description
assert conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INTRANS
conn.commit()
try:
    cur.execute("INSERT INTO sales.deals VALUES (9, 'AMER', 1, NULL)")
    raise SystemExit("write inside psycopg2's implicit transaction was accepted")
except psycopg2.Error as e:
    assert e.pgcode == "25001", e.pgcode
conn.rollback()
conn.autocommit = True
cur.execute("INSERT INTO sales.deals VALUES (4, 'AMER', 7.00, NULL)")
assert cur.rowcount == 4 or cur.statusmessage == "INSERT 0 1", cur.statusmessage
try:
    cur.execute("SELECT 1/0")
    raise SystemExit("division by zero succeeded")
except psycopg2.errors.DivisionByZero as e:
    assert e.pgcode == "22012"
cur.execute("SELECT count(*), sum(amount) FROM sales.deals")
assert cur.fetchone() == (4, decimal.Decimal("42.75"))

# COPY through psycopg2: in from a file object, out to one.
import io
cur.copy_expert("COPY sales.staged FROM STDIN WITH (FORMAT csv)", io.StringIO("20,AMER,3.00,2026-04-01\n"))
out = io.StringIO()
cur.copy_expert("COPY (SELECT deal_id, amount FROM sales.staged WHERE deal_id = 20) TO STDOUT WITH (FORMAT csv)", out)
assert out.getvalue() == "20,3.00\n", out.getvalue()

# Cancel a long statement from another thread (CancelRequest with the key).
cur.execute("CREATE TABLE sales.n (i int)")
cur.execute("INSERT INTO sales.n VALUES " + ", ".join(f"({i})" for i in range(2000)))
def cancel_soon():
    time.sleep(0.5)
    conn.cancel()
threading.Thread(target=cancel_soon).start()
started = time.time()
try:
    cur.execute("SELECT count(*) FROM sales.n a, sales.n b, sales.n c WHERE a.i + b.i + c.i < 0")
    raise SystemExit("the long query was not cancelled")
except psycopg2.errors.QueryCanceled as e:
    assert e.pgcode == "57014"
assert time.time() - started < 30
cur.execute("SELECT 'still usable'")
assert cur.fetchone() == ("still usable",)
conn.close()
PY
# node-postgres: a pool of clients, rows with JavaScript types, an error's code.
src="${TRIBUTARY_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
cat > "$dir/pg_check.cjs" <<'JS'
const { Pool } = require(process.argv[2] + '/node_modules/pg');
(async () => {
  const pool = new Pool({ max: 4 });
  const res = await pool.query("SELECT region, count(*) AS n, sum(amount) AS total FROM sales.deals GROUP BY region ORDER BY region");
  const rows = res.rows.map((r) => `${r.region}:${r.n}:${r.total}`).join(',');
  if (rows !== 'AMER:1:7.00,APAC:1:20.00,EMEA:2:15.75') throw new Error('rows: ' + rows);
  const day = (await pool.query("SELECT DATE '2026-01-05' AS d, 1.5::float8 AS f, true AS b")).rows[0];
  if (!(day.d instanceof Date) || day.f !== 1.5 || day.b !== true) throw new Error('types: ' + JSON.stringify(day));
  const bound = await pool.query('SELECT region, amount FROM sales.deals WHERE deal_id = $1 OR region = $2 ORDER BY deal_id',
                                 [2, "it's AMER"]);
  if (bound.rows.map((r) => `${r.region}:${r.amount}`).join(',') !== 'APAC:20.00') throw new Error('params: ' + JSON.stringify(bound.rows));
  const sum = (await pool.query('SELECT $1::int + $2 AS v, $3::text IS NULL AS n', [40, 2, null])).rows[0];
  if (sum.v !== 42 || sum.n !== true) throw new Error('typed params: ' + JSON.stringify(sum));
  const all = await Promise.all([...Array(16).keys()].map((i) => pool.query(`SELECT ${i} + 1 AS v`)));
  if (all.map((r) => r.rows[0].v).join(',') !== [...Array(16).keys()].map((i) => i + 1).join(',')) throw new Error('parallel');
  try {
    await pool.query('SELECT * FROM sales.nothing');
    throw new Error('bad table accepted');
  } catch (e) {
    if (e.code !== '42P01') throw e;
  }
  await pool.end();
})().catch((e) => { console.error(e); process.exit(1); });
JS
node "$dir/pg_check.cjs" "$src" || fail "node-postgres checks"

# psql's metadata commands query pg_catalog; their output is PostgreSQL's.
q -c "CREATE TABLE public.regions (code text NOT NULL, name varchar(40))" > /dev/null
q -c "CREATE VIEW public.emea_deals AS SELECT deal_id, amount FROM sales.deals WHERE region = 'EMEA'" > /dev/null
q -c "GRANT report_reader TO emea_rep" > /dev/null
q -c "GRANT SELECT, INSERT ON public.regions TO emea_rep" > /dev/null
q -c "GRANT SELECT ON public.regions TO PUBLIC" > /dev/null
expect_meta() {
  local command="$1" expected="$2" out
  out="$("$psql_bin" -X -c "$command" 2>&1)" || fail "psql $command: $out"
  [ "$out" = "$expected" ] || fail "psql $command printed:
$out
expected:
$expected"
}
expect_meta '\l' "$(cat <<'OUT'
                                         List of databases
   Name    | Owner | Encoding | Collate | Ctype | ICU Locale | Locale Provider | Access privileges 
-----------+-------+----------+---------+-------+------------+-----------------+-------------------
 tributary | admin | UTF8     | C       | C     |            | libc            | 
(1 row)
OUT
)"
expect_meta '\dn' "$(cat <<'OUT'
List of schemas
  Name  | Owner 
--------+-------
 public | admin
 sales  | admin
(2 rows)
OUT
)"
expect_meta '\dt' "$(cat <<'OUT'
        List of relations
 Schema |  Name   | Type  | Owner 
--------+---------+-------+-------
 public | regions | table | admin
(1 row)
OUT
)"
expect_meta '\d' "$(cat <<'OUT'
          List of relations
 Schema |    Name    | Type  | Owner 
--------+------------+-------+-------
 public | emea_deals | view  | admin
 public | regions    | table | admin
(2 rows)
OUT
)"
expect_meta '\dt sales.*' "$(cat <<'OUT'
        List of relations
 Schema |  Name  | Type  | Owner 
--------+--------+-------+-------
 sales  | deals  | table | admin
 sales  | n      | table | admin
 sales  | staged | table | admin
(3 rows)
OUT
)"
expect_meta '\du' "$(cat <<'OUT'
                                 List of roles
   Role name   |                 Attributes                  |    Member of    
---------------+---------------------------------------------+-----------------
 admin         | Superuser, Create role, Bypass RLS          | {}
 emea_rep      |                                             | {report_reader}
 old_rep       | Password valid until 2001-01-01 00:00:00+00 | {}
 report_reader | Cannot login                                | {}
OUT
)"
# \dt+ adds persistence, access method and the data files' size.
out="$("$psql_bin" -X -At -c '\dt+ sales.deals' 2>&1)" || fail "psql \dt+: $out"
[[ "$out" =~ ^sales\|deals\|table\|admin\|permanent\|heap\|[0-9]+\ (bytes|kB)\|$ ]] || fail "psql \dt+: $out"
# set_config changes the session's setting as SET does; current_setting reads it.
out="$(q -c "SELECT set_config('application_name', 'metadata check', false)" -c "SHOW application_name" \
         -c "SELECT current_setting('application_name')")"
[ "$out" = $'metadata check\nmetadata check\nmetadata check' ] || fail "set_config: $out"
# The relation's ACL as PostgreSQL writes it: the owner's rights first.
[ "$(q -c "SELECT relacl FROM pg_class WHERE relname = 'regions'")" = "{admin=arwdDxt/admin,emea_rep=ar/admin,=r/admin}" ] ||
  fail "relacl: $(q -c "SELECT relacl FROM pg_class WHERE relname = 'regions'")"

# JDBC: the PostgreSQL driver from Debian, plain and prepared statements.
jdbc_jar=/usr/share/java/postgresql.jar
[ -f "$jdbc_jar" ] || fail "PostgreSQL JDBC driver not installed (Debian libpostgresql-jdbc-java)"
javac -d "$dir/jdbc" "$src/tests/scripts/jdbc/JdbcCheck.java" || fail "cannot compile the JDBC check"
java -cp "$dir/jdbc:$jdbc_jar" JdbcCheck "$port" "$PGPASSWORD" > "$dir/jdbc.out" 2>&1 || fail "JDBC: $(cat "$dir/jdbc.out")"

# pgbench: 8 clients x 1,000 queries of a custom script, zero failures.
pgbench_bin="$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)"
[ -x "$pgbench_bin" ] || fail "pgbench not installed (Debian postgresql)"
printf '%s\n' "SELECT region, count(*), sum(amount) FROM sales.deals WHERE region = 'EMEA' GROUP BY region;" > "$dir/bench.sql"
"$pgbench_bin" -n -M simple -c 8 -j 2 -t 1000 -f "$dir/bench.sql" > "$dir/pgbench.out" 2>&1 || fail "pgbench: $(cat "$dir/pgbench.out")"
grep -qE "number of transactions actually processed: 8000/8000" "$dir/pgbench.out" || fail "pgbench: $(cat "$dir/pgbench.out")"
if grep -qE "number of failed transactions: [1-9]" "$dir/pgbench.out"; then fail "pgbench failures: $(cat "$dir/pgbench.out")"; fi
grep -E "^tps" "$dir/pgbench.out" | sed 's/^/pg_server_clients: pgbench /'
# Row-level security over the wire: a rep logged in as themself sees their
# region whatever the query says; a user moved from finance to a regional
# role sees the change at their next query in the same session.
q -c "CREATE TABLE sales.rls_deals (deal_id int, region text, amount numeric(12,2))" > /dev/null
q -c "INSERT INTO sales.rls_deals VALUES (1, 'EMEA', 10), (2, 'EMEA', 20), (3, 'APAC', 30), (4, 'AMER', 40)" > /dev/null
q -c "CREATE ROLE finance" -c "CREATE ROLE apac_rep" -c "CREATE ROLE rls_dana LOGIN PASSWORD 'dana-pass'" \
  -c "GRANT finance TO rls_dana" -c "GRANT USAGE ON SCHEMA sales TO finance, apac_rep, emea_rep" \
  -c "GRANT SELECT ON sales.rls_deals TO finance, apac_rep, emea_rep" \
  -c "ALTER TABLE sales.rls_deals ENABLE ROW LEVEL SECURITY" \
  -c "CREATE POLICY finance_all ON sales.rls_deals FOR SELECT TO finance USING (true)" \
  -c "CREATE POLICY emea ON sales.rls_deals FOR SELECT TO emea_rep USING (region = 'EMEA')" \
  -c "CREATE POLICY apac ON sales.rls_deals FOR SELECT TO apac_rep USING (region = 'APAC')" > /dev/null
# \d TABLE and \dp list the table's policies. PostgreSQL prints the same but
# for two things (tests/sql/KNOWN_DIFFERENCES.md): a policy's expression as
# written rather than deparsed ("region = 'APAC'" for "(region = 'APAC'::text)")
# and \dp's policies by name rather than in creation order.
expect_meta '\d sales.rls_deals' "$(cat <<'OUT'
                 Table "sales.rls_deals"
 Column  |     Type      | Collation | Nullable | Default 
---------+---------------+-----------+----------+---------
 deal_id | integer       |           |          | 
 region  | text          |           |          | 
 amount  | numeric(12,2) |           |          | 
Policies:
    POLICY "apac" FOR SELECT
      TO apac_rep
      USING (region = 'APAC')
    POLICY "emea" FOR SELECT
      TO emea_rep
      USING (region = 'EMEA')
    POLICY "finance_all" FOR SELECT
      TO finance
      USING (true)
OUT
)"
expect_meta '\dp sales.rls_deals' "$(cat <<'OUT'
                                       Access privileges
 Schema |   Name    | Type  |  Access privileges  | Column privileges |        Policies        
--------+-----------+-------+---------------------+-------------------+------------------------
 sales  | rls_deals | table | admin=arwdDxt/admin+|                   | apac (r):             +
        |           |       | finance=r/admin    +|                   |   (u): region = 'APAC'+
        |           |       | apac_rep=r/admin   +|                   |   to: apac_rep        +
        |           |       | emea_rep=r/admin    |                   | emea (r):             +
        |           |       |                     |                   |   (u): region = 'EMEA'+
        |           |       |                     |                   |   to: emea_rep        +
        |           |       |                     |                   | finance_all (r):      +
        |           |       |                     |                   |   (u): true           +
        |           |       |                     |                   |   to: finance
(1 row)
OUT
)"
out="$(PGUSER=emea_rep PGPASSWORD=rep-pass q -c "SELECT deal_id FROM sales.rls_deals ORDER BY deal_id" \
         -c "SELECT count(*) FROM sales.rls_deals WHERE 1/(CASE WHEN region <> 'EMEA' THEN 0 ELSE 1 END) = 1" \
         -c "SELECT count(*) FROM sales.rls_deals WHERE region = 'APAC'")"
[ "$out" = $'1\n2\n2\n0' ] || fail "emea_rep under row-level security: $out"
/usr/bin/python3 - <<'PY' || fail "row-level security through psycopg2"
import os
import psycopg2
base = dict(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]), dbname="tributary")
dana = psycopg2.connect(user="rls_dana", password="dana-pass", **base)
dana.autocommit = True
admin = psycopg2.connect(user="admin", password=os.environ["PGPASSWORD"], **base)
admin.autocommit = True
q = "SELECT region, count(*) FROM sales.rls_deals GROUP BY region ORDER BY region"
cur = dana.cursor()
cur.execute(q)
assert cur.fetchall() == [("AMER", 1), ("APAC", 1), ("EMEA", 2)], "finance sees all"
cur.execute(q)  # the same query again: the same answer
assert cur.fetchall() == [("AMER", 1), ("APAC", 1), ("EMEA", 2)]
a = admin.cursor()
a.execute("REVOKE finance FROM rls_dana")
a.execute("GRANT apac_rep TO rls_dana")
cur.execute(q)  # same session, same text: only APAC now
rows = cur.fetchall()
assert rows == [("APAC", 1)], rows
cur.execute("EXPLAIN " + q)
plan = "\n".join(r[0] for r in cur.fetchall())
assert "Filter (row security)" in plan and " total," not in plan, plan
dana.close()
admin.close()
PY
# Cost accounting over the wire: SET max_bytes_billed refuses a query before
# it runs (53400, naming the estimate and the limit), the same question about
# one day runs, and tributary.jobs shows both with what each was billed.
q -c "CREATE TABLE sales.daily (d date, amount bigint) PARTITION BY RANGE (d) WITH (partition_granularity = 'day')" \
  > /dev/null
q -c "INSERT INTO sales.daily VALUES $(for i in $(seq 1 9); do printf "(DATE '2026-01-0%d', %d), " "$i" "$i"; done)(DATE '2026-01-10', 10)" \
  > /dev/null
whole="$(q -c "EXPLAIN SELECT sum(amount) FROM sales.daily" | sed -n 's/^Estimated bytes billed: \([0-9]*\)$/\1/p')"
[ -n "$whole" ] && [ "$whole" -gt 0 ] || fail "EXPLAIN gave no estimate"
limit=$((whole / 2))
if "$psql_bin" -X -v VERBOSITY=verbose -c "SET max_bytes_billed = $limit" -c "SELECT sum(amount) FROM sales.daily" \
  > /dev/null 2> "$dir/err"; then
  fail "a query over max_bytes_billed ran"
fi
grep -qF "ERROR:  53400: query would scan $whole bytes, more than max_bytes_billed ($limit bytes)" "$dir/err" ||
  fail "refusal over the wire: $(cat "$dir/err")"
out="$(q -c "SET max_bytes_billed = $limit" -c "SELECT sum(amount) FROM sales.daily WHERE d = DATE '2026-01-03'" \
  -c "EXPLAIN SELECT sum(amount) FROM sales.daily" | tail -n 1)"
[ "$out" = "Estimated bytes billed: $whole (max_bytes_billed: $limit, would be refused)" ] || fail "EXPLAIN dry run: $out"
out="$(q -c "SELECT status, bytes_billed > 0, bytes_billed <= $limit, partitions_total, partitions_scanned, error
             FROM tributary.jobs WHERE statement LIKE 'SELECT sum(amount) FROM sales.daily%' ORDER BY job_id")"
[ "$out" = "ERROR|f|t|0|0|53400: query would scan $whole bytes, more than max_bytes_billed ($limit bytes)
DONE|t|t|10|1|" ] || fail "jobs over the wire: $out"
# emea_rep sees only their own jobs.
out="$(PGUSER=emea_rep PGPASSWORD=rep-pass q -c "SELECT count(*) FROM tributary.jobs WHERE user_name <> 'emea_rep'")"
[ "$out" = 0 ] || fail "emea_rep saw others' jobs: $out"

# The config file: a server-wide limit (flags still win), and a bad key
# named with its file and line.
printf '# limits\nmax_bytes_billed = %s   # bytes\nport = 1\nstatement_timeout = 5s\n' "$limit" > "$dir/serve.conf"
start_server "$dir/cfg.log" --warehouse "$wh" --config "$dir/serve.conf"
tls_pid=$started_pid
[ "$started_port" != 1 ] || fail "--port did not override the config file's port"
[ "$(PGPORT="$started_port" q -c "SHOW max_bytes_billed")" = "${limit}B" ] || fail "config max_bytes_billed"
[ "$(PGPORT="$started_port" q -c "SHOW statement_timeout")" = "5s" ] || fail "config statement_timeout"
if PGPORT="$started_port" "$psql_bin" -X -c "SELECT sum(amount) FROM sales.daily" 2> "$dir/err" > /dev/null; then
  fail "the config file's limit was not applied"
fi
grep -qF "more than max_bytes_billed ($limit bytes)" "$dir/err" || fail "config refusal: $(cat "$dir/err")"
kill "$tls_pid"; wait "$tls_pid" 2>/dev/null || true; tls_pid=""
printf 'port = 5432\nmax_bytes_biled = 10MB\n' > "$dir/bad.conf"
if "$bin" serve --warehouse "$wh" --config "$dir/bad.conf" 2> "$dir/err"; then fail "a bad config file was accepted"; fi
grep -qF "error: $dir/bad.conf:2: unknown key \"max_bytes_biled\"" "$dir/err" || fail "bad config: $(cat "$dir/err")"

echo "pg_server_clients: ok"
