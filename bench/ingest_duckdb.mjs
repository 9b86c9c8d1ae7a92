// DuckDB's side of bench/ingest_bench.sh: loads the CSV export of
// sales.deals into a native table of the same column types (and the same
// primary key) in a fresh database file, then checkpoints so the rows are
// in the file, not only in the write-ahead log, as Tributary's are in
// Parquet when its ingest returns.
//
//   node bench/ingest_duckdb.mjs DB CSV THREADS
//
// Prints one JSON line: rows loaded, sum(amount) (checked against
// PostgreSQL's by the caller), the load's own seconds (without node's and
// the library's start-up, which the caller's wall clock includes) and peak
// RSS in kB.

import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const [db, csv, threads] = process.argv.slice(2);
if (!db || !csv || !threads) {
  console.error('usage: node bench/ingest_duckdb.mjs DB CSV THREADS');
  process.exit(2);
}
const lit = (s) => `'${s.replaceAll("'", "''")}'`;

fs.rmSync(db, { force: true });
fs.rmSync(`${db}.wal`, { force: true });
const instance = await DuckDBInstance.create(db);
const con = await instance.connect();
await con.run(`SET threads = ${Number(threads)}`);
const t0 = process.hrtime.bigint();
await con.run(`CREATE TABLE deals (
  deal_id BIGINT PRIMARY KEY, region VARCHAR, account VARCHAR, product_family VARCHAR, stage VARCHAR,
  sale_date DATE, amount DECIMAL(12,2), currency VARCHAR, updated_at TIMESTAMP)`);
await con.run(`COPY deals FROM ${lit(csv)} (FORMAT csv, HEADER)`);
await con.run('CHECKPOINT');
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const [rows, amount] = (await con.runAndReadAll('SELECT count(*), CAST(sum(amount) AS VARCHAR) FROM deals')).getRows()[0];
console.log(JSON.stringify({ rows: Number(rows), sum_amount: amount, seconds, peak_rss_kb: process.resourceUsage().maxRSS }));
