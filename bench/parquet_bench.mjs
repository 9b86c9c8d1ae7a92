// Parquet benchmark: Tributary against DuckDB on the same data, one core each.
//
//   node bench/parquet_bench.mjs run --bench BUILD/bench/parquet_bench --work DIR [--rows N] [--reps R] [--out FILE.md]
//
// 1. Tributary generates the SSB-like lineorder table (N rows, default 10M)
//    and writes it with ZSTD and with SNAPPY (122,880-row groups).
// 2. DuckDB loads Tributary's ZSTD file into an in-memory table (not timed)
//    and, with threads=1, writes it with ZSTD and SNAPPY, same row groups: so
//    both engines write identical values.
// 3. Full scans, each in a fresh process, best of R: Tributary reads every
//    column and folds every value into a per-column aggregate; DuckDB
//    (threads=1) runs one SELECT of the same aggregates (sum for integers and
//    decimals, max for dates, sum(strlen()) for strings), which forces it to
//    decode every value of every column. Both engines' aggregates must agree.
// Sizes, rows/s, MB/s (of the values' in-memory bytes) and peak RSS (each
// process's getrusage maximum; DuckDB's includes node itself, reported as
// the baseline) are printed as a table and written to FILE.md.
//
// The `duckdb-write SRC OUT CODEC` and `duckdb-scan FILE` modes are the child
// processes of `run`.

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROW_GROUP = 122880;
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const q = (name) => `"${name.replaceAll('"', '""')}"`;
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

async function connect(threads) {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  if (threads) await con.run(`SET threads = ${threads}`);
  return con;
}

async function duckdbWrite(src, out, codec) {
  const con = await connect(0);
  await con.run(`CREATE TABLE lo AS SELECT * FROM read_parquet(${lit(src)})`);
  await con.run('SET threads = 1');
  const t0 = process.hrtime.bigint();
  await con.run(`COPY lo TO ${lit(out)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${ROW_GROUP})`);
  const s = seconds(t0);
  const rows = (await con.runAndReadAll('SELECT count(*) FROM lo')).getRows()[0][0];
  console.log(JSON.stringify({ seconds: s, rows: Number(rows), file_bytes: fs.statSync(out).size, peak_rss_kb: process.resourceUsage().maxRSS }));
}

function aggregateExpr(name, type) {
  const c = q(name);
  if (type === 'DATE') return `CAST(max(${c}) - DATE '1970-01-01' AS VARCHAR)`;
  if (type === 'VARCHAR') return `CAST(sum(strlen(${c})) AS VARCHAR)`;
  return `CAST(sum(${c}) AS VARCHAR)`;
}

