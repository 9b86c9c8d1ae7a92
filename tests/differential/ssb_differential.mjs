// SSB differential test: the 13 Star Schema Benchmark queries on Tributary
// and on DuckDB over the very same generated data, results compared exactly.
//
//   node ssb_differential.mjs --tributary PATH/tributary --work DIR
//        [--scale 0.01] [--queries Q1.1,Q2.1,...|all] [--report-all]
//
// `tributary gen ssb` writes the five tables as CSV and loads them into a
// Tributary warehouse (ssb.*); DuckDB loads the CSVs into tables of the same
// column types. Each query of ssb_queries.sql runs on both (Tributary through
// `tributary sql --format csv`), cells compared as text: row order must match
// when the query has ORDER BY and is ignored otherwise. Exits non-zero when a
// query named in --queries mismatches or fails; with --report-all the other
// queries run too and are reported without affecting the exit code.

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadSsbIntoDuckDB, loadSsbQueries } from './ssb_duckdb.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) continue;
  const next = process.argv[i + 1];
  if (next === undefined || next.startsWith('--')) args[a.slice(2)] = true;
  else args[a.slice(2)] = process.argv[++i];
}
if (!args.tributary || !args.work) {
  console.error('usage: node ssb_differential.mjs --tributary PATH --work DIR [--scale SF] [--queries LIST|all] [--report-all]');
  process.exit(2);
}
const tributary = path.resolve(args.tributary);
const work = path.resolve(args.work);
const scale = args.scale ?? '0.01';
function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/// RFC 4180 records.
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, i = 0, any = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; any = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; any = true; i++; continue; }
    if (c === '\r') { i++; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; any = false; i++; continue; }
    cell += c; any = true; i++;
  }
  if (any || cell !== '') { row.push(cell); rows.push(row); }
  return rows;
}

function duckText(v) {
  if (v === null || v === undefined) return 'NULL';
  return typeof v === 'object' ? v.toString() : String(v);
}

const queries = loadSsbQueries();
if (queries.size !== 13) { console.error(`expected 13 queries in ssb_queries.sql, found ${queries.size}`); process.exit(1); }
const wanted = !args.queries || args.queries === 'all' ? [...queries.keys()] : args.queries.split(',').filter(Boolean);
for (const q of wanted) if (!queries.has(q)) { console.error(`unknown query ${q}`); process.exit(2); }
const toRun = args['report-all'] ? [...queries.keys()] : wanted;

// A warehouse left from another run would be appended to, and the two
// engines would compare different data.
if (fs.existsSync(work) && fs.readdirSync(work).length > 0) {
  console.error(`work directory ${work} is not empty; give a fresh one`);
  process.exit(2);
}
fs.mkdirSync(work, { recursive: true });
const csvDir = path.join(work, 'csv');
const warehouse = path.join(work, 'warehouse');
const gen = run(tributary, ['gen', 'ssb', '--scale', String(scale), '--format', 'csv', '--out', csvDir, '--warehouse', warehouse]);
if (gen.status !== 0) { console.error(`tributary gen ssb failed:\n${gen.stderr}`); process.exit(1); }
process.stdout.write(gen.stdout);

const duck = await (await DuckDBInstance.create(':memory:')).connect();
await loadSsbIntoDuckDB(duck, csvDir);

let failed = 0;
for (const name of toRun) {
  const sql = queries.get(name);
  const counts = wanted.includes(name);
  const label = counts ? name : `${name} (not listed)`;
  const ours = run(tributary, ['sql', '--warehouse', warehouse, '--format', 'csv', '-c', sql]);
  let expected;
  try {
    const reader = await duck.runAndReadAll(sql);
    expected = reader.getRows().map((r) => r.map(duckText));
  } catch (e) {
    console.error(`${label}: DuckDB failed: ${e.message}`);
    if (counts) failed++;
    continue;
  }
  let verdict;
  if (ours.status !== 0) {
    verdict = `tributary failed: ${ours.stderr.trim().split('\n')[0]}`;
  } else {
    const actual = parseCsv(ours.stdout).slice(1);  // first line: column names
    const ordered = /\border\s+by\b/i.test(sql);
    const key = (rows) => rows.map((r) => JSON.stringify(r));
    const a = key(actual), e = key(expected);
    if (!ordered) { a.sort(); e.sort(); }
    const diff = a.findIndex((row, i) => row !== e[i]);
    if (a.length !== e.length) verdict = `row count: tributary ${a.length}, duckdb ${e.length}`;
    else if (diff >= 0) verdict = `row ${diff + 1}: tributary ${a[diff]}, duckdb ${e[diff]}`;
    else verdict = null;
    if (verdict === null) { console.log(`${label}: ok (${e.length} rows)`); continue; }
  }
  console.log(`${label}: MISMATCH ${verdict}`);
  if (counts) failed++;
}
console.log(failed === 0 ? 'ssb differential: all listed queries match DuckDB' : `ssb differential: ${failed} listed queries failed`);
process.exit(failed === 0 ? 0 : 1);
