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
import { fileURLToPath } from 'node:url';

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
const here = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA = 'ssb';
const TABLES = ['lineorder', 'customer', 'supplier', 'part', 'date'];

// Column types exactly as `tributary gen ssb` declares them.
const INT = 'INTEGER', TEXT = 'VARCHAR', DATE = 'DATE';
const DDL = {
  lineorder: [['lo_orderkey', 'BIGINT'], ['lo_linenumber', INT], ['lo_custkey', INT], ['lo_partkey', INT],
    ['lo_suppkey', INT], ['lo_orderdate', DATE], ['lo_orderpriority', TEXT], ['lo_shippriority', TEXT],
    ['lo_quantity', INT], ['lo_extendedprice', INT], ['lo_ordtotalprice', INT], ['lo_discount', INT],
    ['lo_revenue', INT], ['lo_supplycost', INT], ['lo_tax', INT], ['lo_commitdate', DATE], ['lo_shipmode', TEXT]],
  customer: [['c_custkey', INT], ['c_name', TEXT], ['c_address', TEXT], ['c_city', TEXT], ['c_nation', TEXT],
    ['c_region', TEXT], ['c_phone', TEXT], ['c_mktsegment', TEXT]],
  supplier: [['s_suppkey', INT], ['s_name', TEXT], ['s_address', TEXT], ['s_city', TEXT], ['s_nation', TEXT],
    ['s_region', TEXT], ['s_phone', TEXT]],
  part: [['p_partkey', INT], ['p_name', TEXT], ['p_mfgr', TEXT], ['p_category', TEXT], ['p_brand1', TEXT],
    ['p_color', TEXT], ['p_type', TEXT], ['p_size', INT], ['p_container', TEXT]],
  date: [['d_datekey', DATE], ['d_date', TEXT], ['d_dayofweek', TEXT], ['d_month', TEXT], ['d_year', INT],
    ['d_yearmonthnum', INT], ['d_yearmonth', TEXT], ['d_daynuminweek', INT], ['d_daynuminmonth', INT],
    ['d_daynuminyear', INT], ['d_monthnuminyear', INT], ['d_weeknuminyear', INT], ['d_sellingseason', TEXT],
    ['d_lastdayinweekfl', INT], ['d_lastdayinmonthfl', INT], ['d_holidayfl', INT], ['d_weekdayfl', INT]],
};

/// "-- Qx.y" → query text, FROM-list tables qualified with the schema.
function loadQueries() {
  const text = fs.readFileSync(path.join(here, 'ssb_queries.sql'), 'utf8');
  const queries = new Map();
  let name = null, body = [];
  const flush = () => { if (name) queries.set(name, qualify(body.join('\n').trim().replace(/;\s*$/, ''))); };
  for (const line of text.split('\n')) {
    const m = line.match(/^--\s*(Q\d\.\d)\s*$/);
    if (m) { flush(); name = m[1]; body = []; } else if (name && !line.startsWith('--')) body.push(line);
  }
  flush();
  return queries;
}
function qualify(sql) {
  return sql.replace(/(\bfrom\s+)([\s\S]*?)(\s+where\b)/i, (_, from, list, where) =>
    from + list.split(',').map((t) => `${SCHEMA}.${t.trim()}`).join(', ') + where);
}

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

const queries = loadQueries();
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
await duck.run(`CREATE SCHEMA ${SCHEMA}`);
for (const t of TABLES) {
  const cols = DDL[t].map(([n, ty]) => `${n} ${ty} NOT NULL`).join(', ');
  await duck.run(`CREATE TABLE ${SCHEMA}."${t}" (${cols})`);
  await duck.run(`COPY ${SCHEMA}."${t}" FROM '${path.join(csvDir, t + '.csv')}' (HEADER, DELIMITER ',', QUOTE '"')`);
}

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