async function duckdbScan(file) {
  const con = await connect(1);
  const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(file)})`)).getRowObjects();
  const sql = `SELECT count(*), ${cols.map((c) => aggregateExpr(c.column_name, c.column_type)).join(', ')} FROM read_parquet(${lit(file)})`;
  const t0 = process.hrtime.bigint();
  const row = (await con.runAndReadAll(sql)).getRows()[0];
  const s = seconds(t0);
  const aggregates = Object.fromEntries(cols.map((c, i) => [c.column_name, row[i + 1]]));
  console.log(JSON.stringify({ seconds: s, rows: Number(row[0]), aggregates, file_bytes: fs.statSync(file).size, peak_rss_kb: process.resourceUsage().maxRSS }));
}

async function duckdbBaseline() {
  const con = await connect(1);
  await con.runAndReadAll('SELECT 1');
  console.log(JSON.stringify({ peak_rss_kb: process.resourceUsage().maxRSS }));
}

function runJson(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function run(opts) {
  const self = fileURLToPath(import.meta.url);
  const rows = Number(opts.rows ?? 10_000_000);
  const reps = Number(opts.reps ?? 3);
  const work = path.resolve(opts.work);
  fs.mkdirSync(work, { recursive: true });
  const f = (name) => path.join(work, name);
  const ours = (...a) => runJson(opts.bench, a);
  const duck = (...a) => runJson(process.execPath, [self, ...a]);
  const log = (s) => console.error(`[bench] ${s}`);

  const writes = {};
  for (const codec of ['zstd', 'snappy']) {
    log(`Tributary writes ${rows} rows, ${codec}`);
    writes[`tributary_${codec}`] = ours('write', f(`tributary_${codec}.parquet`), codec, String(rows));
  }
  const rawBytes = writes.tributary_zstd.raw_bytes;
  for (const codec of ['zstd', 'snappy']) {
    log(`DuckDB writes ${rows} rows, ${codec}`);
    writes[`duckdb_${codec}`] = duck('duckdb-write', f('tributary_zstd.parquet'), f(`duckdb_${codec}.parquet`), codec);
    if (writes[`duckdb_${codec}`].rows !== rows) throw new Error(`DuckDB wrote ${writes[`duckdb_${codec}`].rows} rows, expected ${rows}`);
  }

  const best = (fn) => {
    let bestRun;
    for (let i = 0; i < reps; i++) {
      const r = fn();
      if (!bestRun || r.seconds < bestRun.seconds) bestRun = r;
    }
    return bestRun;
  };
  const scans = [];
  for (const file of ['tributary_zstd', 'duckdb_zstd', 'tributary_snappy', 'duckdb_snappy']) {
    log(`scans of ${file}`);
    const o = best(() => ours('scan', f(`${file}.parquet`)));
    const d = best(() => duck('duckdb-scan', f(`${file}.parquet`)));
    for (const [col, v] of Object.entries(d.aggregates)) {
      if (o.aggregates[col] !== v) throw new Error(`${file}: column ${col} aggregate differs: Tributary ${o.aggregates[col]}, DuckDB ${v}`);
    }
    if (o.rows !== rows || d.rows !== rows) throw new Error(`${file}: rows Tributary ${o.rows}, DuckDB ${d.rows}, expected ${rows}`);
    scans.push({ file, ours: o, duck: d });
  }
  const baseline = duck('duckdb-baseline');

  const mb = (b) => b / 1e6;
  const fmt = (x, d = 2) => x.toFixed(d);
  const lines = [];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  lines.push(`# Parquet benchmark ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push(`SSB-like lineorder (src/workload), ${rows.toLocaleString('en-US')} rows, 18 columns, ${fmt(mb(rawBytes), 0)} MB of values in memory; row groups of ${ROW_GROUP}; one core each (DuckDB threads=1); ${cpu}; best of ${reps} for scans. DuckDB ${opts.duckdbVersion ?? ''}.`);
  lines.push('');
  lines.push('## File size and write throughput');
  lines.push('');
  lines.push('| codec | Tributary MB | DuckDB MB | size ours/DuckDB | Tributary write rows/s | MB/s | DuckDB write rows/s | MB/s | write speed ours/DuckDB | peak RSS ours MB | peak RSS DuckDB MB |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const codec of ['zstd', 'snappy']) {
    const o = writes[`tributary_${codec}`];
    const d = writes[`duckdb_${codec}`];
    lines.push(`| ${codec} | ${fmt(mb(o.file_bytes))} | ${fmt(mb(d.file_bytes))} | ${fmt(o.file_bytes / d.file_bytes, 3)} | ${fmt(rows / o.seconds / 1e6)} M | ${fmt(mb(rawBytes) / o.seconds, 0)} | ${fmt(rows / d.seconds / 1e6)} M | ${fmt(mb(rawBytes) / d.seconds, 0)} | ${fmt(d.seconds / o.seconds)} | ${fmt(o.peak_rss_kb / 1024, 0)} | ${fmt(d.peak_rss_kb / 1024, 0)} |`);
  }
  lines.push('');
  lines.push('DuckDB writes from an in-memory table loaded beforehand (its peak RSS includes that table); Tributary writes from the generator, timing only the writer calls.');
  lines.push('');
  lines.push('## Full-scan decode throughput (every column, every value)');
  lines.push('');
  lines.push('| file | Tributary s | rows/s | MB/s | DuckDB s | rows/s | MB/s | speed ours/DuckDB | peak RSS ours MB | peak RSS DuckDB MB |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of scans) {
    lines.push(`| ${s.file} | ${fmt(s.ours.seconds, 3)} | ${fmt(rows / s.ours.seconds / 1e6)} M | ${fmt(mb(rawBytes) / s.ours.seconds, 0)} | ${fmt(s.duck.seconds, 3)} | ${fmt(rows / s.duck.seconds / 1e6)} M | ${fmt(mb(rawBytes) / s.duck.seconds, 0)} | ${fmt(s.duck.seconds / s.ours.seconds)} | ${fmt(s.ours.peak_rss_kb / 1024, 0)} | ${fmt(s.duck.peak_rss_kb / 1024, 0)} |`);
  }
  lines.push('');
  lines.push(`Ratios above 1 mean Tributary is faster. DuckDB's RSS includes node and the DuckDB library: an idle process peaks at ${fmt(baseline.peak_rss_kb / 1024, 0)} MB. Both engines' per-column aggregates were checked equal on every file.`);
  const md = lines.join('\n') + '\n';
  console.log(md);
  if (opts.out) {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, md);
    log(`written to ${opts.out}`);
  }
}

const [mode, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i++) if (rest[i].startsWith('--')) opts[rest[i].slice(2)] = rest[++i];
if (mode === 'duckdb-write') await duckdbWrite(rest[0], rest[1], rest[2]);
else if (mode === 'duckdb-scan') await duckdbScan(rest[0]);
else if (mode === 'duckdb-baseline') await duckdbBaseline();
else if (mode === 'run') {
  const con = await connect(1);
  opts.duckdbVersion = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
  await run(opts);
} else {
  console.error('usage: node bench/parquet_bench.mjs run --bench BIN --work DIR [--rows N] [--reps R] [--out FILE.md]');
  process.exit(2);
}
