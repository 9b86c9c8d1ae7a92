// Star Schema Benchmark: the 13 SSB queries on Tributary and on DuckDB, same
// data, same machine, same run, both limited to the same number of threads.
//
//   node bench/ssb_bench.mjs run --tributary BUILD/tributary --driver BUILD/bench/ssb_bench
//        --work DIR [--scale SF] [--reps R] [--threads T] [--out FILE.md] [--reuse]
//
// 1. `tributary gen ssb --scale SF --format csv` writes the five tables as
//    CSV and loads them into a Tributary warehouse (ssb.*). With --reuse, data
//    already generated in DIR at the same scale is used as it is.
// 2. DuckDB loads the same CSVs into native tables of the same column types
//    in a database file (DIR/duckdb.db), in a child process (load time is
//    reported, not compared).
// 3. Each query of tests/differential/ssb_queries.sql runs in a fresh process
//    per engine: Tributary through bench/ssb_bench (the embedding API,
//    DatabaseOptions::threads = T), DuckDB through @duckdb/node-api with
//    SET threads = T. Each process runs the query once to warm up, then R
//    times, and reports the best wall time measured inside the process (no
//    process startup), its peak RSS (getrusage; DuckDB's includes node,
//    whose idle baseline is reported) and the result rows. Tributary also
//    reports the query's bytes scanned (QueryMetrics).
// 4. The two engines' results must agree for every query (cells compared as
//    text, in order when the query has ORDER BY), else the run fails.
// The table of per-query times, ratios (Tributary/DuckDB, above 1 means
// Tributary is slower), geometric means, bytes scanned and peak RSS is
// printed and written to FILE.md.
//
// `duckdb-load DB CSVDIR`, `duckdb-query DB SQLFILE REPS THREADS` and
// `duckdb-baseline DB` are the child-process modes of `run`.

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA, loadSsbIntoDuckDB, loadSsbQueries } from '../tests/differential/ssb_duckdb.mjs';

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

function duckText(v) {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? v.toString() : String(v);
}

async function open(db, readOnly) {
  const instance = await DuckDBInstance.create(db, readOnly ? { access_mode: 'READ_ONLY' } : {});
  return instance.connect();
}

async function duckdbLoad(db, csvDir) {
  const con = await open(db, false);
  const t0 = process.hrtime.bigint();
  await loadSsbIntoDuckDB(con, csvDir);
  await con.run('CHECKPOINT');
  const s = seconds(t0);
  const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${SCHEMA}.lineorder`)).getRows()[0][0]);
  console.log(JSON.stringify({ seconds: s, lineorder_rows: rows, peak_rss_kb: process.resourceUsage().maxRSS }));
}

async function duckdbQuery(db, sqlFile, reps, threads) {
  const con = await open(db, true);
  await con.run(`SET threads = ${Number(threads)}`);
  const sql = fs.readFileSync(sqlFile, 'utf8');
  await con.runAndReadAll(sql);  // warm-up: the buffer pool and the page cache
  const runs = [];
  let best, bestRows;
  for (let i = 0; i < Number(reps); i++) {
    const t0 = process.hrtime.bigint();
    const reader = await con.runAndReadAll(sql);
    const rows = reader.getRows();
    const s = seconds(t0);
    runs.push(s);
    if (best === undefined || s < best) { best = s; bestRows = rows; }
  }
  console.log(JSON.stringify({ seconds: best, runs, rows: bestRows.map((r) => r.map(duckText)), peak_rss_kb: process.resourceUsage().maxRSS }));
}

async function duckdbBaseline(db) {
  const con = await open(db, true);
  await con.runAndReadAll('SELECT 1');
  const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
  console.log(JSON.stringify({ peak_rss_kb: process.resourceUsage().maxRSS, version }));
}

function runJson(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.error ?? ''}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/// Bytes under `p`; 0 when it is gone (a reused work directory whose CSVs were deleted).
function duBytes(p) {
  let total = 0;
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  for (const e of fs.readdirSync(p)) total += duBytes(path.join(p, e));
  return total;
}

/// Null when the results agree, else what differs.
function compare(sql, ours, theirs) {
  const key = (rows) => rows.map((r) => JSON.stringify(r));
  const a = key(ours), e = key(theirs);
  if (!/\border\s+by\b/i.test(sql)) { a.sort(); e.sort(); }
  if (a.length !== e.length) return `row count: Tributary ${a.length}, DuckDB ${e.length}`;
  const diff = a.findIndex((row, i) => row !== e[i]);
  return diff >= 0 ? `row ${diff + 1}: Tributary ${a[diff]}, DuckDB ${e[diff]}` : null;
}

const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

async function run(opts) {
  const self = fileURLToPath(import.meta.url);
  const scale = String(opts.scale ?? '10');
  const reps = Number(opts.reps ?? 3);
  const threads = Number(opts.threads ?? 2);
  const work = path.resolve(opts.work);
  const tributary = path.resolve(opts.tributary);
  const driver = path.resolve(opts.driver);
  const log = (s) => console.error(`[ssb-bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
  const csvDir = path.join(work, 'csv');
  const warehouse = path.join(work, 'warehouse');
  const db = path.join(work, 'duckdb.db');
  const marker = path.join(work, 'generated-scale');
  const queries = loadSsbQueries();
  if (queries.size !== 13) throw new Error(`expected 13 queries in ssb_queries.sql, found ${queries.size}`);

  let genSeconds = null, load = null;
  const reuse = opts.reuse && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === scale && fs.existsSync(db);
  if (reuse) {
    log(`reusing SF ${scale} data in ${work}`);
  } else {
    // A warehouse left from another run would be appended to.
    for (const p of [csvDir, warehouse, db, `${db}.wal`, marker]) fs.rmSync(p, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    log(`tributary gen ssb --scale ${scale} (CSV and warehouse)`);
    const t0 = process.hrtime.bigint();
    const gen = spawnSync(tributary, ['gen', 'ssb', '--scale', scale, '--format', 'csv', '--out', csvDir, '--warehouse', warehouse], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`tributary gen ssb failed: ${gen.stderr}`);
    genSeconds = seconds(t0);
    log(`DuckDB loads the CSVs into ${db}`);
    load = runJson(process.execPath, [self, 'duckdb-load', db, csvDir]);
    fs.writeFileSync(marker, scale + '\n');
  }
  const baseline = runJson(process.execPath, [self, 'duckdb-baseline', db]);
  const lineorderRows = Number((await (await open(db, true)).runAndReadAll(`SELECT count(*) FROM ${SCHEMA}.lineorder`)).getRows()[0][0]);

  const sqlDir = path.join(work, 'queries');
  fs.mkdirSync(sqlDir, { recursive: true });
  const results = [];
  const mismatches = [];
  for (const [name, sql] of queries) {
    const file = path.join(sqlDir, `${name}.sql`);
    fs.writeFileSync(file, sql + '\n');
    log(`${name}: Tributary`);
    const o = runJson(driver, [warehouse, file, String(reps), String(threads)]);
    log(`${name}: DuckDB`);
    const d = runJson(process.execPath, [self, 'duckdb-query', db, file, String(reps), String(threads)]);
    const diff = compare(sql, o.rows, d.rows);
    if (diff) mismatches.push(`${name}: ${diff}`);
    log(`${name}: Tributary ${o.seconds.toFixed(3)} s, DuckDB ${d.seconds.toFixed(3)} s, ratio ${(o.seconds / d.seconds).toFixed(2)}${diff ? `, MISMATCH ${diff}` : ''}`);
    results.push({ name, ours: o, duck: d, rows: d.rows.length, match: !diff });
  }

  const fmt = (x, n = 2) => x.toFixed(n);
  const mb = (b) => b / 1e6;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [];
  lines.push(`# SSB benchmark ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push(`Star Schema Benchmark at scale factor ${scale} (${lineorderRows.toLocaleString('en-US')} lineorder rows), generated by \`tributary gen ssb\`; DuckDB ${baseline.version} loaded the same CSVs into native tables of the same types. ${threads} threads each (DuckDB \`SET threads = ${threads}\`, Tributary \`DatabaseOptions::threads = ${threads}\`); each query in a fresh process per engine, warmed up once, best of ${reps}, timed inside the process. ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM.`);
  lines.push('');
  lines.push('| query | rows | Tributary s | DuckDB s | ratio ours/DuckDB | bytes scanned (ours) | row groups read | peak RSS ours MB | peak RSS DuckDB MB | results agree |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.rows} | ${fmt(r.ours.seconds, 3)} | ${fmt(r.duck.seconds, 3)} | ${fmt(r.ours.seconds / r.duck.seconds)} | ${fmt(mb(r.ours.bytes_scanned), 1)} MB | ${r.ours.row_groups_read}/${r.ours.row_groups_total} | ${fmt(r.ours.peak_rss_kb / 1024, 0)} | ${fmt(r.duck.peak_rss_kb / 1024, 0)} | ${r.match ? 'yes' : '**no**'} |`);
  }
  const gOurs = geomean(results.map((r) => r.ours.seconds));
  const gDuck = geomean(results.map((r) => r.duck.seconds));
  const gRatio = geomean(results.map((r) => r.ours.seconds / r.duck.seconds));
  const maxRss = (side) => Math.max(...results.map((r) => r[side].peak_rss_kb)) / 1024;
  const worst = results.reduce((a, b) => (b.ours.seconds / b.duck.seconds > a.ours.seconds / a.duck.seconds ? b : a));
  lines.push(`| **geometric mean** | | **${fmt(gOurs, 3)}** | **${fmt(gDuck, 3)}** | **${fmt(gRatio)}** | ${fmt(mb(geomean(results.map((r) => Math.max(1, r.ours.bytes_scanned)))), 1)} MB | | max ${fmt(maxRss('ours'), 0)} | max ${fmt(maxRss('duck'), 0)} | |`);
  lines.push('');
  lines.push(`Ratios above 1 mean Tributary is slower. Largest ratio: ${worst.name} (${fmt(worst.ours.seconds / worst.duck.seconds)}×); ${results.filter((r) => r.ours.seconds / r.duck.seconds > 5).length} queries over 5×. Bytes scanned are the compressed Parquet column-chunk bytes Tributary read after pruning. DuckDB's peak RSS includes node and the DuckDB library: an idle process that opens the database peaks at ${fmt(baseline.peak_rss_kb / 1024, 0)} MB.`);
  lines.push('');
  lines.push(`Data on disk: Tributary warehouse ${fmt(mb(duBytes(warehouse)), 0)} MB (Parquet), DuckDB database ${fmt(mb(duBytes(db)), 0)} MB, CSV ${fmt(mb(duBytes(csvDir)), 0)} MB.` +
    (genSeconds !== null ? ` Generation (CSV and warehouse load) took ${fmt(genSeconds, 1)} s; DuckDB's CSV load ${fmt(load.seconds, 1)} s.` : ''));
  lines.push('');
  lines.push(mismatches.length === 0 ? 'Both engines returned the same rows for all 13 queries.' : `Results differ: ${mismatches.join('; ')}`);
  const md = lines.join('\n') + '\n';
  console.log(md);
  if (opts.out) {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, md);
    log(`written to ${opts.out}`);
  }
  if (mismatches.length) {
    console.error(`ssb bench: results differ from DuckDB for ${mismatches.length} queries`);
    process.exit(1);
  }
}

const [mode, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i++) {
  if (!rest[i].startsWith('--')) continue;
  const next = rest[i + 1];
  if (next === undefined || next.startsWith('--')) opts[rest[i].slice(2)] = true;
  else opts[rest[i].slice(2)] = rest[++i];
}
if (mode === 'duckdb-load') await duckdbLoad(rest[0], rest[1]);
else if (mode === 'duckdb-query') await duckdbQuery(rest[0], rest[1], rest[2], rest[3]);
else if (mode === 'duckdb-baseline') await duckdbBaseline(rest[0]);
else if (mode === 'run' && opts.tributary && opts.driver && opts.work) await run(opts);
else {
  console.error('usage: node bench/ssb_bench.mjs run --tributary BIN --driver BIN --work DIR [--scale SF] [--reps R] [--threads T] [--out FILE.md] [--reuse]');
  process.exit(2);
}
